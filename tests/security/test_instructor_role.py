"""The "Instrutor" role in the admin: an instructor runs her course and cohorts but cannot take over the
site, and even a staff user given every permission by hand (but not superuser) cannot hand herself
power, read another user's API token or set another user's password. Walked with Django's test
client, as a browser would post the admin's forms."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.forms import MultiWidget
from django.urls import reverse

from accounts.models import ApiToken
from accounts.roles import FORBIDDEN_PERMISSIONS, INSTRUCTOR_GROUP, INSTRUCTOR_PERMISSIONS, ensure_instructor_group
from classroom.models import Cohort, Policy
from courseware.models import Module, Question
from exercises.models import Exercise, Submission

pytestmark = pytest.mark.django_db


# -- people and their work --------------------------------------------------------------------------


@pytest.fixture
def course(shipped_course):
    return shipped_course


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("dora", password="dora-password-1")


@pytest.fixture
def overpowered(django_user_model):
    """A staff user given every permission there is, by mistake, but not superuser."""
    user = django_user_model.objects.create_user("erin", password="erin-password-1", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture(params=["instructor", "overpowered"])
def staff(request):
    """Each escalation is tried by an instructor and by a staff user who has every permission."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def alice_in_class(teaching, staff, student):
    """The student is in a cohort the staff user teaches (so she may see her)."""
    return teaching(staff, student)


@pytest.fixture
def graded(softmax_exercise, student, other_student):
    """A graded submission of alice (in the instructor's cohort) and one of bob (in no cohort of hers)."""

    def make(user):
        return Submission.objects.create(
            user=user,
            exercise=softmax_exercise,
            source="def softmax(z):\n    return z\n",
            seed=3,
            status=Submission.Status.GRADED,
            score=4,
            max_score=10,
        )

    return make(student), make(other_student)


def form_data(response) -> dict:
    """The fields an admin form page would post as it stands (its inlines left empty)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = field.widget.widget if hasattr(field.widget, "widget") else field.widget  # related wrapper
        if isinstance(widget, MultiWidget):
            for i, part in enumerate(widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = "0" if name in ("TOTAL_FORMS", "INITIAL_FORMS") else ""
    return data


def post_form(client, url, changes: dict):
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return client.post(url, {**form_data(page), **changes})


def user_change(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


# -- the role ---------------------------------------------------------------------------------------


def test_the_role_is_one_group_with_exactly_its_permissions_and_none_of_the_dangerous_ones():
    group = ensure_instructor_group()
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert group.name == INSTRUCTOR_GROUP == "Instrutor"
    assert granted == set(INSTRUCTOR_PERMISSIONS)
    assert not granted & FORBIDDEN_PERMISSIONS
    assert {"auth.view_user", "classroom.add_cohort", "classroom.add_policy", "exercises.view_submission"} <= granted
    assert not {p for p in granted if p.startswith(("auth.", "accounts.")) and p != "auth.view_user"}


@pytest.mark.parametrize("new_group_exists", [False, True])
def test_the_demo_command_renames_an_old_instructors_group_and_strips_what_it_gave(django_user_model, new_group_exists):
    Group.objects.filter(name="Instrutor").delete()  # the migration made it
    if new_group_exists:
        ensure_instructor_group()
    old = Group.objects.create(name="Instructors")
    old.permissions.set(Permission.objects.filter(codename__in=["change_user", "view_apitoken"]))
    veteran = django_user_model.objects.create_user("vera", is_staff=True)
    veteran.groups.add(old)
    call_command("create_demo_users", stdout=io.StringIO())
    assert list(Group.objects.values_list("name", flat=True)) == ["Instrutor"]
    professora = django_user_model.objects.get(username="professora")
    for user in (veteran, professora):
        user = django_user_model.objects.get(pk=user.pk)  # no cached permissions
        assert user.groups.get().name == "Instrutor"
        assert user.has_perm("courseware.change_question") and user.has_perm("classroom.add_cohort")
        assert not user.has_perm("auth.change_user") and not user.has_perm("accounts.view_apitoken")
        assert not user.is_superuser


# -- (a) flags, groups and permissions on her own account or a student's ----------------------------


def test_she_cannot_make_herself_superuser_nor_give_herself_groups(client, staff, superuser):
    admins = Group.objects.create(name="Admins")
    admins.permissions.set(Permission.objects.all())
    before = set(staff.user_permissions.values_list("pk", flat=True))
    client.force_login(staff)
    page = client.get(user_change(staff))
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html and f"field-{field}" not in html

    data = {
        "username": staff.username,
        "first_name": "Changed",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": staff.date_joined.date().isoformat(),
        "date_joined_1": staff.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(admins.pk)],
        "user_permissions": [str(p) for p in Permission.objects.values_list("pk", flat=True)],
    }
    response = client.post(user_change(staff), data)
    staff.refresh_from_db()
    if staff.username == "carol":  # the instructor may only view accounts
        assert response.status_code == 403 and staff.first_name == ""
    else:  # the form is saved, the flags are not
        assert response.status_code == 302 and staff.first_name == "Changed"
    assert not staff.is_superuser
    assert not staff.groups.filter(pk=admins.pk).exists()
    assert set(staff.user_permissions.values_list("pk", flat=True)) == before


def test_she_cannot_make_a_student_of_hers_staff(client, staff, student, alice_in_class):
    client.force_login(staff)
    response = client.post(
        user_change(student),
        {
            "username": student.username,
            "is_active": "on",
            "date_joined_0": student.date_joined.date().isoformat(),
            "date_joined_1": student.date_joined.strftime("%H:%M:%S"),
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code in (302, 403)
    student.refresh_from_db()
    assert not student.is_staff and not student.is_superuser


def test_she_cannot_edit_a_superuser(client, overpowered, superuser):
    client.force_login(overpowered)  # sees every account (she has classroom.view_all_students)
    assert client.get(user_change(superuser)).status_code == 200  # read-only
    response = client.post(
        user_change(superuser),
        {
            "username": "taken-over",
            "is_active": "",
            "date_joined_0": superuser.date_joined.date().isoformat(),
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.username == "dora" and superuser.is_active
    assert client.post(reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"}).status_code == 403


# -- (b) another user's password ------------------------------------------------------------------


@pytest.mark.parametrize("victim", ["student", "superuser"])
def test_she_cannot_set_another_users_password(client, staff, alice_in_class, victim, request):
    target = request.getfixturevalue(victim)
    old_password = "alice-password-1" if victim == "student" else "dora-password-1"
    client.force_login(staff)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(
        url, {"usable_password": "true", "password1": "pwned-Pass-123", "password2": "pwned-Pass-123"}
    )
    assert response.status_code in (403, 404)
    target.refresh_from_db()
    assert target.check_password(old_password) and not target.check_password("pwned-Pass-123")


# -- (c) and (d) API tokens ------------------------------------------------------------------------


def test_she_never_reads_a_students_token_key(client, staff, student, alice_in_class):
    token = ApiToken.objects.create(user=student, name="alices-laptop")
    client.force_login(staff)
    pages = [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        user_change(student),
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        reverse("admin:accounts_apitoken_changelist") + f"?q={student.username}",
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert token.key not in response.content.decode(), url
        assert token.key[:6] not in response.content.decode(), url
    listing = client.get(reverse("admin:accounts_apitoken_changelist"))
    if staff.username == "carol":
        assert listing.status_code == 403
        assert client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).status_code == 403
    else:
        assert listing.status_code == 200 and "alices-laptop" not in listing.content.decode()
        opened = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
        assert opened.status_code == 302  # "does not exist"


def test_a_token_she_adds_is_never_a_students(client, staff, student, alice_in_class):
    client.force_login(staff)
    response = client.post(reverse("admin:accounts_apitoken_add"), {"user": str(student.pk), "name": "mine?"})
    assert not ApiToken.objects.filter(user=student).exists()
    if staff.username == "carol":
        assert response.status_code == 403 and not ApiToken.objects.exists()
    else:
        assert response.status_code == 302
        assert ApiToken.objects.get(name="mine?").user == staff
        own = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
        assert "mine?" in own


# -- (e) groups and permissions ----------------------------------------------------------------------


def test_groups_are_for_superusers_only(client, staff):
    group = ensure_instructor_group()
    client.force_login(staff)
    assert reverse("admin:auth_group_changelist") not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    every = [str(p) for p in Permission.objects.values_list("pk", flat=True)]
    response = client.post(reverse("admin:auth_group_add"), {"name": "Mine", "permissions": every})
    assert response.status_code == 403 and not Group.objects.filter(name="Mine").exists()
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": group.name, "permissions": every}
    )
    assert response.status_code == 403
    assert set(group.permissions.all()) == set(ensure_instructor_group().permissions.all())
    assert client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    assert Group.objects.filter(pk=group.pk).exists()
    assert client.get("/admin/auth/permission/").status_code == 404  # not in the admin at all


# -- what an instructor is there for ---------------------------------------------------------------


@pytest.fixture(params=["instructor", "superuser"])
def teacher(request):
    return request.getfixturevalue(request.param)


def test_she_edits_a_questions_prompt_and_an_exercises_points(client, teacher, course, softmax_exercise):
    client.force_login(teacher)
    question = Question.objects.get(slug="softmax-values")
    url = reverse("admin:courseware_question_change", args=[question.pk])
    response = post_form(client, url, {"prompt": question.prompt + "\n\nRevised by the instructor."})
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).prompt.endswith("Revised by the instructor.")

    url = reverse("admin:exercises_exercise_change", args=[softmax_exercise.pk])
    assert post_form(client, url, {"points": "12"}).status_code == 302
    assert Exercise.objects.get(pk=softmax_exercise.pk).points == 12


def test_she_sees_and_regrades_the_work_of_her_cohort_only(client, teacher, teaching, student, graded):
    teaching(teacher, student)
    alices, bobs = graded
    client.force_login(teacher)
    changelist = reverse("admin:exercises_submission_changelist")
    listing = client.get(changelist).content.decode()
    assert reverse("admin:exercises_submission_change", args=[alices.pk]) in listing
    opened = client.get(reverse("admin:exercises_submission_change", args=[alices.pk]))
    assert opened.status_code == 200 and "def softmax" in opened.content.decode()
    site = client.get(reverse("exercises:submission", args=[alices.pk]))
    assert site.status_code == 200 and "alice" in site.content.decode()

    response = client.post(changelist, {"action": "regrade", "_selected_action": [alices.pk, bobs.pk]})
    assert response.status_code == 302
    assert Submission.objects.get(pk=alices.pk).status == Submission.Status.QUEUED

    bob_seen = Submission.objects.get(pk=bobs.pk).status == Submission.Status.QUEUED
    if teacher.is_superuser:
        assert bob_seen
        assert client.get(reverse("exercises:submission", args=[bobs.pk])).status_code == 200
        return
    assert not bob_seen  # bob is in no cohort of hers: untouched
    assert reverse("admin:exercises_submission_change", args=[bobs.pk]) not in listing
    assert "bob" not in listing
    assert client.get(reverse("admin:exercises_submission_change", args=[bobs.pk])).status_code == 302  # absent
    assert client.get(reverse("exercises:submission", args=[bobs.pk])).status_code == 404
    assert client.get(reverse("exercises:submission_status", args=[bobs.pk])).status_code == 404


def test_her_students_progress_and_attempts_only(client, instructor, teaching, student, other_student, course):
    from courseware.models import Attempt, ModuleProgress, QuestionState

    teaching(instructor, student, course=course)
    module = Module.objects.get(slug="softmax")
    question = Question.objects.get(slug="softmax-values")
    for user in (student, other_student):
        ModuleProgress.objects.create(user=user, module=module, questions_answered=1)
        QuestionState.objects.create(user=user, question=question, attempts_used=1)
        Attempt.objects.create(user=user, question=question, number=1)
    client.force_login(instructor)
    for name in ("moduleprogress", "questionstate", "attempt"):
        response = client.get(reverse(f"admin:courseware_{name}_changelist"))
        html = response.content.decode()
        assert response.status_code == 200 and "alice" in html and "bob" not in html, name
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "alice" in users and "carol" in users and "bob" not in users
    assert client.get(user_change(other_student)).status_code == 302  # not hers: "does not exist"


def test_the_student_picker_names_active_students_but_no_staff(client, instructor, superuser, other_student):
    client.force_login(instructor)
    picker = client.get(reverse("admin:auth_user_changelist") + "?_to_field=id&_popup=1").content.decode()
    assert "bob" in picker and "dora" not in picker
    assert client.get(user_change(other_student)).status_code == 302  # picking is not opening


def test_she_adds_a_cohort_and_a_deadline(client, teacher, course):
    assert teacher.has_perm("classroom.add_cohort") and teacher.has_perm("classroom.add_policy")
    assert teacher.has_perm("classroom.change_enrollment")
    assert teacher.is_superuser or not teacher.has_perm("auth.change_user")
    if not admin.site.is_registered(Cohort):
        pytest.skip("classroom has no admin yet: the permissions are checked above")
    client.force_login(teacher)
    response = post_form(client, reverse("admin:classroom_cohort_add"), {"course": course.pk, "name": "Turma X"})
    assert response.status_code == 302, response.content.decode()[:2000]
    cohort = Cohort.objects.get(name="Turma X")
    assert teacher.is_superuser or teacher in cohort.instructors.all()  # a cohort she makes is hers
    module = Module.objects.get(course=course, slug="softmax")
    response = post_form(
        client,
        reverse("admin:classroom_policy_add"),
        {"cohort": cohort.pk, "module": module.pk, "due_at_0": "2031-05-01", "due_at_1": "23:59:00"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Policy.objects.get(cohort=cohort).due_at.year == 2031


def test_a_superuser_still_manages_accounts(client, superuser, student, instructor):
    token = ApiToken.objects.create(user=student)
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[student.pk])
    data = {"usable_password": "true", "password1": "New-pass-4567", "password2": "New-pass-4567"}
    assert client.post(url, data).status_code == 302
    student.refresh_from_db()
    assert student.check_password("New-pass-4567")
    page = client.get(user_change(student))
    assert 'name="is_superuser"' in page.content.decode()
    response = client.post(
        user_change(student), {**form_data(page), "is_staff": "on", "groups": [ensure_instructor_group().pk]}
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.is_staff and student.groups.get().name == "Instrutor"
    assert token.key in client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200
