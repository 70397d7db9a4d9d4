"""A platform fault is retried and never costs the student an attempt."""

import pytest

from exercises import services
from exercises.models import Submission
from grader import grading
from grader.sandbox.client import Zygote, temporary_config

from .sources import CORRECT_SOFTMAX

pytestmark = pytest.mark.django_db


def queued(student, exercise):
    return Submission.objects.create(user=student, exercise=exercise, source=CORRECT_SOFTMAX, seed=1)


def test_unreachable_sandbox_releases_the_submission_for_a_retry(student, softmax_exercise):
    submission = queued(student, softmax_exercise)
    dead = Zygote(temporary_config())  # never started: its socket does not exist
    with pytest.raises(grading.PlatformError):
        grading.grade_submission(submission.pk, dead)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED
    assert submission.platform_failures == 1
    assert submission.counts


def test_after_repeated_faults_the_submission_ends_without_counting(student, softmax_exercise):
    submission = queued(student, softmax_exercise)
    services.fail_platform(submission.pk, "sandbox unreachable three times")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ERROR
    assert submission.counts is False
    assert submission.message


def test_the_retry_grades_it_once_the_sandbox_is_back(student, softmax_exercise):
    submission = queued(student, softmax_exercise)
    with pytest.raises(grading.PlatformError):
        grading.grade_submission(submission.pk, Zygote(temporary_config()))
    with Zygote(temporary_config()) as zygote:
        assert grading.grade_submission(submission.pk, zygote) == "graded"
    submission.refresh_from_db()
    assert submission.score == submission.max_score


def test_stuck_running_submission_is_requeued_by_the_reaper(student, softmax_exercise, broker, settings):
    from datetime import timedelta

    from django.utils import timezone

    submission = queued(student, softmax_exercise)
    long_ago = timezone.now() - timedelta(seconds=softmax_exercise.time_limit_s + settings.GRADING_MARGIN_S + 5)
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.RUNNING, started_at=long_ago)
    assert services.reap_stuck() == [submission.pk]
    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED
