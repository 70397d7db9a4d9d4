"""Real submissions through a real Celery worker process, Redis and the sandbox."""

import pytest

from exercises import services
from exercises.models import Submission
from tests.conftest import wait_until_final

from .sources import CORRECT_SOFTMAX, INFINITE_LOOP, NAIVE_SOFTMAX, SYNTAX_ERROR

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def submit(student, exercise, source):
    return services.submit(student, exercise, source, language="en")


def test_correct_softmax_gets_full_marks(worker, student, softmax_exercise):
    submission = wait_until_final(submit(student, softmax_exercise, CORRECT_SOFTMAX))
    assert submission.status == Submission.Status.GRADED
    assert submission.score == submission.max_score == 10
    assert all(check["passed"] for check in submission.checks)
    assert submission.started_at and submission.finished_at


def test_naive_softmax_loses_the_large_score_check(worker, student, softmax_exercise):
    submission = wait_until_final(submit(student, softmax_exercise, NAIVE_SOFTMAX))
    assert submission.status == Submission.Status.GRADED
    assert 0 < submission.score < submission.max_score
    failed = {c["name"]: c["message"] for c in submission.checks if not c["passed"]}
    # Submitted in English: the check's name and message are in English.
    assert "large scores (1000, 1001, 1002)" in failed
    assert "NaN or inf" in failed["large scores (1000, 1001, 1002)"]


def test_syntax_error_is_an_error_with_the_line_number(worker, student, softmax_exercise):
    submission = wait_until_final(submit(student, softmax_exercise, SYNTAX_ERROR))
    assert submission.status == Submission.Status.ERROR
    assert submission.score == 0 and submission.max_score == 10
    assert "SyntaxError" in submission.message
    assert "line 4" in submission.message


def test_infinite_loop_is_stopped_at_the_time_limit(worker, student, softmax_exercise):
    softmax_exercise.time_limit_s = 2
    softmax_exercise.save(update_fields=["time_limit_s"])
    submission = wait_until_final(submit(student, softmax_exercise, INFINITE_LOOP), timeout_s=30)
    assert submission.status == Submission.Status.ERROR
    assert "Time limit exceeded" in submission.message and "2 s" in submission.message
    assert submission.counts  # the student's own fault counts as an attempt


def test_worker_keeps_serving_after_each_kind_of_failure(worker, student, softmax_exercise):
    softmax_exercise.time_limit_s = 2
    softmax_exercise.save(update_fields=["time_limit_s"])
    for source in (SYNTAX_ERROR, INFINITE_LOOP, NAIVE_SOFTMAX):
        wait_until_final(submit(student, softmax_exercise, source), timeout_s=30)
        after = wait_until_final(submit(student, softmax_exercise, CORRECT_SOFTMAX))
        assert after.score == after.max_score
    assert worker.alive()


def test_a_second_claim_finds_nothing_to_do(worker, student, softmax_exercise):
    submission = wait_until_final(submit(student, softmax_exercise, CORRECT_SOFTMAX))
    assert services.claim(submission.pk) is None
    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED
