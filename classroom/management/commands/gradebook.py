"""``manage.py gradebook <course> [--cohort NAME] [--csv] [--decimal-comma]``: a course's gradebook.

With ``--cohort``, a row for every student of that cohort, active or not; without it, a row for every
student account of the site (neither staff nor superuser; self-study students included, active or not),
each scored under her own cohort's rules. ``--csv`` writes the CSV the staff page downloads (see
``classroom.export``) without its byte order mark; without ``--csv``, a table to read in a terminal.
"""

from django.core.management.base import BaseCommand, CommandError

from classroom import export, scores
from classroom.models import Cohort
from classroom.staff import Scope
from courseware.models import Course


class Command(BaseCommand):
    help = "Print a course's gradebook (scores after each cohort's deadlines and policies), as a table or as CSV."

    def add_arguments(self, parser):
        parser.add_argument("course", help="the course's slug")
        parser.add_argument("--cohort", help="the cohort's name (default: every student account)")
        parser.add_argument("--csv", action="store_true", help="write CSV (UTF-8, no byte order mark)")
        parser.add_argument(
            "--decimal-comma", action="store_true", help="CSV with decimal comma and ';' between columns"
        )

    def handle(self, *args, **options):
        course = Course.objects.filter(slug=options["course"]).first()
        if course is None:
            known = ", ".join(Course.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"No course with the slug {options['course']!r}. Courses: {known}.")
        cohort = None
        if options["cohort"] is not None:
            cohort = Cohort.objects.filter(course=course, name=options["cohort"]).first()
            if cohort is None:
                names = ", ".join(repr(n) for n in course.cohorts.order_by("name").values_list("name", flat=True))
                raise CommandError(
                    f"No cohort named {options['cohort']!r} in {course.slug}. Cohorts: {names or 'none'}."
                )
        book = scores.build(course, Scope(course, cohort, []).students())
        if options["csv"]:
            self.stdout.write(export.csv_text(book, decimal_comma=options["decimal_comma"]), ending="")
            return
        self.stdout.write(self._table(book, options["decimal_comma"]), ending="")

    def _table(self, book, decimal_comma: bool) -> str:
        table = export.rows(book, decimal_comma=decimal_comma)
        table = [row[:1] + row[2:] for row in table]  # names are in the CSV; the terminal is narrow
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        lines = []
        for index, row in enumerate(table):
            cells = [cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
            lines.append("  ".join(cells).rstrip())
            if index == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append(f"{len(book.rows)} student(s); scores are points after policy, total is a weighted %.")
        return "\n".join(lines) + "\n"
