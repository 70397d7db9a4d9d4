"""Staff: the gradebook of a course or cohort, a student's history, the CSV export (to be built)."""

from django.http import Http404

from .staff import staff_page


@staff_page
def staff_home(request):
    raise Http404


@staff_page
def gradebook(request, course_slug):
    raise Http404


@staff_page
def student(request, course_slug, user_id):
    raise Http404
