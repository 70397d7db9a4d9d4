"""Staff: statistics of a course or cohort (to be built)."""

from django.http import Http404

from .staff import staff_page


@staff_page
def statistics(request, course_slug):
    raise Http404
