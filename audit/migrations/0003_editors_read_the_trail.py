"""Editors read the audit trail: the Editor group (articles/roles.py) gets its view permission,
which audit's AppConfig also registers so that refreshing the roles keeps it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import EDITOR


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the group needs this one now.
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="audit", codename="view_auditentry")
    for editor in Group.objects.filter(name=EDITOR):
        editor.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for editor in Group.objects.filter(name=EDITOR):
        editor.permissions.remove(
            *Permission.objects.filter(content_type__app_label="audit", codename="view_auditentry")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("articles", "0005_reporter_and_editor_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
