"""Dates in the reader's own time zone: the browser tells it once (site.js sets the ``tz`` cookie
from ``Intl``); until then, and for any name that is not a known zone, TIME_ZONE
(America/Sao_Paulo) is used."""

import zoneinfo
from functools import lru_cache

from django.utils import timezone


@lru_cache(maxsize=64)
def _zone(name: str):
    if not name or len(name) > 64 or name not in zoneinfo.available_timezones():
        return None
    return zoneinfo.ZoneInfo(name)


class TimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = _zone(request.COOKIES.get("tz", ""))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
