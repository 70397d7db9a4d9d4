import json
import secrets
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from exercises.heldout import active_arrays
from exercises.models import Exercise
from exercises.sources import InvalidSubmission, source_from_bytes
from grader import engine
from grader.bank import BundleError, UnknownExercise, load_bundle
from grader.sandbox.client import SandboxUnavailable
from grader.worker import get_sandbox, stop_zygote


class Command(BaseCommand):
    help = "Grade a file for an exercise on the same engine as the queue, and print the verdict."

    def add_arguments(self, parser):
        parser.add_argument("exercise", help="exercise slug, e.g. softmax")
        parser.add_argument("file", help="a .py file or a .ipynb notebook")
        parser.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
        parser.add_argument("--seed", type=int, default=None, help="seed of the checks' inputs (default: random)")
        parser.add_argument("--lang", default=None, help="feedback language (pt-br or en)")

    def handle(self, *args, **options):
        slug, path = options["exercise"], Path(options["file"])
        try:
            bundle = load_bundle(slug)
        except UnknownExercise:
            raise CommandError(f"unknown exercise: {slug}") from None
        except BundleError as exc:
            raise CommandError(f"exercise {slug} is broken: {exc}") from None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        exercise, dataset = self.stored_exercise(slug)
        points = float(exercise.points) if exercise else bundle.points
        limits = bundle.limits(exercise.time_limit_s, exercise.memory_mb) if exercise else bundle.limits()
        seed = options["seed"] if options["seed"] is not None else secrets.randbits(31)
        with translation.override(options["lang"] or translation.get_language()):
            try:
                source = source_from_bytes(data, path.name)
                verdict = engine.grade(
                    bundle, source, seed, get_sandbox(bundle.runner), points=points, limits=limits, dataset=dataset
                )
            except InvalidSubmission as exc:
                verdict = engine.Verdict(engine.ERROR, 0.0, points, [], str(exc), seed=seed)
            except (SandboxUnavailable, BundleError) as exc:
                raise CommandError(f"platform error: {exc}") from None
            finally:
                stop_zygote()
        if options["json"]:
            sys.stdout.write(json.dumps(verdict.as_json(slug), ensure_ascii=False) + "\n")
            return
        self.stdout.write(f"{slug}: {verdict.status} · {verdict.score:g}/{verdict.max_score:g} · {verdict.message}")
        for check in verdict.checks:
            mark = "✔" if check.passed else "✘"
            self.stdout.write(
                f"  {mark} {check.name} ({check.score:g}/{check.max_score:g})"
                + ("" if check.passed else f": {check.message}")
            )

    @staticmethod
    def stored_exercise(slug: str):
        """The admin's points, limits and held-out data set when the database has them; else (None, None)."""
        try:
            exercise = Exercise.objects.filter(slug=slug).first()
            return exercise, (active_arrays(exercise) if exercise else None)
        except DatabaseError:  # not migrated (yet): grading needs no database
            return None, None
