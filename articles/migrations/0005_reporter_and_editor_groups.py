"""The desk's two roles as groups (articles/roles.py); the rules are in articles/workflow.py."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import EDITOR, REPORTER, ensure_groups


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REPORTER, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_images"),
        ("events", "0002_images"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
