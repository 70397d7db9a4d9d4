"""The deadline on the worker's path: work accepted before the cutoff and graded after it counts on
time and in full; what comes after the cutoff is refused before it is stored. Real worker."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from classroom.models import Cohort, Enrollment, Policy
from courseware.models import Course, Module
from exercises.models import Submission
from tests.conftest import wait_until_final
from tests.platform.sources import CORRECT_SOFTMAX

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Her correct function, slow to import: grading finishes a few seconds after the submission.
SLOW_CORRECT_SOFTMAX = "import time\ntime.sleep(3)\n" + CORRECT_SOFTMAX


def test_a_submission_accepted_before_the_cutoff_and_graded_after_counts_in_full(
    client, worker, student, softmax_exercise
):
    course = Course.objects.create(slug="prazo", title="Prazo")
    Module.objects.create(course=course, number=1, slug="m1", title="Softmax", exercise_slugs=["softmax"])
    cohort = Cohort.objects.create(course=course, name="Turma P")
    Enrollment(cohort=cohort, user=student).save()
    cutoff = timezone.now() + timedelta(seconds=2)
    Policy.objects.create(cohort=cohort, exercise=softmax_exercise, due_at=cutoff, cutoff_at=cutoff)
    client.force_login(student)

    response = client.post(reverse("exercises:submit", args=["softmax"]), {"source": SLOW_CORRECT_SOFTMAX})
    assert response.status_code == 302
    submission = wait_until_final(Submission.objects.get(), timeout_s=90)
    assert submission.created_at < cutoff < submission.finished_at  # accepted before, graded after
    assert submission.score == submission.max_score

    late = client.post("/api/submissions", {"exercise": "softmax", "source": CORRECT_SOFTMAX}, "application/json")
    assert late.status_code == 403 and Submission.objects.count() == 1

    out = io.StringIO()
    call_command("gradebook", course.slug, "--cohort", cohort.name, "--csv", stdout=out)
    header, row = [line.split(",") for line in out.getvalue().splitlines()[:2]]
    record = dict(zip(header, row, strict=True))
    assert record["username"] == "alice"
    assert float(record["exercise:softmax"]) == float(softmax_exercise.points)  # on time: no penalty
    assert float(record["total"]) == 100.0
