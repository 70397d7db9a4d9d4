"""Grading one stored submission: claim it, grade it on the engine, record the verdict.

Student faults end in a verdict. Platform faults (sandbox unreachable, a broken bundle, a bug in a
check) release the submission and raise ``PlatformError`` so that the task retries it; the student
is never charged for them.
"""

import logging

from django.utils import translation

from exercises import services
from exercises.heldout import active_arrays
from exercises.models import Submission

from . import engine
from .bank import load_bundle
from .sandbox.client import Zygote
from .worker import get_sandbox

log = logging.getLogger(__name__)


class PlatformError(RuntimeError):
    pass


def grade_submission(submission_id: int, sandbox: Zygote | None = None) -> str:
    """Returns what happened: "graded", "error" or "skipped" (not queued: another worker has it).

    ``sandbox`` defaults to this worker's sandbox for the exercise (the zygote, or the Keras pool)."""
    submission = services.claim(submission_id)
    if submission is None:
        return "skipped"
    try:
        verdict = _grade(submission, sandbox)
    except Exception as exc:  # everything that is not a verdict is the platform's fault
        services.release(submission_id, f"{type(exc).__name__}: {exc}")
        log.exception("platform fault grading submission %s", submission_id)
        raise PlatformError(f"{type(exc).__name__}: {exc}") from exc
    services.record_verdict(submission, verdict)
    return verdict.status


def _grade(submission: Submission, sandbox: Zygote | None) -> engine.Verdict:
    exercise = submission.exercise
    bundle = load_bundle(exercise.slug)
    sandbox = sandbox or get_sandbox(bundle.runner)
    limits = bundle.limits(time_limit_s=exercise.time_limit_s, memory_mb=exercise.memory_mb)
    with translation.override(submission.language):
        return engine.grade(
            bundle,
            submission.source,
            submission.seed,
            sandbox,
            points=float(exercise.points),
            limits=limits,
            dataset=active_arrays(exercise),
        )


def mark_lost(submission_id: int, reason: str) -> None:
    services.fail_platform(submission_id, reason)
