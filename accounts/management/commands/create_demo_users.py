import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

STUDENT, INSTRUCTOR, GROUP = "aluna", "professora", "Instructors"
INSTRUCTOR_APPS = ("courseware", "exercises", "accounts")


class Command(BaseCommand):
    help = "Create a demo student and a demo instructor, printing their logins once."

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true", help="set new passwords and print them")

    @transaction.atomic
    def handle(self, *args, **options):
        group = self.instructors_group()
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

    def instructors_group(self) -> Group:
        group, _ = Group.objects.get_or_create(name=GROUP)
        permissions = Permission.objects.filter(content_type__app_label__in=INSTRUCTOR_APPS)
        view_users = Permission.objects.filter(
            content_type__app_label="auth", codename__in=["view_user", "change_user"]
        )
        group.permissions.set(list(permissions) + list(view_users))
        return group
