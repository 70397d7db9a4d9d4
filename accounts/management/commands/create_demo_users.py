import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.roles import ensure_instructor_group

STUDENT, INSTRUCTOR = "aluna", "professora"


class Command(BaseCommand):
    help = "Create a demo student and a demo instructor, printing their logins once."

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true", help="set new passwords and print them")

    @transaction.atomic
    def handle(self, *args, **options):
        group = ensure_instructor_group()  # the "Instrutor" role (accounts.roles); renames a legacy group
        created = []
        for username, staff in ((STUDENT, False), (INSTRUCTOR, True)):
            user, is_new = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": staff})
            if is_new or options["reset_passwords"]:
                password = secrets.token_urlsafe(9)
                user.set_password(password)
                user.save(update_fields=["password"])
                created.append((username, password))
            if staff:
                user.groups.add(group)
        if not created:
            self.stdout.write("demo users exist (make demo-users-reset prints new passwords)")
            return
        self.stdout.write(self.style.SUCCESS("Demo logins (shown once):"))
        for username, password in created:
            role = "instructor" if username == INSTRUCTOR else "student"
            self.stdout.write(f"  {role:10} user: {username:10} password: {password}")
