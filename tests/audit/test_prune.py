"""prune_audit_trail deletes what is older than the retention period, and nothing else."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEntry
from audit.recording import record
from tests.audit.helpers import erase

pytestmark = pytest.mark.django_db


def entry_aged(days, action="signed_in"):
    entry = record(action)
    # An old entry, made as a backup's restore would: the model refuses to change a row.
    erase(AuditEntry.objects.filter(pk=entry.pk))
    entry.pk = None
    entry._state.adding = True
    entry.when = timezone.now() - datetime.timedelta(days=days)
    entry.save(force_insert=True)
    return entry


def run(*arguments):
    from io import StringIO

    out = StringIO()
    call_command("prune_audit_trail", *arguments, stdout=out)
    return out.getvalue()


def test_prune_deletes_entries_past_retention_and_records_itself(settings):
    settings.NEWSROOM_AUDIT_RETENTION_DAYS = 30
    old = [entry_aged(31), entry_aged(400)]
    kept = [entry_aged(29), entry_aged(0)]
    output = run()
    assert "Deleted 2 audit entries older than 30 days" in output
    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert {entry.pk for entry in kept} <= remaining
    assert not {entry.pk for entry in old} & remaining
    pruned = AuditEntry.objects.get(action="audit_pruned")
    assert pruned.detail.startswith("2 entries older than 30 days")
    assert pruned.origin == AuditEntry.Origin.COMMAND and pruned.actor_id is None


def test_a_dry_run_counts_and_deletes_nothing(settings):
    settings.NEWSROOM_AUDIT_RETENTION_DAYS = 30
    entry_aged(90)
    entry_aged(1)
    assert "Would delete 1 audit entries" in run("--dry-run")
    assert AuditEntry.objects.count() == 2


def test_the_default_keeps_a_year(settings):
    del settings.NEWSROOM_AUDIT_RETENTION_DAYS
    entry_aged(364)
    entry_aged(366)
    run()
    assert AuditEntry.objects.exclude(action="audit_pruned").count() == 1


@pytest.mark.parametrize("days", [0, -5, "soon"])
def test_a_retention_that_keeps_nothing_is_refused(settings, days):
    settings.NEWSROOM_AUDIT_RETENTION_DAYS = days
    entry_aged(10)
    with pytest.raises(CommandError, match="NEWSROOM_AUDIT_RETENTION_DAYS"):
        run()
    assert AuditEntry.objects.count() == 1
