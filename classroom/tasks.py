"""Celery tasks of the classroom: queueing a regrade's submissions in the background."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from exercises import services

from . import regrading
from .models import RegradeJob


@shared_task(acks_late=True, ignore_result=True)
def queue_regrade(job_id: int) -> int:
    """Send each submission of the job to be graded again (same seed), a batch per transaction; the
    grading messages of a batch leave once it is committed. Returns how many were sent."""
    job = RegradeJob.objects.filter(pk=job_id).first()
    if job is None:
        return 0
    ids = regrading.job_ids(job)
    sent = 0
    for start in range(0, len(ids), regrading.BATCH_SIZE):
        with transaction.atomic():
            for submission in regrading.pending(job, ids[start : start + regrading.BATCH_SIZE]):
                services.regrade(submission)
                sent += 1
    RegradeJob.objects.filter(pk=job.pk).update(queued_at=timezone.now())
    return sent
