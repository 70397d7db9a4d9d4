from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courseware.importer import export
from courseware.models import Course


class Command(BaseCommand):
    help = "Write a course from the database to DIR as files that sync_course loads back to the same course."

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path)
        parser.add_argument("--course", help="course slug (needed when there is more than one course)")

    def handle(self, *args, dir, course, **options):
        courses = Course.objects.all()
        if course:
            courses = courses.filter(slug=course)
        if courses.count() != 1:
            raise CommandError(
                "no such course" if course or not courses.exists() else "several courses: choose one with --course"
            )
        if dir.exists() and any(dir.iterdir()):
            raise CommandError(f"{dir} exists and is not empty")
        written = export(courses.get(), dir)
        self.stdout.write(f"{courses.get().slug}: {len(written)} files written to {dir}")
