"""Delete the audit trail's entries older than the retention period, and record that it did."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.recording import record


def retention_days():
    days = getattr(settings, "NEWSROOM_AUDIT_RETENTION_DAYS", 365)
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days < 1:
        raise CommandError(
            f"NEWSROOM_AUDIT_RETENTION_DAYS={days!r} keeps nothing: set a number of days of 1 "
            "or more (365 keeps a year, as most security audits ask)."
        )
    return days


class Command(BaseCommand):
    help = (
        "Delete audit trail entries older than NEWSROOM_AUDIT_RETENTION_DAYS (365 unless set); "
        "the prune itself is recorded. --dry-run only counts them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would go; delete nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        days = retention_days()
        cutoff = timezone.now() - timedelta(days=days)
        old = AuditEntry.objects.filter(when__lt=cutoff)
        when = f"older than {days} days (before {cutoff:%Y-%m-%d %H:%M} UTC)"
        if dry_run:
            self.stdout.write(f"Would delete {old.count()} audit entries {when}.")
            return
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The trigger of migration 0002 lets rows go only inside a transaction that
                # says so; SET LOCAL ends with it.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL audit.pruning = 'on'")
            # _raw_delete: the queryset's own delete() refuses, on purpose, everywhere else.
            deleted = old._raw_delete(old.db)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL audit.pruning = 'off'")
            record("audit_pruned", detail=f"{deleted} entries {when} deleted")
        self.stdout.write(f"Deleted {deleted} audit entries {when}.")
