"""Regrading an exercise's submissions in the background, through the staff pages, with the real worker.

The scenario: students' submissions are graded by the worker; then their stored scores are made wrong
(as a broken check would have left them); an instructor regrades from the page, watches the progress
bar reach the end, and finds the scores the checks really give."""

import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from classroom import regrading
from classroom.models import Cohort, RegradeJob
from classroom.services import enroll
from courseware.models import Course, Module
from exercises import services
from exercises.models import Submission
from tests.conftest import wait_until_final
from tests.platform.sources import CORRECT_SOFTMAX, NAIVE_SOFTMAX

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def instructor(django_user_model):
    """A staff member allowed to start regrades (the instructors' role gives it; given here by itself)."""
    user = django_user_model.objects.create_user("carol", password="carol-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="classroom", codename="add_regradejob"))
    return user


@pytest.fixture
def course(softmax_exercise, student, other_student, instructor):
    """A course with the softmax exercise; alice in cohort A, bob in cohort B, carol teaching both and
    allowed to start regrades."""
    course = Course.objects.create(slug="dl", title="Deep Learning")
    Module.objects.create(course=course, number=1, slug="softmax", title="Softmax", exercise_slugs=["softmax"])
    cohort_a = Cohort.objects.create(course=course, name="A")
    cohort_b = Cohort.objects.create(course=course, name="B")
    cohort_a.instructors.add(instructor)
    cohort_b.instructors.add(instructor)
    enroll(student, cohort_a)
    enroll(other_student, cohort_b)
    instructor.user_permissions.add(
        Permission.objects.get(content_type__app_label="classroom", codename="add_regradejob")
    )
    return course


def cohort(name):
    return Cohort.objects.get(name=name)


def graded(user, exercise, source):
    return wait_until_final(services.submit(user, exercise, source, language="en"))


def break_scores(*submissions):
    """What a broken check left behind: no points, no checks."""
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(score=0, checks=[])


def stored(**fields):
    """A row written directly, as the grader would have left it, without sending it to the worker."""
    defaults = {"source": CORRECT_SOFTMAX, "seed": 7, "max_score": 10}
    return Submission.objects.create(**{**defaults, **fields})


def start_from_page(client, course, exercise, cohort_id=""):
    response = client.post(
        reverse("classroom:regrades", args=[course.slug]), {"exercise": exercise.slug, "cohort": cohort_id}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def progress_of(html):
    done, total = re.search(r'data-done="(\d+)" data-total="(\d+)"', html).groups()
    return int(done), int(total)


def poll_until_done(client, url, timeout_s=60):
    """Fetch the progress partial as htmx does, every half second, until it stops asking to be polled."""
    deadline = time.monotonic() + timeout_s
    seen = []
    while time.monotonic() < deadline:
        html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        seen.append(progress_of(html))
        if 'hx-trigger="every 2s"' not in html:
            return html, seen
        time.sleep(0.5)
    raise AssertionError(f"the regrade was not done after {timeout_s} s: {seen[-1]}")


# -- with the worker -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_regrade_from_the_page_restores_the_scores_grading_gives(
    worker, client, course, instructor, student, other_student, softmax_exercise
):
    right = graded(student, softmax_exercise, CORRECT_SOFTMAX)
    wrong = graded(other_student, softmax_exercise, NAIVE_SOFTMAX)
    true_scores = {right.pk: right.score, wrong.pk: wrong.score}
    assert true_scores[right.pk] == 10 and 0 < true_scores[wrong.pk] < 10
    break_scores(right, wrong)
    # Left alone: a submission the platform failed to grade, and one still waiting for the worker.
    lost = stored(user=student, exercise=softmax_exercise)
    services.fail_platform(lost.pk, "sandbox gone")
    lost.refresh_from_db()
    waiting = stored(user=other_student, exercise=softmax_exercise)

    client.force_login(instructor)
    url = start_from_page(client, course, softmax_exercise)
    page = client.get(url)
    assert page.status_code == 200
    assert "<progress" in page.content.decode()

    html, seen = poll_until_done(client, url)
    assert seen[-1] == (2, 2)
    assert all(done <= total == 2 for done, total in seen)
    assert "2 / 2" in html and "2 scores changed." in html
    for submission in (right, wrong):
        submission.refresh_from_db()
        assert submission.status == Submission.Status.GRADED
        assert submission.score == true_scores[submission.pk]
        assert submission.checks  # the checks' results are back too
    job = RegradeJob.objects.get()
    assert job.queued_at is not None and job.requested_by == instructor
    assert sorted(regrading.job_ids(job)) == sorted(true_scores)

    untouched = Submission.objects.get(pk=lost.pk)
    assert (untouched.status, untouched.counts, untouched.finished_at) == ("error", False, lost.finished_at)
    assert Submission.objects.get(pk=waiting.pk).status == Submission.Status.QUEUED

    # The job page, once done, lists each submission with its score before and now.
    full = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' not in full
    assert re.search(rf'id="regraded-{wrong.pk}" class="changed">.*?bob.*?<td>0 / ', full, re.S)
    # And the course's regrade page lists the job as complete.
    listing = client.get(reverse("classroom:regrades", args=[course.slug])).content.decode()
    assert f'id="regrade-job-{job.pk}"' in listing and "2 / 2" in listing


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_cohort_regrade_leaves_other_cohorts_untouched(
    worker, client, course, instructor, student, other_student, softmax_exercise
):
    in_a = graded(student, softmax_exercise, NAIVE_SOFTMAX)
    in_b = graded(other_student, softmax_exercise, CORRECT_SOFTMAX)
    true_a = in_a.score
    break_scores(in_a, in_b)
    before_b = Submission.objects.get(pk=in_b.pk)

    client.force_login(instructor)
    url = start_from_page(client, course, softmax_exercise, cohort_id=cohort("A").pk)
    html, seen = poll_until_done(client, url)
    assert seen[-1] == (1, 1) and "1 score changed." in html

    in_a.refresh_from_db()
    assert in_a.score == true_a and in_a.finished_at > before_b.finished_at
    after_b = Submission.objects.get(pk=in_b.pk)
    assert (after_b.score, after_b.checks, after_b.finished_at) == (0, [], before_b.finished_at)
    assert RegradeJob.objects.get().cohort == cohort("A")


# -- without the worker (no job reaches the broker: these tests' transactions never commit) -------------


@pytest.mark.django_db
def test_a_student_or_staff_without_the_permission_cannot_start_one(
    client, course, student, softmax_exercise, django_user_model
):
    url = reverse("classroom:regrades", args=[course.slug])
    client.force_login(student)
    assert client.post(url, {"exercise": softmax_exercise.slug, "cohort": ""}).status_code == 403
    assistant = django_user_model.objects.create_user("dave", password="dave-password-1", is_staff=True)
    cohort("A").instructors.add(assistant)
    client.force_login(assistant)
    assert client.get(url).status_code == 200  # she may look
    assert client.post(url, {"exercise": softmax_exercise.slug, "cohort": ""}).status_code == 403
    assert not RegradeJob.objects.exists()


@pytest.mark.django_db
def test_only_final_counted_work_of_visible_students_is_taken(
    course, softmax_exercise, student, other_student, django_user_model
):
    """Graded ones and the students' own errors; not platform failures, nor queued or running ones; and an
    instructor of cohort A alone takes only cohort A's students, even for "all my students"."""
    old = timezone.now()
    ok = stored(user=student, exercise=softmax_exercise, status="graded", score=4, finished_at=old)
    own_error = stored(user=student, exercise=softmax_exercise, status="error", score=0, finished_at=old)
    stored(user=student, exercise=softmax_exercise, status="error", counts=False, finished_at=old)
    stored(user=student, exercise=softmax_exercise, status="queued")
    stored(user=student, exercise=softmax_exercise, status="running")
    of_b = stored(user=other_student, exercise=softmax_exercise, status="graded", score=9, finished_at=old)
    teacher_a = django_user_model.objects.create_user("erin", password="erin-password-1", is_staff=True)
    cohort("A").instructors.add(teacher_a)

    job = regrading.start_regrade(teacher_a, softmax_exercise)
    assert sorted(regrading.job_ids(job)) == sorted([ok.pk, own_error.pk])
    assert {"id": ok.pk, "old": 4} in job.submission_ids
    assert regrading.progress(job) == (0, 2)
    everything = regrading.start_regrade(
        django_user_model.objects.create_superuser("root", "r@x.org", "pw-123456"), softmax_exercise
    )
    assert sorted(regrading.job_ids(everything)) == sorted([ok.pk, own_error.pk, of_b.pk])


@pytest.mark.django_db
def test_the_page_polls_every_two_seconds_until_done(client, course, instructor, student, softmax_exercise):
    waiting = stored(user=student, exercise=softmax_exercise, status="queued")
    job = RegradeJob.objects.create(
        exercise=softmax_exercise,
        cohort=cohort("A"),
        requested_by=instructor,
        submission_ids=[{"id": waiting.pk, "old": 3}],
    )
    url = reverse("classroom:regrade", args=[job.pk])
    client.force_login(instructor)
    page = client.get(url).content.decode()
    assert '<progress value="0" max="1"' in page and "0 / 1" in page
    assert f'hx-get="{url}" hx-trigger="every 2s"' in page
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'hx-trigger="every 2s"' in partial

    Submission.objects.filter(pk=waiting.pk).update(status="graded", score=3, finished_at=timezone.now())
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "1 / 1" in partial and "hx-trigger" not in partial and "0 scores changed." in partial


@pytest.mark.django_db
def test_a_job_of_a_cohort_she_does_not_teach_is_404(client, course, instructor, softmax_exercise, django_user_model):
    job_b = RegradeJob.objects.create(exercise=softmax_exercise, cohort=cohort("B"), requested_by=instructor)
    teacher_a = django_user_model.objects.create_user("erin", password="erin-password-1", is_staff=True)
    cohort("A").instructors.add(teacher_a)
    client.force_login(teacher_a)
    assert client.get(reverse("classroom:regrade", args=[job_b.pk])).status_code == 404
    listing = client.get(reverse("classroom:regrades", args=[course.slug])).content.decode()
    assert f"regrade-job-{job_b.pk}" not in listing
    client.force_login(instructor)
    assert client.get(reverse("classroom:regrade", args=[job_b.pk])).status_code == 200
