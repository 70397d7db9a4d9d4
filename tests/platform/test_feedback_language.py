"""A verdict reads in the language of whoever views it, not the one it was graded in.

A student grades once with the interface in Portuguese; switching the interface to English (the
language switcher of every page) switches the old verdict too: on its page, in the API and, for an
instructor, in the admin. Verdicts stored before feedback was data still read as they were stored.
"""

import os

import pytest
from django.urls import reverse

from exercises import services
from exercises.models import Submission
from grader import grading
from grader.sandbox.client import Zygote, temporary_config

from .sources import NAIVE_SOFTMAX

pytestmark = pytest.mark.django_db

ENGLISH = ("checks passed", "non-finite values (NaN or inf)")
PORTUGUESE = ("verificações aprovadas", "valores não finitos (NaN ou inf)")


@pytest.fixture
def graded_in_portuguese(student, softmax_exercise):
    submission = services.submit(student, softmax_exercise, NAIVE_SOFTMAX, language="pt-br")
    uid_base = 62000 + (os.getpid() % 500) * 4  # uids of our own: other sandboxes on this host use the default
    with Zygote(temporary_config(uid_base=uid_base)) as zygote:
        assert grading.grade_submission(submission.pk, zygote) == "graded"
    submission.refresh_from_db()
    assert PORTUGUESE[0] in submission.message  # graded in Portuguese
    return submission


def choose_language(client, language):
    """What the language switcher of base.html does."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


def page(client, submission) -> str:
    return client.get(reverse("exercises:submission", args=[submission.pk])).content.decode()


def test_switching_the_interface_language_switches_an_old_verdict(client, student, graded_in_portuguese):
    client.force_login(student)
    choose_language(client, "en")
    english = page(client, graded_in_portuguese)
    assert all(text in english for text in ENGLISH), english
    assert not any(text in english for text in PORTUGUESE)
    choose_language(client, "pt-br")
    portuguese = page(client, graded_in_portuguese)
    assert all(text in portuguese for text in PORTUGUESE), portuguese
    assert not any(text in portuguese for text in ENGLISH)


def test_the_api_gives_the_verdict_in_the_language_of_the_request(client, student, graded_in_portuguese):
    client.force_login(student)
    url = f"/api/submissions/{graded_in_portuguese.pk}"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    portuguese = client.get(url, HTTP_ACCEPT_LANGUAGE="pt-br").json()
    assert ENGLISH[0] in english["message"] and PORTUGUESE[0] in portuguese["message"]
    failed_english = " ".join(c["message"] for c in english["checks"] if not c["passed"])
    failed_portuguese = " ".join(c["message"] for c in portuguese["checks"] if not c["passed"])
    assert ENGLISH[1] in failed_english and PORTUGUESE[1] in failed_portuguese
    assert set(english["checks"][0]) == {"name", "passed", "score", "max_score", "message", "hidden"}


def test_the_admin_shows_the_verdict_in_the_instructors_language(client, django_user_model, graded_in_portuguese):
    admin = django_user_model.objects.create_superuser("dora", password="dora-password-1")
    client.force_login(admin)
    url = reverse("admin:exercises_submission_change", args=[graded_in_portuguese.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert all(text in english for text in ENGLISH)
    portuguese = client.get(url, HTTP_ACCEPT_LANGUAGE="pt-br").content.decode()
    assert all(text in portuguese for text in PORTUGUESE)


def test_a_verdict_stored_as_plain_text_still_reads_as_it_was_stored(client, student, softmax_exercise):
    old = Submission.objects.create(
        user=student,
        exercise=softmax_exercise,
        source=NAIVE_SOFTMAX,
        seed=1,
        status=Submission.Status.GRADED,
        score=7,
        max_score=10,
        message="7 de 8 verificações aprovadas",
        checks=[{"name": "colunas", "passed": False, "score": 0, "max_score": 1, "message": "valores errados"}],
    )
    client.force_login(student)
    choose_language(client, "en")
    shown = page(client, old)
    assert "7 de 8 verificações aprovadas" in shown and "valores errados" in shown
