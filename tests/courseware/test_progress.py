"""The course page shows each student her own progress per module; instructors see everyone's in the admin."""

import pytest
from django.urls import reverse

from courseware.models import ModuleProgress, Question
from exercises.models import Exercise, Submission

from .conftest import form_fields, lesson_url, post_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def softmax_bank(db):
    return Exercise.objects.create(slug="softmax", title="Softmax estável", module_number=5, points=10)


def _submit(user, exercise, score, status=Submission.Status.GRADED):
    return Submission.objects.create(
        user=user, exercise=exercise, source="x = 1", seed=1, status=status, score=score, max_score=10
    )


def _row(html, slug):
    start = html.index(f'id="module-{slug}"')
    return html[start : html.index("</tr>", start)]


def test_course_page_lists_modules_for_visitors(client, course):
    html = client.get(reverse("courseware:course", args=["redes-neurais"])).content.decode()
    assert "Redes Neurais e Deep Learning" in html and "Log in to answer" in html
    assert html.count('id="module-') == 15


def test_home_lists_the_course_and_its_modules(client, course):
    html = client.get(reverse("courseware:home")).content.decode()
    assert reverse("courseware:course", args=["redes-neurais"]) in html
    assert "Perceptrons multicamadas e XOR" in html


def test_progress_shows_read_answered_and_solved(client, course, student, other_student, softmax_bank):
    client.force_login(student)
    url = reverse("courseware:course", args=["redes-neurais"])
    row = _row(client.get(url).content.decode(), "softmax")
    assert "✓" not in row
    assert "0/4 answered" in row and "0/1 solved" in row

    client.get(lesson_url("softmax-values"))
    one_hot = Question.objects.get(slug="softmax-shift")
    post_answer(client, one_hot.slug, form_fields("single", "invariance", user=student, slug=one_hot.slug), 0)
    _submit(student, softmax_bank, 7.5)
    row = _row(client.get(url).content.decode(), "softmax")
    assert "✓ read" in row and "1/4 answered" in row and "score 1/4" in row
    assert "0/1 solved" in row and "7.50/10" in row

    _submit(student, softmax_bank, 10)
    _submit(other_student, softmax_bank, 10, status=Submission.Status.ERROR)
    row = _row(client.get(url).content.decode(), "softmax")
    assert "1/1 solved" in row and ">solved<" in row
    assert "✓ read" not in _row(client.get(url).content.decode(), "perceptron")


def test_another_students_work_does_not_show(client, course, student, other_student, softmax_bank):
    _submit(other_student, softmax_bank, 10)
    client.force_login(other_student)
    right = form_fields("single", "invariance", user=other_student, slug="softmax-shift")
    post_answer(client, "softmax-shift", right, 0)
    client.force_login(student)
    row = _row(client.get(reverse("courseware:course", args=["redes-neurais"])).content.decode(), "softmax")
    assert "0/4 answered" in row and "0/1 solved" in row


def test_instructor_sees_each_students_progress_in_the_admin(
    client, course, student, instructor, softmax_bank, teaching
):
    teaching(instructor, student, course=course)  # an instructor sees the students of the cohorts she teaches
    client.force_login(student)
    client.get(lesson_url("softmax-values"))
    post_answer(client, "softmax-shift", form_fields("single", "invariance", user=student, slug="softmax-shift"), 0)
    _submit(student, softmax_bank, 10)
    assert ModuleProgress.objects.filter(user=student, module__slug="softmax", read_at__isnull=False).exists()
    url = reverse("admin:courseware_moduleprogress_changelist")
    assert client.get(url).status_code == 302  # a student is not staff
    client.force_login(instructor)
    html = client.get(url).content.decode()
    assert "alice" in html and "Softmax e one-hot" in html and "1/4 (1 ✓)" in html and "1/1" in html


def test_instructor_can_edit_content_in_the_admin(client, course, instructor):
    client.force_login(instructor)
    question = Question.objects.get(slug="softmax-values")
    for name in ("course", "module", "lesson", "quiz", "question"):
        assert client.get(reverse(f"admin:courseware_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:courseware_question_change", args=[question.pk])).status_code == 200
    assert client.get(reverse("admin:courseware_quiz_change", args=[question.quiz.pk])).status_code == 200


def test_the_admin_refuses_a_question_whose_answer_would_be_typed(client, course, instructor):
    client.force_login(instructor)
    question = Question.objects.get(slug="entropy-bits")
    url = reverse("admin:courseware_question_change", args=[question.pk])
    data = {
        "quiz": question.quiz.pk,
        "slug": question.slug,
        "position": 0,
        "kind": "numeric",
        "prompt": question.prompt,
        "spec": '{"tolerance": {"abs": 0.01, "rel": 0}}',
        "generator": "",
        "randomize": "on",
        "points": 1,
        "explanation": "",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "needs a generator" in response.content.decode()
    data["generator"] = "entropy_bits"
    data["spec"] = '{"tolerance": {"abs": 0.02, "rel": 0}}'
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.spec["tolerance"]["abs"] == 0.02
