"""Answering quizzes through the site, as the htmx form does."""

import pytest
from django.test import Client

from courseware import engine, services
from courseware.models import Attempt, Question, QuestionState

from .conftest import answer_url, form_fields, lesson_url, post_answer, quiz_answer

pytestmark = pytest.mark.django_db


def _variant(user, slug):
    return services.standing(user, Question.objects.get(slug=slug)).variant


def _login(client, user):
    client.force_login(user)
    return client


def test_lesson_is_public_and_shows_the_slides_numbers_to_visitors(client, course):
    page = client.get(lesson_url("softmax-values"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Softmax e one-hot" in html and "z = [2, 1, 0]" in html
    assert 'name="attempt"' not in html  # no form without a login


def test_answering_needs_a_login(client, course):
    response = client.post(answer_url("softmax-values"), {"v0": "1", "v1": "0", "v2": "0", "attempt": 0})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Attempt.objects.exists()


def test_each_student_sees_her_own_numbers_every_time(client, course, student, other_student):
    mine, theirs = _variant(student, "softmax-values"), _variant(other_student, "softmax-values")
    assert mine.params != theirs.params
    shown = f"z = {engine.format_value(mine.params['z'], None, ',', math=True)}"  # pt-BR, in math
    _login(client, student)
    first, again = client.get(lesson_url("softmax-values")), client.get(lesson_url("softmax-values"))
    assert shown in first.content.decode() and shown in again.content.decode()
    other = _login(Client(), other_student).get(lesson_url("softmax-values")).content.decode()
    assert shown not in other and f"z = {engine.format_value(theirs.params['z'], None, ',', math=True)}" in other


def test_the_students_variant_is_the_command_s_variant_for_her_seed(course, student):
    variant = _variant(student, "cross-entropy-value")
    assert quiz_answer("cross-entropy-value", variant.seed) == {
        "question": "cross-entropy-value",
        "seed": variant.seed,
        "params": variant.params,
        "answer": variant.answer,
    }


KINDS = [
    "perceptron-outputs",
    "fewer-misclassified",
    "kl-properties",
    "cross-entropy-value",
    "conv-feature-map",
    "lenet-order",
    "xor-gate-composition",
    "one-hot-encoding",
    "max-likelihood",
]


@pytest.mark.parametrize("slug", KINDS)
def test_a_correct_answer_through_the_form_is_accepted(client, course, student, slug):
    question = Question.objects.get(slug=slug)
    variant = _variant(student, slug)
    fields = form_fields(question.kind, variant.answer, user=student, slug=slug)
    response = post_answer(_login(client, student), slug, fields, 0)
    html = response.content.decode()
    assert response.status_code == 200 and 'class="ok"' in html, html
    state = QuestionState.objects.get(user=student, question=question)
    assert (state.attempts_used, state.correct, state.score) == (1, True, 1.0)


def test_gate_composition_by_weights_through_the_form(client, course, student):
    answer = {"A": {"w": [1, 1], "b": -1.5}, "B": "OR", "C": {"w": [-1], "b": 0.5}}
    response = post_answer(_login(client, student), "xor-gate-composition", form_fields("gates", answer), 0)
    assert 'class="ok"' in response.content.decode()


def test_a_wrong_gate_composition_shows_the_truth_table_it_computes(client, course, student):
    answer = {"A": "OR", "B": "OR", "C": "NOT"}
    html = post_answer(
        _login(client, student), "xor-gate-composition", form_fields("gates", answer), 0
    ).content.decode()
    assert 'class="bad"' in html and 'class="truth"' in html
    assert "0 0 → 0; 0 1 → 0; 1 0 → 0; 1 1 → 0" in html


def test_a_near_miss_is_rejected_and_new_numbers_are_drawn(client, course, student):
    variant = _variant(student, "softmax-values")
    miss = [variant.answer[0] + 0.02, *variant.answer[1:]]
    html = post_answer(_login(client, student), "softmax-values", form_fields("vector", miss), 0).content.decode()
    assert 'class="bad"' in html and "2 attempts left" in html
    assert _variant(student, "softmax-values").seed != variant.seed
    attempt = Attempt.objects.get(user=student)
    assert (attempt.number, attempt.correct, attempt.seed) == (1, False, variant.seed)


def test_the_correct_answer_is_shown_once_the_attempts_are_used_up(client, course, student):
    _login(client, student)
    question = Question.objects.get(slug="conv-output-size")
    Question.objects.filter(pk=question.pk).update(cooldown_seconds=0)
    html = ""
    for attempt in range(question.attempts_allowed):
        answer = _variant(student, "conv-output-size").answer
        html = post_answer(client, "conv-output-size", {"value": str(answer + 1)}, attempt).content.decode()
        assert "The correct answer" not in html or attempt == question.attempts_allowed - 1
    assert "No attempts left" in html and f'<p class="answer">{answer}</p>' in html
    assert 'name="attempt"' not in html
    again = post_answer(client, "conv-output-size", {"value": str(answer)}, question.attempts_allowed)
    assert "No attempts left" in again.content.decode()
    assert Attempt.objects.filter(user=student).count() == question.attempts_allowed
    page = client.get(lesson_url("conv-output-size")).content.decode()
    assert "No attempts left" in page


def test_an_unreadable_answer_costs_no_attempt(client, course, student):
    _login(client, student)
    html = post_answer(client, "entropy-bits", {"value": "abc"}, 0).content.decode()
    assert "is not a number" in html
    html = post_answer(client, "entropy-bits", {"value": ""}, 0).content.decode()
    assert "Fill in every field" in html
    assert not Attempt.objects.exists()


def test_a_stale_attempt_number_is_refused(client, course, student):
    _login(client, student)
    post_answer(client, "entropy-bits", {"value": "0"}, 0)
    html = post_answer(client, "entropy-bits", {"value": "0"}, 0).content.decode()
    assert "has changed" in html
    assert Attempt.objects.filter(user=student).count() == 1


def test_the_cooldown_refuses_a_quick_second_try(client, course, student):
    _login(client, student)
    question = Question.objects.get(slug="entropy-bits")
    assert question.cooldown > 0
    post_answer(client, "entropy-bits", {"value": "0"}, 0)
    html = post_answer(client, "entropy-bits", {"value": "0"}, 1).content.decode()
    assert "Wait" in html
    assert QuestionState.objects.get(user=student, question=question).attempts_used == 1
    QuestionState.objects.filter(user=student).update(
        last_attempt_at=services.timezone.now() - services.timedelta(seconds=question.cooldown)
    )
    answer = _variant(student, "entropy-bits").answer
    html = post_answer(client, "entropy-bits", {"value": str(answer)}, 1).content.decode()
    assert 'class="ok"' in html


def test_best_score_is_kept_after_a_later_wrong_answer(client, course, student):
    _login(client, student)
    question = Question.objects.get(slug="conv-output-size")
    Question.objects.filter(pk=question.pk).update(cooldown_seconds=0)
    post_answer(client, "conv-output-size", {"value": str(_variant(student, "conv-output-size").answer)}, 0)
    post_answer(client, "conv-output-size", {"value": "-1"}, 1)
    state = QuestionState.objects.get(user=student, question=question)
    assert (state.attempts_used, state.correct, state.score) == (2, True, 1.0)


def test_last_score_policy_keeps_the_last_answer(client, course, student):
    _login(client, student)
    question = Question.objects.get(slug="conv-output-size")
    Question.objects.filter(pk=question.pk).update(cooldown_seconds=0)
    question.quiz.score_policy = "last"
    question.quiz.save(update_fields=["score_policy"])
    post_answer(client, "conv-output-size", {"value": str(_variant(student, "conv-output-size").answer)}, 0)
    post_answer(client, "conv-output-size", {"value": "-1"}, 1)
    state = QuestionState.objects.get(user=student, question=question)
    assert (state.correct, state.score) == (False, 0.0)


def test_without_htmx_the_answer_redirects_back_to_the_lesson(client, course, student):
    _login(client, student)
    response = client.post(answer_url("entropy-bits"), {"value": "0", "attempt": 0})
    assert response.status_code == 302 and response["Location"].endswith("#q-entropy-bits")
    assert Attempt.objects.filter(user=student).count() == 1


@pytest.mark.parametrize(
    "slug, wrong",
    [("softmax-values", True), ("softmax-values", False), ("xor-gate-composition", True), ("avg-pooling-map", True)],
)
def test_the_site_and_quiz_check_grade_alike(client, course, student, slug, wrong):
    from .conftest import quiz_check

    question = Question.objects.get(slug=slug)
    variant = _variant(student, slug)
    answer = variant.answer
    if wrong and question.kind == "gates":
        answer = {"A": "NOR", "B": "OR", "C": "NOT"}
    elif wrong and question.kind == "matrix":
        answer = [[v + 0.1 for v in row] for row in answer]
    elif wrong:
        answer = [v + 0.01 for v in answer]
    post_answer(_login(client, student), slug, form_fields(question.kind, answer, user=student, slug=slug), 0)
    attempt = Attempt.objects.get(user=student, question=question)
    cli = quiz_check(slug, answer, seed=attempt.seed if question.randomize else None)
    assert (cli["correct"], cli["score"], cli["feedback"]) == (attempt.correct, attempt.score, attempt.feedback)
    assert attempt.correct is not wrong
