from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courseware.content import ContentError
from courseware.importer import course_folders, sync


class Command(BaseCommand):
    help = (
        "Validate a course folder (course.yaml, modules/NN-slug/lesson.md, quiz.yaml, generators.py, "
        "figures/) and load it into the database in one transaction. Idempotent; by default every "
        "course under content/."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="course folders (default: content/*/)")
        parser.add_argument("--force", action="store_true", help="reload even when the files did not change")

    def handle(self, *args, paths, force, **options):
        self.verbosity = options["verbosity"]
        folders = paths or course_folders()
        if not folders:
            raise CommandError("no course folder found (content/*/course.yaml)")
        for folder in folders:
            try:
                report = sync(folder, force=force)
            except ContentError as error:
                problems = "\n".join(f"  {p}" for p in error.problems)
                raise CommandError(f"{folder}: nothing loaded, {len(error.problems)} problem(s):\n{problems}") from None
            for warning in report.warnings:
                self.stderr.write(f"warning: {warning}")
            self._report(report)

    def _report(self, report):
        modules = report.modules
        state = "loaded" if report.changed else "unchanged"
        questions = sum(m[2] for m in modules)
        self.stdout.write(
            f"{report.course.slug}: {state}: {len(modules)} modules, {len(modules)} lessons, "
            f"{questions} questions, {sum(m[3] for m in modules)} exercises linked, "
            f"{sum(m[4] for m in modules)} figures"
        )
        if self.verbosity > 1:
            for number, slug, n_questions, n_exercises, n_figures in modules:
                self.stdout.write(
                    f"  {number:02d}-{slug}: {n_questions} questions, {n_exercises} exercises, {n_figures} figures"
                )
