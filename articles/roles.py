"""The desk's two roles as permission groups. articles/workflow.py decides what they allow."""

from django.apps import apps as django_apps
from django.db.models import Q

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
# Permissions of the satellites that editors hold too, as (app label, codename): each satellite
# registers its own from its AppConfig.ready() (the audit trail's view), so the stories name no
# satellite and refreshing the roles keeps them. One missing yet (its app not migrated) is skipped.
EDITOR_GRANTS = set()


def grant_to_editors(app_label, codename):
    EDITOR_GRANTS.add((app_label, codename))


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
    granted = Q(pk__in=[])
    for app_label, codename in sorted(EDITOR_GRANTS):
        granted |= Q(content_type__app_label=app_label, codename=codename)
    editor.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label__in=EDITOR_APPS)
            & ~Q(content_type__model__in=RECORDS, codename__regex=r"^(add|change|delete)_")
            | granted
        )
    )
    return reporter, editor
