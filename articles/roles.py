"""The desk's two roles as permission groups. articles/workflow.py decides what they allow."""

from django.apps import apps as django_apps

REPORTER = "Reporter"
EDITOR = "Editor"

REPORTER_PERMISSIONS = {
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
            "person",
            "event",
            "agreement",
            "place",
            "country",
            "organization",
            "position",
            "participation",
            "agreementparty",
            "eventseries",
        ]
    },
}
EDITOR_APPS = ["articles", "events"]
# Revisions and status changes are the record of what happened: nobody edits them.
RECORDS = ["revision", "statuschange"]
# Rights from the satellites that editors hold too, named by app label and codename (the
# stories import no satellite): resetting others' second factors, ending their sessions.
EDITOR_EXTRA_PERMISSIONS = [("accounts", "manage_security")]


def ensure_groups(apps=django_apps):
    """Create or refresh both groups; `apps` is a migration's app registry or the live one."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    reporter, _ = Group.objects.get_or_create(name=REPORTER)
    wanted = [
        (app_label, f"{action}_{model}")
        for app_label, models in REPORTER_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    reporter.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
    )

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    extra = [
        permission
        for app_label, codename in EDITOR_EXTRA_PERMISSIONS
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]
    editor.permissions.set(
        [
            *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS).exclude(
                content_type__model__in=RECORDS, codename__regex=r"^(add|change|delete)_"
            ),
            *extra,
        ]
    )
    return reporter, editor
