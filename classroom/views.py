"""Student side of cohorts: joining one with its code."""

from django.http import Http404


def join(request):
    raise Http404
