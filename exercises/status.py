"""The grader as staff see it: what waits, what runs, how long grading takes, whether the broker
answers. Counts only (no student's work), read from the rows and from the broker's queues."""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from .models import Exercise, Submission


@dataclass(frozen=True)
class GraderStatus:
    queued: int
    running: int
    oldest_queued_s: int | None
    graded_last_hour: int
    median_grading_ms: int | None
    platform_failures_24h: int
    broker_messages: dict[str, int] | None  # queue → messages waiting; None when the broker does not answer


def grader_status(now=None) -> GraderStatus:
    now = now or timezone.now()
    by_status = dict(
        Submission.objects.filter(status__in=(Submission.Status.QUEUED, Submission.Status.RUNNING))
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    oldest = Submission.objects.filter(status=Submission.Status.QUEUED).aggregate(t=Min("created_at"))["t"]
    recent = Submission.objects.filter(finished_at__gte=now - timedelta(hours=1), grading_ms__isnull=False)
    times = list(recent.values_list("grading_ms", flat=True)[:5000])
    failures = Submission.objects.filter(counts=False, finished_at__gte=now - timedelta(hours=24)).count()
    return GraderStatus(
        queued=by_status.get(Submission.Status.QUEUED, 0),
        running=by_status.get(Submission.Status.RUNNING, 0),
        oldest_queued_s=int((now - oldest).total_seconds()) if oldest else None,
        graded_last_hour=len(times),
        median_grading_ms=int(statistics.median(times)) if times else None,
        platform_failures_24h=failures,
        broker_messages=_broker_messages(),
    )


def _broker_messages() -> dict[str, int] | None:
    """Messages waiting in each grading queue (Redis lists named after the queues)."""
    import redis

    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=0.5, socket_connect_timeout=0.5)
        return {queue: int(client.llen(queue)) for queue in Exercise.Queue.values}
    except (redis.RedisError, OSError, ValueError):
        return None
