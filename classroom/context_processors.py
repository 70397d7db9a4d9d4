from django.utils import timezone


def now(request):
    """``now`` for templates that compare dates (deadlines, countdowns)."""
    return {"now": timezone.now()}
