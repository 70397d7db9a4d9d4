"""The "Instrutor" role: the one place that says what an instructor may do in the admin.

An instructor is a staff user in the group ``INSTRUCTOR_GROUP``. She writes and fixes the course
content, runs her cohorts (students, deadlines, policies, regrades) and reads her students' work.
She never manages accounts: no changing, adding or deleting users, nothing on groups or
permissions, no API tokens. Superusers make instructors (a staff user put in this group).

The group's permissions are exactly ``INSTRUCTOR_PERMISSIONS``; ``ensure_instructor_group`` sets
them, from ``create_demo_users`` and from the data migrations of ``accounts`` (so a fresh deployment
has the group). Changing the list means adding a migration of ``accounts`` that calls it again.
The admin checks the dangerous fields and views itself too (``accounts.admin``), so a staff user
given too much by hand still cannot make herself superuser. Which students she sees is
``classroom.access``: those of the cohorts she teaches.
"""

import operator
from functools import reduce

from django.apps import apps as global_apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

# A stable identifier (the admin and the code look the group up by it), not a display string.
INSTRUCTOR_GROUP = "Instrutor"
# Names the group had before; an existing one is renamed (or merged into the new one).
LEGACY_GROUPS = ("Instructors",)

_ALL = ("add", "change", "delete", "view")


def _all(app_label: str, *models: str) -> tuple[str, ...]:
    return tuple(f"{app_label}.{action}_{model}" for model in models for action in _ALL)


INSTRUCTOR_PERMISSIONS: tuple[str, ...] = (
    # Course content: she writes and fixes it (figures come from the course files; the admin only
    # lets her delete one).
    *_all("courseware", "course", "module", "lesson", "figure", "quiz", "question"),
    *_all("exercises", "exercise", "heldoutdataset"),
    # Her cohorts: their students, deadlines and policies, regrades. Not classroom.view_all_students:
    # she sees the students of the cohorts she teaches only.
    *_all("classroom", "cohort", "enrollment", "policy", "regradejob"),
    # Students' work, to read. "change_submission" is the admin's regrade action (the submission's
    # fields stay read-only); never delete.
    "exercises.view_submission",
    "exercises.change_submission",
    "courseware.view_attempt",
    "courseware.view_questionstate",
    "courseware.view_moduleprogress",
    # To pick students for her cohorts; never change, add or delete an account.
    "auth.view_user",
)

# Never part of the role, whatever the list above becomes (checked by ensure_instructor_group).
FORBIDDEN_PERMISSIONS: frozenset[str] = frozenset(
    {
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        *_all("auth", "group", "permission"),
        *_all("accounts", "apitoken"),
        "classroom.view_all_students",
    }
)


def ensure_instructor_group(apps=None, *, strict: bool = True):
    """The instructors' group, created (or renamed from a legacy name) and given exactly
    ``INSTRUCTOR_PERMISSIONS``. ``apps`` is a migration's app registry (default: the project's).
    With ``strict``, a listed permission missing from the database is an error; a migration passes
    ``strict=False``, as a model named in the list may come in a later migration."""
    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    leaking = FORBIDDEN_PERMISSIONS.intersection(INSTRUCTOR_PERMISSIONS)
    if leaking:
        raise ImproperlyConfigured(f"the instructor role must not have {sorted(leaking)}")

    group = Group.objects.filter(name=INSTRUCTOR_GROUP).first()
    legacy = Group.objects.filter(name__in=LEGACY_GROUPS)
    if group is None:
        group = legacy.first() or Group(name=INSTRUCTOR_GROUP)
        group.name = INSTRUCTOR_GROUP
        group.save()
    for old in legacy.exclude(pk=group.pk):
        for user in User.objects.filter(groups=old):
            user.groups.add(group)
        old.delete()

    wanted = reduce(
        operator.or_,
        (Q(content_type__app_label=n.split(".")[0], codename=n.split(".")[1]) for n in INSTRUCTOR_PERMISSIONS),
    )
    permissions = list(Permission.objects.filter(wanted).select_related("content_type"))
    if strict and len(permissions) != len(INSTRUCTOR_PERMISSIONS):
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        missing = sorted(set(INSTRUCTOR_PERMISSIONS) - found)
        raise ImproperlyConfigured(f"permissions of the instructor role missing from the database: {missing}")
    group.permissions.set(permissions)
    return group
