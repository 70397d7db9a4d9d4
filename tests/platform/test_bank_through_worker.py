"""Every exercise of the bank through the real worker: each reference gets full marks (and so do the
student's functions alone and a notebook, where the exercise gives helpers), each starter does not;
and the worker's sandbox comes back when it dies."""

import os
import signal
import time

import pytest

from exercises import services
from exercises.management.commands.sync_exercises import Command as Sync
from exercises.models import Exercise, Submission
from grader.bank import all_slugs, load_bundle
from grader.notebook import notebook_to_source
from tests.conftest import wait_until_final

from .sources import CORRECT_SOFTMAX

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def bank(db):
    for slug in all_slugs():
        Sync().save(load_bundle(slug), "test")
    return {e.slug: e for e in Exercise.objects.all()}


def test_every_reference_gets_full_marks_and_every_starter_fails(worker, student, bank):
    submitted = []
    for slug, exercise in bank.items():
        bundle = load_bundle(slug)
        submitted.append((slug, "solution", services.submit(student, exercise, bundle.solution_source, language="en")))
        submitted.append((slug, "starter", services.submit(student, exercise, bundle.starter, language="en")))
        if bundle.given:  # her functions alone, and a notebook: the given helpers come from the platform
            variants = bundle.variants()
            alone = services.submit(student, exercise, variants["functions"], language="en")
            notebook = services.submit(student, exercise, notebook_to_source(variants["notebook"]), language="en")
            submitted += [(slug, "solution", alone), (slug, "solution", notebook)]
    for slug, kind, submission in submitted:
        done = wait_until_final(submission, timeout_s=300)
        if kind == "solution":
            assert done.status == Submission.Status.GRADED, (slug, done.message)
            assert done.score == done.max_score, (slug, [c for c in done.checks if not c["passed"]])
        else:
            assert done.score < done.max_score, slug
    assert {e.queue for e in bank.values()} == {"grading", "grading-gpu"}


def test_every_numpy_mistake_loses_points_through_the_worker(worker, student, bank):
    # The Keras mistakes take seconds each in the pool: tests/grader/test_keras_checks.py grades them.
    submitted = [
        (slug, mistake, services.submit(student, exercise, mistake.source, language="en"))
        for slug, exercise in bank.items()
        if load_bundle(slug).runner == "numpy"
        for mistake in load_bundle(slug).mistakes()
    ]
    assert len(submitted) >= 100
    for slug, mistake, submission in submitted:
        done = wait_until_final(submission, timeout_s=300)
        assert done.score < done.max_score, (slug, mistake.name)
        texts = [done.message] + [c["message"] for c in done.checks if not c["passed"]]
        assert any(mistake.blames in text for text in texts), (slug, mistake.name, texts)
        if mistake.slide:
            assert done.score <= 0.4 * done.max_score, (slug, mistake.name, done.score)


def zygote_pids(worker_pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read()
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if b"zygote.py" in cmdline and ppid == worker_pid:
            found.append(int(entry))
    return found


def test_a_killed_zygote_is_restarted_and_nothing_is_lost(worker, student, bank):
    (zygote,) = zygote_pids(worker.process.pid)
    os.kill(zygote, signal.SIGKILL)
    submission = wait_until_final(
        services.submit(student, bank["softmax"], CORRECT_SOFTMAX, language="en"), timeout_s=90
    )
    assert submission.status == Submission.Status.GRADED and submission.score == submission.max_score
    assert submission.counts
    deadline = time.monotonic() + 10
    while not zygote_pids(worker.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert zygote_pids(worker.process.pid) not in ([], [zygote])
