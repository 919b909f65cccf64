"""Editors may reset other people's second factors, end their sessions and revoke their tokens.

Permissions from a model's Meta are created after all migrations run; this one is needed by a
migration (the Editor group's), so it is created here.
"""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="accesstoken")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_security",
        defaults={
            "name": "Can reset others' second factors, end their sessions and revoke their tokens"
        },
    )
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("articles", "0013_merge_embargo_and_entity_proposals"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
