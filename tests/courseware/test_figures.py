"""Lesson figures are stored at sync and served by module slug with a strict file-name check."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _url(module, name):
    return reverse("courseware:figure", args=["redes-neurais", module, name])


def test_a_lesson_links_its_figures_and_they_are_served(client, course):
    html = client.get(reverse("courseware:lesson", args=["redes-neurais", "convolucionais"])).content.decode()
    assert f'src="{_url("convolucionais", "convolucao.svg")}"' in html
    response = client.get(_url("convolucionais", "convolucao.svg"))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response.content.lstrip().startswith((b"<?xml", b"<svg"))


@pytest.mark.parametrize("name", ["..%2Flesson.md", "convolucao.svg.exe", "Convolucao.svg", "nope.svg", "x.py"])
def test_other_names_are_not_found(client, course, name):
    assert client.get(f"/courses/redes-neurais/convolucionais/figures/{name}").status_code == 404


def test_a_figure_of_another_module_is_not_served_under_this_one(client, course):
    assert client.get(_url("perceptron", "convolucao.svg")).status_code == 404
