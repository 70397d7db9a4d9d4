"""What every staff page of a course starts with: who may open it, and which course and cohort it is
about (``?cohort=<id>``; none means the whole course, for those who see every student)."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from courseware.models import Course

from . import access
from .models import Cohort


def staff_page(view):
    """Logged-in staff only: others are sent to log in (anonymous) or refused (students)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class Scope:
    course: Course
    cohort: Cohort | None  # None: the whole course (every student account)
    cohorts: list[Cohort]  # the course's cohorts the viewer may open

    def students(self):
        """The students this page is about: the cohort's, or every student account of the site."""
        from django.contrib.auth import get_user_model

        if self.cohort is not None:
            return get_user_model().objects.filter(enrollments__cohort=self.cohort).order_by("username")
        return get_user_model().objects.filter(is_staff=False, is_superuser=False).order_by("username")


def scope(request, course_slug: str) -> Scope:
    """The course and the cohort a staff page shows, checked against what the viewer may see."""
    try:
        course = Course.objects.get(slug=course_slug)
    except Course.DoesNotExist:
        raise Http404(_("No course named “%(slug)s”.") % {"slug": course_slug}) from None
    cohorts = list(access.cohorts_visible_to(request.user).filter(course=course))
    wanted = request.GET.get("cohort", "")
    if wanted:
        cohort = next((c for c in cohorts if str(c.pk) == wanted), None)
        if cohort is None:
            raise Http404(_("No such cohort."))
        return Scope(course, cohort, cohorts)
    if access.sees_everyone(request.user):
        return Scope(course, None, cohorts)
    if cohorts:
        return Scope(course, cohorts[0], cohorts)
    raise Http404(_("You teach no cohort of this course."))
