"""Staff: regrade every submission of an exercise (or of a cohort) in the background (to be built)."""

from django.http import Http404

from .staff import staff_page


@staff_page
def regrades(request, course_slug):
    raise Http404


@staff_page
def regrade_detail(request, pk):
    raise Http404
