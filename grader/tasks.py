from celery import shared_task
from django.conf import settings

from exercises import services

from . import grading


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=None)
def grade_submission(self, submission_id: int) -> str:
    """Grade one submission; the message carries only its id (the database row is the truth)."""
    try:
        return grading.grade_submission(submission_id)
    except grading.PlatformError as exc:
        if self.request.retries + 1 >= settings.GRADING_MAX_PLATFORM_RETRIES:
            grading.mark_lost(submission_id, str(exc))
            return "lost"
        raise self.retry(exc=exc, countdown=min(2**self.request.retries, 30)) from exc


@shared_task(ignore_result=True)
def reap_stuck_submissions() -> list[int]:
    return services.reap_stuck()
