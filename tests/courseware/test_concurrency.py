"""Attempt limits and cooldowns hold when requests race (threads against the real database)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from courseware.models import Attempt, Question, QuestionState

from .conftest import post_answer

THREADS = 8


def _race(user, slug, data, attempt_numbers):
    barrier = threading.Barrier(len(attempt_numbers))
    statuses, errors = [], []

    def one(number):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=30)
            response = post_answer(client, slug, data, number)
            statuses.append(response.status_code)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in attempt_numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert statuses == [200] * len(attempt_numbers)


@pytest.mark.django_db(transaction=True)
def test_racing_answers_never_exceed_the_attempt_limit(course, student):
    question = Question.objects.get(slug="conv-output-size")
    Question.objects.filter(pk=question.pk).update(cooldown_seconds=0, max_attempts=2)
    # Every thread claims to answer the current variant; at most one can win per attempt number.
    _race(student, "conv-output-size", {"value": "-1"}, [0] * THREADS)
    _race(student, "conv-output-size", {"value": "-1"}, [1] * THREADS)
    _race(student, "conv-output-size", {"value": "-1"}, [2] * THREADS)
    state = QuestionState.objects.get(user=student, question=question)
    assert state.attempts_used == 2
    assert sorted(Attempt.objects.filter(user=student).values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_racing_answers_inside_the_cooldown_count_once(course, student):
    question = Question.objects.get(slug="conv-output-size")
    Question.objects.filter(pk=question.pk).update(cooldown_seconds=3600, max_attempts=50)
    _race(student, "conv-output-size", {"value": "-1"}, list(range(THREADS)))
    _race(student, "conv-output-size", {"value": "-1"}, [1] * THREADS)
    assert Attempt.objects.filter(user=student).count() == 1
    assert QuestionState.objects.get(user=student, question=question).attempts_used == 1
