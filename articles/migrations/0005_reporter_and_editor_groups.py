"""The desk's two roles as groups. The rules that use them live in articles/workflow.py."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = {
    "articles": {
        "article": ["add", "change", "view"],
        "quote": ["add", "change", "delete", "view"],
        "image": ["add", "change", "view"],
        "section": ["view"],
        "agency": ["view"],
        "correction": ["view"],
        "revision": ["view"],
        "statuschange": ["view"],
    },
    "events": {
        model: ["view"]
        for model in [
            "person", "event", "agreement", "place", "country", "organization",
            "position", "participation", "agreementparty", "eventseries",
        ]
    },
}
EDITOR_APPS = ["articles", "events"]
# Revisions and status changes are the record of what happened: nobody edits them.
RECORDS = ["revision", "statuschange"]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    reporter, _ = Group.objects.get_or_create(name="Reporter")
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, models in REPORTER.items()
        for model, actions in models.items()
        for action in actions
    ]
    reporter.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codenames]
    )

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(
        Permission.objects.filter(content_type__app_label__in=EDITOR_APPS).exclude(
            content_type__model__in=RECORDS, codename__regex=r"^(add|change|delete)_"
        )
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporter", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_images"),
        ("events", "0002_images"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
