"""axe-core in real Chromium over the classroom pages, at desktop and phone sizes: the staff pages
whole (classes, gradebook, a student's history, statistics, regrades), and on the student's pages
what the classroom adds (the join form, her cohort, a deadline on an exercise and on a quiz; the
rest of those pages, the editor and the quiz forms, is checked by the student-experience work).
No violation of any impact."""

import os
import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import ARGS, CHROMIUM
from tests.platform.sources import CORRECT_SOFTMAX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"Chromium not found at {CHROMIUM}"),
]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def classroom(shipped_course, softmax_exercise, student, other_student, instructor):
    from classroom.models import Cohort, Enrollment, Policy, RegradeJob
    from courseware import services
    from courseware.models import Question
    from exercises.models import Submission

    course = shipped_course
    cohort = Cohort.objects.create(course=course, name="Turma A11y")
    cohort.instructors.add(instructor)
    Enrollment(cohort=cohort, user=student).save()
    now = timezone.now()
    Policy.objects.create(
        cohort=cohort,
        exercise=softmax_exercise,
        due_at=now - timedelta(hours=1),
        cutoff_at=now + timedelta(days=1),
        penalty="per_day",
        penalty_value="0.1",
        max_attempts=5,
    )
    question = Question.objects.filter(kind="numeric", is_active=True).select_related("quiz__module").first()
    Policy.objects.create(cohort=cohort, module=question.quiz.module, due_at=now + timedelta(days=2))
    services.answer(student, question, 0, "1")
    graded = Submission.objects.create(
        user=student,
        exercise=softmax_exercise,
        source=CORRECT_SOFTMAX,
        seed=1,
        status="graded",
        score=10,
        max_score=10,
        finished_at=now,
        checks=[{"name": "shape", "passed": True, "score": 10, "max_score": 10, "message": ""}],
    )
    job = RegradeJob.objects.create(
        exercise=softmax_exercise, cohort=cohort, requested_by=instructor, submission_ids=[{"id": graded.pk, "old": 0}]
    )
    return {"course": course, "cohort": cohort, "question": question, "job": job}


STUDENT_PARTS = [[".deadline"], ["form.join"], [".cohort"], [".due"]]


def violations(page, parts=None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    if parts is not None:
        parts = [part for part in parts if page.locator(part[0]).count()]
        assert parts, f"none of the classroom's parts is on {page.url}"
    results = Axe().run(page, context={"include": parts} if parts else None)
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_classroom_pages_have_no_axe_violations(live_server, classroom, size):
    from playwright.sync_api import sync_playwright

    course, cohort, job = classroom["course"], classroom["cohort"], classroom["job"]
    student_id = cohort.enrollments.get().user_id
    staff_pages = [
        "/staff/",
        f"/staff/{course.slug}/gradebook/?cohort={cohort.pk}",
        f"/staff/{course.slug}/students/{student_id}/",
        f"/staff/{course.slug}/statistics/?cohort={cohort.pk}",
        f"/staff/{course.slug}/regrades/?cohort={cohort.pk}",
        f"/staff/regrades/{job.pk}/",
    ]
    student_pages = ["/exercises/softmax/", classroom["question"].quiz.module.get_absolute_url()]
    self_study_pages = [course.get_absolute_url()]
    found = {}
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for username, password, pages, parts in (
                ("carol", "carol-password-1", staff_pages, None),
                ("alice", "alice-password-1", student_pages, STUDENT_PARTS),
                ("bob", "bob-password-1", self_study_pages, STUDENT_PARTS),
            ):
                context = browser.new_context(viewport=SIZES[size], locale="pt-BR")
                page = context.new_page()
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", password)
                page.click("[type=submit]")
                page.wait_for_load_state()
                for path in pages:
                    response = page.goto(live_server.url + path)
                    assert response.status == 200, path
                    found[path] = violations(page, parts)
                context.close()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    bad = {path: v for path, v in found.items() if v}
    assert not bad, "\n".join(f"{p}: {v}" for p, vs in bad.items() for v in vs)
