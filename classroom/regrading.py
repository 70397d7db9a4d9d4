"""Regrading every submission of an exercise (of one cohort, or all the requester's students) in the
background, after an instructor fixed a check.

A ``RegradeJob`` remembers which submissions it sent and the score each had before, as
``{"id": <submission id>, "old": <score>}`` entries of ``submission_ids``. Its progress is read from the
submissions themselves: one is done when it is final again and finished after the job started. The
gradebook reads the submissions, so it shows the new scores as soon as they are recorded.
"""

import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from exercises.models import Exercise, Submission

from . import access
from .models import Cohort, RegradeJob

BATCH_SIZE = 100


def regradable(user, exercise: Exercise, cohort: Cohort | None = None) -> QuerySet[Submission]:
    """The submissions a regrade by ``user`` takes: graded ones and the students' own errors (not
    platform failures, which do not count, nor those still queued or running), of the cohort's students
    when a cohort is given, and only of students ``user`` may see."""
    rows = Submission.objects.filter(exercise=exercise, status__in=Submission.FINAL, counts=True)
    if cohort is not None:
        rows = rows.filter(user__enrollments__cohort=cohort)
    return access.visible_rows(user, rows)


def start_regrade(user, exercise: Exercise, cohort: Cohort | None = None) -> RegradeJob:
    """Record a job with the submissions to grade again; a Celery task queues them once it is saved."""
    from .tasks import queue_regrade

    if cohort is not None and not access.cohorts_visible_to(user).filter(pk=cohort.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        rows = regradable(user, exercise, cohort).order_by("pk").values_list("pk", "score")
        job = RegradeJob.objects.create(
            exercise=exercise,
            cohort=cohort,
            requested_by=user,
            submission_ids=[{"id": pk, "old": score} for pk, score in rows],
        )
        transaction.on_commit(lambda: queue_regrade.delay(job.pk))
    return job


def job_ids(job: RegradeJob) -> list[int]:
    return [entry["id"] if isinstance(entry, dict) else int(entry) for entry in job.submission_ids]


def old_scores(job: RegradeJob) -> dict[int, float | None]:
    return {entry["id"]: entry.get("old") for entry in job.submission_ids if isinstance(entry, dict)}


def pending(job: RegradeJob, ids: list[int] | None = None) -> QuerySet[Submission]:
    """The job's submissions (or those of ``ids`` among them) not yet sent again: final, with a verdict
    from before the job. Sending only these makes the task safe to run twice: a redelivered message
    grades nothing twice."""
    ids = job_ids(job) if ids is None else ids
    return Submission.objects.filter(
        pk__in=ids, status__in=Submission.FINAL, finished_at__lt=job.created_at
    ).select_related("exercise")


def progress(job: RegradeJob) -> tuple[int, int]:
    """(done, total): done are the job's submissions final again and finished since the job started. A
    submission deleted meanwhile counts as done, since there is nothing left to wait for."""
    ids = job_ids(job)
    rows = Submission.objects.filter(pk__in=ids)
    regraded = rows.filter(status__in=Submission.FINAL, finished_at__gte=job.created_at).count()
    deleted = len(ids) - rows.count()
    return regraded + deleted, len(ids)


def is_done(job: RegradeJob) -> bool:
    done, total = progress(job)
    return done >= total


@dataclass(frozen=True)
class Outcome:
    submission: Submission
    old: float | None
    new: float | None

    @property
    def changed(self) -> bool:
        if self.old is None or self.new is None:
            return self.old is not self.new
        return not math.isclose(self.old, self.new, rel_tol=1e-9, abs_tol=1e-9)


def outcomes(job: RegradeJob, viewer) -> list[Outcome]:
    """The job's submissions that ``viewer`` may see, each with its score before and now."""
    before = old_scores(job)
    rows = access.visible_rows(viewer, Submission.objects.filter(pk__in=job_ids(job)))
    rows = rows.select_related("user").order_by("user__username", "pk")
    return [Outcome(row, before.get(row.pk), row.score) for row in rows]


def jobs_visible_to(user) -> QuerySet[RegradeJob]:
    """Jobs of the cohorts ``user`` may open, and her own jobs over all her students; everything for those
    who see every student."""
    jobs = RegradeJob.objects.select_related("exercise", "cohort__course", "requested_by")
    if access.sees_everyone(user):
        return jobs
    cohorts = access.cohorts_visible_to(user).values("pk")
    return jobs.filter(Q(cohort__in=cohorts) | Q(cohort__isnull=True, requested_by=user))
