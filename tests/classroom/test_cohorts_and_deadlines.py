"""Cohorts and their rules as a student and an instructor meet them: joining with a code, a roster
imported in the admin, and deadlines, attempt limits and cooldowns refused alike by the site, the
API and the quiz, with a platform failure never costing an attempt."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from classroom.models import Cohort, Enrollment, Policy
from courseware.models import Course, Module, Question, QuestionState
from exercises import services
from exercises.models import Submission
from tests.platform.sources import CORRECT_SOFTMAX

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.django_db]


@pytest.fixture
def course(softmax_exercise):
    course = Course.objects.create(slug="turma-teste", title="Curso de teste")
    Module.objects.create(course=course, number=1, slug="m1", title="Softmax", exercise_slugs=["softmax"])
    return course


@pytest.fixture
def cohort(course, student):
    cohort = Cohort.objects.create(course=course, name="Turma A")
    Enrollment(cohort=cohort, user=student).save()
    return cohort


def policy(cohort, exercise=None, module=None, **fields) -> Policy:
    rules = Policy(cohort=cohort, exercise=exercise, module=module, **fields)
    rules.full_clean()
    rules.save()
    return rules


def submit_on_site(client, source=CORRECT_SOFTMAX):
    """The form posted without htmx: 302 back to the exercise when accepted."""
    return client.post(reverse("exercises:submit", args=["softmax"]), {"source": source})


def submit_by_api(client, source=CORRECT_SOFTMAX):
    return client.post(
        "/api/submissions", json.dumps({"exercise": "softmax", "source": source}), content_type="application/json"
    )


# -- joining -----------------------------------------------------------------------------------------


def test_a_student_joins_with_the_code_typed_loosely_and_sees_her_cohort(client, course, other_student):
    cohort = Cohort.objects.create(course=course, name="Turma B")
    client.force_login(other_student)
    typed = f" {cohort.join_code[:4].lower()} {cohort.join_code[4:].lower()} "
    response = client.post(reverse("classroom:join"), {"code": typed, "next": course.get_absolute_url()}, follow=True)
    assert Enrollment.objects.filter(user=other_student, cohort=cohort).exists()
    page = response.content.decode()
    assert "You joined the cohort “Turma B”" in page and "Your cohort: <strong>Turma B</strong>" in page
    assert 'name="code"' not in page  # no join form once she is in a cohort


def test_a_wrong_or_closed_code_changes_nothing_and_says_why(client, course, other_student):
    closed = Cohort.objects.create(course=course, name="Fechada", accepts_join_code=False)
    client.force_login(other_student)
    for code in ("NOPE1234", closed.join_code, "x" * 500):
        page = client.post(reverse("classroom:join"), {"code": code}, follow=True).content.decode()
        assert "No cohort has this code" in page
    assert not Enrollment.objects.filter(user=other_student).exists()


def test_a_student_cannot_join_a_second_cohort_of_the_same_course(client, cohort, student):
    other = Cohort.objects.create(course=cohort.course, name="Turma B")
    client.force_login(student)
    page = client.post(reverse("classroom:join"), {"code": other.join_code}, follow=True).content.decode()
    assert "already in another cohort" in page
    assert list(Enrollment.objects.filter(user=student).values_list("cohort__name", flat=True)) == ["Turma A"]


def test_joining_needs_a_login_and_a_post(client, cohort):
    assert client.post(reverse("classroom:join"), {"code": cohort.join_code}).status_code == 302
    assert not Enrollment.objects.exclude(user__username="alice").exists()
    client.force_login(cohort.enrollments.get().user)
    assert client.get(reverse("classroom:join")).status_code == 405


# -- the roster ------------------------------------------------------------------------------------


ROSTER = (
    "\ufeffusername;nome;e-mail\r\n"
    "ana.souza;Ana Souza;ana@example.org\r\n"
    "joão;João Pereira;joao@example.org\r\n"
    "bruno;Bruno Lima;not-an-email\r\n"
    "carol;Carol (staff);carol@example.org\r\n"
    "alice;Alice;alice@example.org\r\n"
    ";;\r\n"
)


def test_an_instructor_imports_a_roster_from_excel_in_the_admin(client, cohort, instructor, django_user_model):
    cohort.instructors.add(instructor)
    client.force_login(instructor)
    url = reverse("admin:classroom_cohort_roster", args=[cohort.pk])
    upload = io.BytesIO(ROSTER.encode("utf-8"))
    upload.name = "turma.csv"
    page = client.post(url, {"file": upload}).content.decode()
    enrolled = set(cohort.enrollments.values_list("user__username", flat=True))
    assert enrolled == {"alice", "ana.souza", "joão"}
    ana = django_user_model.objects.get(username="ana.souza")
    assert (ana.first_name, ana.last_name, ana.email) == ("Ana", "Souza", "ana@example.org")
    assert not ana.has_usable_password() and not ana.is_staff
    assert "line 4" in page and "line 5" in page  # the bad e-mail and the staff account, named by line
    assert not django_user_model.objects.filter(username="bruno").exists()
    # Importing again adds no one and creates no account.
    upload = io.BytesIO(ROSTER.encode("cp1252", errors="replace"))
    upload.name = "turma.csv"
    client.post(url, {"file": upload})
    assert cohort.enrollments.count() == 3


def test_a_roster_without_a_username_column_is_refused_whole(client, cohort, instructor):
    cohort.instructors.add(instructor)
    client.force_login(instructor)
    upload = io.BytesIO(b"nome,email\nAna,ana@example.org\n")
    upload.name = "turma.csv"
    page = client.post(reverse("admin:classroom_cohort_roster", args=[cohort.pk]), {"file": upload}).content.decode()
    assert "must name the columns" in page
    assert cohort.enrollments.count() == 1


def test_an_instructor_cannot_import_into_a_cohort_she_does_not_teach(client, cohort, instructor):
    client.force_login(instructor)
    upload = io.BytesIO(b"username\nintruso\n")
    upload.name = "turma.csv"
    response = client.post(reverse("admin:classroom_cohort_roster", args=[cohort.pk]), {"file": upload})
    assert response.status_code == 404
    assert cohort.enrollments.count() == 1


# -- exercises: the site and the API refuse alike -------------------------------------------------


@pytest.mark.parametrize("submit", [submit_on_site, submit_by_api], ids=["site", "api"])
def test_nothing_is_accepted_after_the_cutoff(client, cohort, student, softmax_exercise, broker, submit):
    now = timezone.now()
    policy(cohort, softmax_exercise, due_at=now - timedelta(days=2), cutoff_at=now - timedelta(minutes=1))
    client.force_login(student)
    response = submit(client)
    assert response.status_code == 403
    assert "deadline has passed" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("submit", [submit_on_site, submit_by_api], ids=["site", "api"])
def test_nothing_is_accepted_before_the_opening(client, cohort, student, softmax_exercise, broker, submit):
    policy(cohort, softmax_exercise, opens_at=timezone.now() + timedelta(hours=3))
    client.force_login(student)
    response = submit(client)
    assert response.status_code == 403 and "This opens on" in response.content.decode()
    assert not Submission.objects.exists()


def test_late_work_is_accepted_until_the_cutoff(client, cohort, student, softmax_exercise, broker):
    now = timezone.now()
    policy(cohort, softmax_exercise, due_at=now - timedelta(hours=1), cutoff_at=now + timedelta(days=1))
    client.force_login(student)
    assert submit_on_site(client).status_code == 302
    assert Submission.objects.count() == 1


def test_the_attempt_limit_holds_and_a_platform_failure_gives_the_attempt_back(
    client, cohort, student, softmax_exercise, broker
):
    policy(cohort, softmax_exercise, max_attempts=2)
    client.force_login(student)
    assert submit_on_site(client).status_code == 302
    assert submit_by_api(client).status_code == 201
    third = submit_by_api(client)
    assert third.status_code == 403 and "all 2 submissions" in third.json()["detail"]
    page = client.get(reverse("exercises:detail", args=["softmax"])).content.decode()
    assert "0 submissions left." in page
    # The platform gives up on one of them: it does not count, so she may submit once more.
    services.fail_platform(Submission.objects.order_by("pk").first().pk, "test: worker lost")
    assert "1 submission left." in client.get(reverse("exercises:detail", args=["softmax"])).content.decode()
    assert submit_on_site(client).status_code == 302
    htmx = client.post(reverse("exercises:submit", args=["softmax"]), {"source": "x = 1"}, HTTP_HX_REQUEST="true")
    assert "all 2 submissions" in htmx.content.decode() and htmx["HX-Retarget"] == "#form-error"
    assert Submission.objects.filter(counts=True).count() == 2


def test_the_cooldown_holds_between_submissions(client, cohort, student, softmax_exercise, broker):
    policy(cohort, softmax_exercise, cooldown_seconds=600)
    client.force_login(student)
    assert submit_on_site(client).status_code == 302
    second = submit_by_api(client)
    assert second.status_code == 403 and "Wait 600 s" in second.json()["detail"]
    Submission.objects.update(created_at=timezone.now() - timedelta(seconds=601))
    assert submit_by_api(client).status_code == 201


def test_a_student_without_a_cohort_has_no_limits(client, cohort, other_student, softmax_exercise, broker):
    policy(cohort, softmax_exercise, max_attempts=1, cutoff_at=None, due_at=timezone.now() - timedelta(days=1))
    client.force_login(other_student)
    assert [submit_by_api(client).status_code for _ in range(3)] == [201, 201, 201]


def test_the_exercise_page_shows_the_due_date_in_the_readers_time_zone(client, cohort, student, softmax_exercise):
    due = timezone.now().replace(microsecond=0) + timedelta(days=3)
    policy(
        cohort, softmax_exercise, due_at=due, penalty="per_day", penalty_value="0.1", cutoff_at=due + timedelta(days=2)
    )
    client.force_login(student)
    page = client.get(reverse("exercises:detail", args=["softmax"])).content.decode()
    sao_paulo = timezone.localtime(due, timezone=__import__("zoneinfo").ZoneInfo("America/Sao_Paulo"))
    assert f'datetime="{sao_paulo.isoformat()}"' in page and "(-03)" in page
    assert 'class="countdown"' in page and "Late work loses 10% per started day." in page
    client.cookies["tz"] = "Asia/Tokyo"
    page = client.get(reverse("exercises:detail", args=["softmax"])).content.decode()
    assert "(JST)" in page
    client.cookies["tz"] = "Not/AZone<script>"
    assert "(-03)" in client.get(reverse("exercises:detail", args=["softmax"])).content.decode()


def test_the_course_map_shows_her_cohort_and_its_due_dates(client, cohort, student, softmax_exercise):
    policy(cohort, softmax_exercise, due_at=timezone.now() + timedelta(days=1))
    client.force_login(student)
    page = client.get(cohort.course.get_absolute_url()).content.decode()
    assert "Your cohort: <strong>Turma A</strong>" in page and 'class="due"' in page


# -- quizzes -----------------------------------------------------------------------------------------


def test_a_closed_quiz_refuses_answers_without_counting_them(client, shipped_course, student):
    cohort = Cohort.objects.create(course=shipped_course, name="Turma Q")
    Enrollment(cohort=cohort, user=student).save()
    question = Question.objects.filter(kind="numeric", is_active=True).select_related("quiz__module").first()
    module = question.quiz.module
    policy(cohort, module=module, due_at=timezone.now() - timedelta(hours=2))
    client.force_login(student)
    url = reverse("courseware:answer", args=[shipped_course.slug, module.slug, question.slug])
    page = client.post(url, {"attempt": "0", "value": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "deadline has passed" in page
    assert not QuestionState.objects.filter(user=student, attempts_used__gt=0).exists()
    lesson = client.get(module.get_absolute_url()).content.decode()
    assert "past due" in lesson


def test_a_cohorts_attempt_limit_replaces_the_quizs(client, shipped_course, student, other_student):
    cohort = Cohort.objects.create(course=shipped_course, name="Turma Q")
    Enrollment(cohort=cohort, user=student).save()
    question = Question.objects.filter(kind="numeric", is_active=True).select_related("quiz__module").first()
    module = question.quiz.module
    assert question.attempts_allowed > 1
    question.quiz.cooldown_seconds = 0
    question.quiz.save()
    policy(cohort, module=module, max_attempts=1)
    url = reverse("courseware:answer", args=[shipped_course.slug, module.slug, question.slug])
    for user, expected in ((student, 1), (other_student, 2)):
        client.force_login(user)
        for number in range(2):
            client.post(url, {"attempt": str(number), "value": "123456789"}, HTTP_HX_REQUEST="true")
        assert QuestionState.objects.get(user=user, question=question).attempts_used == expected


def test_the_demo_users_come_with_a_demo_cohort(shipped_course):
    from accounts.roles import INSTRUCTOR_GROUP

    for _ in range(2):  # run twice: nothing doubles
        call_command("create_demo_users", stdout=io.StringIO())
    cohort = Cohort.objects.get(course=shipped_course)
    assert cohort.name == "Turma demo"
    assert [u.username for u in cohort.instructors.all()] == ["professora"]
    assert list(cohort.enrollments.values_list("user__username", flat=True)) == ["aluna"]
    assert cohort.instructors.get().groups.filter(name=INSTRUCTOR_GROUP).exists()


def test_staff_see_the_graders_queue_on_the_classes_page(client, cohort, student, softmax_exercise, instructor):
    Submission.objects.create(user=student, exercise=softmax_exercise, source="x = 1", seed=1)
    Submission.objects.filter(
        pk=Submission.objects.create(user=student, exercise=softmax_exercise, source="y", seed=2).pk
    ).update(status="running")
    Submission.objects.filter(pk=Submission.objects.get(source="x = 1").pk).update(
        created_at=timezone.now() - timedelta(seconds=90)
    )
    client.force_login(instructor)
    page = client.get(reverse("classroom:staff_home")).content.decode()
    assert "Waiting to be graded</dt><dd>1 · the oldest for 9" in page  # 90-something seconds
    assert "Being graded now</dt><dd>1</dd>" in page
    client.force_login(student)
    assert client.get(reverse("classroom:staff_home")).status_code == 403


def test_a_new_account_from_the_roster_gets_a_one_time_link_to_choose_her_password(
    client, cohort, instructor, django_user_model
):
    import re

    cohort.instructors.add(instructor)
    client.force_login(instructor)
    upload = io.BytesIO(b"username,name,email\nana.souza,Ana Souza,ana@example.org\nalice,Alice,a@example.org\n")
    upload.name = "turma.csv"
    page = client.post(reverse("admin:classroom_cohort_roster", args=[cohort.pk]), {"file": upload}).content.decode()
    links = re.findall(r"<td>([\w.]+)</td><td><code>http://testserver(/accounts/reset/[^<]+)</code>", page)
    assert [username for username, _path in links] == ["ana.souza"]  # alice had an account: no link for her
    client.logout()
    landing = client.get(links[0][1], follow=True)
    assert "Your account is <strong>ana.souza</strong>" in landing.content.decode()
    form_url = landing.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Redes-neurais-2026", "new_password2": "Redes-neurais-2026"})
    assert (
        done.status_code == 302
        and int(client.session["_auth_user_id"]) == django_user_model.objects.get(username="ana.souza").pk
    )
    client.logout()
    again = client.get(links[0][1], follow=True).content.decode()
    assert "no longer valid" in again
    assert client.login(username="ana.souza", password="Redes-neurais-2026")
