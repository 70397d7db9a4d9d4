"""The "Instrutor" group with its permissions (accounts.roles), so that a fresh deployment has it; an
existing "Instructors" group (made by create_demo_users before) is renamed and loses what the role
does not give (changing users, API tokens)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_APPS = ("auth", "courseware", "exercises", "classroom", "accounts")


def instructor_role(apps, schema_editor):
    from accounts.roles import ensure_instructor_group

    # Permissions are made after the last migration (post_migrate); the role needs them now.
    for label in ROLE_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    ensure_instructor_group(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courseware", "0001_initial"),
        ("exercises", "0004_submission_message_data"),
        ("classroom", "0001_initial"),
    ]

    operations = [migrations.RunPython(instructor_role, migrations.RunPython.noop)]
