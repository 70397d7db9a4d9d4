"""The exercise page and its form: what a student sees, and bad input that changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exercises.models import Submission

from .sources import CORRECT_SOFTMAX

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as_student(client, student):
    client.force_login(student)
    return client


def submit_url():
    return reverse("exercises:submit", args=["softmax"])


def test_exercise_page_shows_statement_starter_and_history(client_as_student, softmax_exercise, student, broker):
    Submission.objects.create(
        user=student, exercise=softmax_exercise, source=CORRECT_SOFTMAX, seed=1, status="graded", score=10, max_score=10
    )
    page = client_as_student.get(reverse("exercises:detail", args=["softmax"])).content.decode()
    assert "Softmax" in page
    assert 'id="source"' in page and "def softmax" in page
    assert "10 / 10" in page


def test_anonymous_visitor_is_sent_to_log_in(client, softmax_exercise):
    response = client.get(reverse("exercises:detail", args=["softmax"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_htmx_submit_returns_the_queued_submission_that_polls(client_as_student, softmax_exercise, broker):
    response = client_as_student.post(submit_url(), {"source": CORRECT_SOFTMAX}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    submission = Submission.objects.get()
    body = response.content.decode()
    assert f'id="submission-{submission.pk}"' in body
    assert 'hx-trigger="every 1s"' in body
    assert submission.status == Submission.Status.QUEUED and submission.language == "pt-br"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"", "empty"),
        (b"# padding\n" * 200_000, "too large"),
        ("def softmax(x):\n    return 'ol\u00e1'\n".encode("latin-1"), "UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary"),
    ],
    ids=["empty-file", "2-MB-file", "non-utf8", "binary"],
)
def test_bad_upload_gets_a_clear_message_and_stores_nothing(client_as_student, softmax_exercise, payload, expected):
    upload = SimpleUploadedFile("softmax.py", payload, content_type="text/x-python")
    response = client_as_student.post(submit_url(), {"file": upload}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#form-error"
    with_english = client_as_student.post(
        submit_url(), {"file": SimpleUploadedFile("s.py", payload)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert with_english.status_code == 400
    assert expected.lower() in with_english.content.decode().lower()
    assert Submission.objects.count() == 0


def test_empty_editor_is_refused_without_a_row(client_as_student, softmax_exercise):
    response = client_as_student.post(submit_url(), {"source": "   \n"})
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_missing_exercise_is_404(client_as_student):
    response = client_as_student.post(reverse("exercises:submit", args=["no-such-thing"]), {"source": "x = 1"})
    assert response.status_code == 404
    assert Submission.objects.count() == 0


def test_notebook_upload_is_graded_as_its_code_cells(client_as_student, softmax_exercise, broker):
    import json

    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Softmax"]},
            {"cell_type": "code", "source": ["%matplotlib inline\n", "import numpy as np\n"]},
            {"cell_type": "code", "source": CORRECT_SOFTMAX.splitlines(keepends=True)},
            {"cell_type": "code", "source": ["!pip install numpy\n"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    upload = SimpleUploadedFile("softmax.ipynb", json.dumps(notebook).encode())
    client_as_student.post(submit_url(), {"file": upload})
    source = Submission.objects.get().source
    assert "def softmax" in source and "%matplotlib" not in source and "!pip" not in source


def test_a_student_cannot_see_another_students_submission(client, student, other_student, softmax_exercise):
    theirs = Submission.objects.create(user=other_student, exercise=softmax_exercise, source="x = 1", seed=1)
    client.force_login(student)
    assert client.get(reverse("exercises:submission", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("exercises:submission_status", args=[theirs.pk])).status_code == 404


def test_instructor_opens_her_students_submissions_in_the_admin(
    client, instructor, student, softmax_exercise, teaching
):
    teaching(instructor, student)  # an instructor sees the students of the cohorts she teaches
    submission = Submission.objects.create(
        user=student,
        exercise=softmax_exercise,
        source=CORRECT_SOFTMAX,
        seed=7,
        status="graded",
        score=10,
        max_score=10,
        checks=[{"name": "vetor", "passed": True, "score": 10, "max_score": 10, "message": "passed"}],
    )
    client.force_login(instructor)
    listing = client.get(reverse("admin:exercises_submission_changelist")).content.decode()
    assert "alice" in listing
    page = client.get(reverse("admin:exercises_submission_change", args=[submission.pk])).content.decode()
    assert "def softmax" in page and "vetor" in page
    for name in ("exercises_exercise", "auth_user"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_interface_speaks_portuguese_by_default_and_english_on_request(client, student, softmax_exercise):
    client.force_login(student)
    url = reverse("exercises:detail", args=["softmax"])
    assert "Enviar" in client.get(url).content.decode()
    assert "Submit" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
