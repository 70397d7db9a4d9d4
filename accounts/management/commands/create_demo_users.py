import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.roles import ensure_instructor_group

STUDENT, INSTRUCTOR = "aluna", "professora"
DEMO_COURSE, DEMO_COHORT = "redes-neurais", "Turma demo"


class Command(BaseCommand):
    help = (
        "Create a demo student and a demo instructor, printing their logins once, and a demo cohort of "
        "the shipped course taught by the instructor with the student in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true", help="set new passwords and print them")

    @transaction.atomic
    def handle(self, *args, **options):
        group = ensure_instructor_group()  # the "Instrutor" role (accounts.roles); renames a legacy group
        created, users = [], {}
        for username, staff in ((STUDENT, False), (INSTRUCTOR, True)):
            user, is_new = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": staff})
            if is_new or options["reset_passwords"]:
                password = secrets.token_urlsafe(9)
                user.set_password(password)
                user.save(update_fields=["password"])
                created.append((username, password))
            if staff:
                user.groups.add(group)
            users[username] = user
        self.demo_cohort(users[INSTRUCTOR], users[STUDENT])
        if not created:
            self.stdout.write("demo users exist (make demo-users-reset prints new passwords)")
            return
        self.stdout.write(self.style.SUCCESS("Demo logins (shown once):"))
        for username, password in created:
            role = "instructor" if username == INSTRUCTOR else "student"
            self.stdout.write(f"  {role:10} user: {username:10} password: {password}")

    def demo_cohort(self, instructor, student) -> None:
        """ "Turma demo" of the shipped course, taught by ``instructor``, with ``student`` in it (unless she
        is already in another cohort of the course). Skipped while the course is not loaded."""
        from classroom.models import Cohort, Enrollment
        from classroom.services import JoinRefused, enroll
        from courseware.models import Course

        course = Course.objects.filter(slug=DEMO_COURSE).first()
        if course is None:
            self.stdout.write(f"no demo cohort: the course {DEMO_COURSE!r} is not loaded (run sync_course)")
            return
        cohort, _created = Cohort.objects.get_or_create(course=course, name=DEMO_COHORT)
        cohort.instructors.add(instructor)
        try:
            enroll(student, cohort, Enrollment.Source.ADMIN)
        except JoinRefused as error:
            self.stdout.write(str(error))
        self.stdout.write(f"demo cohort: {cohort.name} (join code {cohort.join_code})")
