"""Editors may confirm and dismiss entity proposals: refresh the groups now that the model's
permissions exist (articles/roles.py grants editors every articles and events permission)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import ensure_groups


def refresh_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_entity_proposals_with_evidence")]

    operations = [migrations.RunPython(refresh_groups, migrations.RunPython.noop)]
