"""Every change to a submission goes through a verb here: submit, claim, record_verdict, release,
fail_platform, regrade, reap_stuck. State changes are conditional updates, so two workers can never
grade the same submission and a late result cannot overwrite a newer one."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from grader import i18n

from .models import Exercise, Submission
from .sources import InvalidSubmission, source_from_upload, validate_text


class SubmissionRefused(InvalidSubmission):
    """The cohort's rules do not let her submit now: before the opening, after the deadline, no
    submissions left, or inside the cooldown. Nothing is stored."""


log = logging.getLogger(__name__)

__all__ = [
    "InvalidSubmission",
    "SubmissionRefused",
    "claim",
    "fail_platform",
    "get_exercise_for_user",
    "get_submission_for_user",
    "reap_stuck",
    "record_verdict",
    "regrade",
    "release",
    "source_from_upload",
    "submit",
    "validate_text",
]


# -- getters --------------------------------------------------------------------------------


def get_exercise_for_user(user, slug: str) -> Exercise:
    queryset = Exercise.objects.all() if user.is_staff else Exercise.objects.filter(is_published=True)
    try:
        return queryset.get(slug=slug)
    except Exercise.DoesNotExist:
        raise Http404(_("No exercise named “%(slug)s”.") % {"slug": slug}) from None


def get_submission_for_user(user, pk: int) -> Submission:
    """A student sees only her own submissions, an instructor those of the students of her cohorts
    (``classroom.access``); another's is 404, never 403."""
    from classroom.access import visible_rows

    queryset = visible_rows(user, Submission.objects.select_related("exercise", "user"))
    try:
        return queryset.get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404(_("No such submission.")) from None


# -- the student's side --------------------------------------------------------------------


def submit(user, exercise: Exercise, source: str, *, filename: str = "", language: str = "pt-br") -> Submission:
    """Store a queued submission and send its id to the exercise's queue once the row is committed.

    ``source`` must already be validated text (see ``sources``); nothing is stored otherwise. The
    student's cohort rules are checked here, for the site and the API alike (``SubmissionRefused``);
    with an attempt limit or a cooldown the check holds a lock on her user row, so two submissions
    racing for the last attempt cannot both be accepted.
    """
    from classroom.policies import exercise_rules, submission_standing

    with transaction.atomic():
        rules = exercise_rules(user, exercise)
        if rules.max_attempts is not None or rules.cooldown_seconds:
            list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        standing = submission_standing(user, exercise, rules=rules)
        if standing.refusal:
            raise SubmissionRefused(standing.refusal)
        submission = Submission.objects.create(
            user=user,
            exercise=exercise,
            source=source,
            filename=filename[:255],
            language=language,
            seed=secrets.randbits(31),
        )
        transaction.on_commit(lambda: enqueue(submission.pk, exercise.queue))
    return submission


def enqueue(submission_id: int, queue: str) -> None:
    from grader.tasks import grade_submission

    grade_submission.apply_async(args=[submission_id], queue=queue)


def regrade(submission: Submission) -> Submission:
    """Grade again with the same seed (so the same inputs): used by instructors in the admin."""
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.QUEUED, started_at=None, finished_at=None, counts=True, platform_failures=0
        )
        transaction.on_commit(lambda: enqueue(submission.pk, submission.exercise.queue))
    submission.refresh_from_db()
    return submission


# -- the worker's side ----------------------------------------------------------------------


def claim(submission_id: int) -> Submission | None:
    """queued → running, atomically; None when someone else has it or it is already final."""
    claimed = Submission.objects.filter(pk=submission_id, status=Submission.Status.QUEUED).update(
        status=Submission.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    return Submission.objects.select_related("exercise").get(pk=submission_id)


def record_verdict(submission: Submission, verdict) -> bool:
    """running → graded/error with the verdict; False when the submission was taken back meanwhile.

    Texts are stored twice: as they read in the language graded in ("name", "message"), and as message
    trees ("name_data", "message_data", ``grader.i18n``) from which the pages render the verdict in the
    language of whoever views it."""
    status = Submission.Status.GRADED if verdict.status == "graded" else Submission.Status.ERROR
    checks = [
        {
            **_text_and_data("name", c.name),
            "passed": c.passed,
            "score": c.score,
            "max_score": c.max_score,
            **_text_and_data("message", c.message),
            "hidden": c.hidden,
        }
        for c in verdict.checks
    ]
    images = [{**image, **_text_and_data("name", image.get("name", ""))} for image in getattr(verdict, "images", [])]
    updated = Submission.objects.filter(pk=submission.pk, status=Submission.Status.RUNNING).update(
        status=status,
        score=verdict.score,
        max_score=verdict.max_score,
        checks=checks,
        message=str(verdict.message),
        message_data=i18n.to_data(verdict.message),
        stdout=verdict.stdout,
        images=images,
        finished_at=timezone.now(),
        grading_ms=int(verdict.wall_s * 1000),
        counts=True,
    )
    return bool(updated)


def _text_and_data(key: str, text) -> dict:
    data = i18n.to_data(text)
    return {key: str(text), f"{key}_data": data} if isinstance(data, dict) else {key: str(text)}


def release(submission_id: int, reason: str) -> bool:
    """running → queued after a platform fault, so that a retry can claim it again."""
    log.warning("submission %s released after a platform fault: %s", submission_id, reason)
    return bool(
        Submission.objects.filter(pk=submission_id, status=Submission.Status.RUNNING).update(
            status=Submission.Status.QUEUED, started_at=None, platform_failures=F("platform_failures") + 1
        )
    )


def fail_platform(submission_id: int, reason: str) -> bool:
    """Give up after repeated platform faults: an error that does not count as an attempt."""
    log.error("submission %s failed for platform reasons: %s", submission_id, reason)
    message = i18n.gettext(
        "The grader had a problem of its own and could not grade this submission. "
        "It does not count as an attempt: please submit again."
    )
    return bool(
        Submission.objects.filter(
            pk=submission_id, status__in=(Submission.Status.QUEUED, Submission.Status.RUNNING)
        ).update(
            status=Submission.Status.ERROR,
            counts=False,
            finished_at=timezone.now(),
            message=str(message),
            message_data=i18n.to_data(message),
        )
    )


def reap_stuck(now=None) -> list[int]:
    """Requeue submissions whose worker vanished: running past their limit plus a margin, or queued
    for longer than the broker's redelivery window. Returns the ids sent again."""
    now = now or timezone.now()
    margin = timedelta(seconds=settings.GRADING_MARGIN_S)
    resent = []
    running = Submission.objects.filter(status=Submission.Status.RUNNING).select_related("exercise")
    for submission in running:
        if (
            submission.started_at
            and submission.started_at + timedelta(seconds=submission.exercise.time_limit_s) + margin < now
        ):
            if submission.platform_failures + 1 >= settings.GRADING_MAX_PLATFORM_RETRIES:
                fail_platform(submission.pk, "worker lost too many times")
            elif release(submission.pk, "no verdict in time: worker lost?"):
                resent.append(submission.pk)
    stale = now - timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]) - margin
    for submission in Submission.objects.filter(status=Submission.Status.QUEUED, created_at__lt=stale).select_related(
        "exercise"
    ):
        resent.append(submission.pk)
    for pk in resent:
        submission = Submission.objects.select_related("exercise").get(pk=pk)
        enqueue(pk, submission.exercise.queue)
    return resent
