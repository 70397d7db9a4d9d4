"""Who a staff member may see: the one place that answers it, used by the admin, the staff pages and
the submission views.

A superuser, or anyone with ``classroom.view_all_students``, sees every student. An instructor sees
the students of the cohorts she teaches, and her own rows. A student sees herself only.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import Cohort, Enrollment


def sees_everyone(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm("classroom.view_all_students")))


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.select_related("course")
    if sees_everyone(user):
        return cohorts.all()
    if not user.is_staff:
        return cohorts.none()
    return cohorts.filter(instructors=user)


def students_visible_to(user) -> QuerySet:
    """The users whose work ``user`` may read."""
    users = get_user_model().objects.all()
    if sees_everyone(user):
        return users
    if not user.is_staff:
        return users.filter(pk=user.pk)
    taught = Enrollment.objects.filter(cohort__instructors=user).values("user_id")
    return users.filter(Q(pk__in=taught) | Q(pk=user.pk))


def visible_rows(user, queryset: QuerySet, user_field: str = "user") -> QuerySet:
    """``queryset`` narrowed to rows whose ``user_field`` is a student ``user`` may see."""
    if sees_everyone(user):
        return queryset
    if not user.is_staff:
        return queryset.filter(**{user_field: user})
    return queryset.filter(**{f"{user_field}__in": students_visible_to(user).values("pk")})


def can_see_student(viewer, student) -> bool:
    return students_visible_to(viewer).filter(pk=student.pk).exists()
