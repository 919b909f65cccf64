"""What the audit tests need and the application never does: erase entries."""

from django.db import connection, transaction

from audit.models import AuditEntry


def erase(queryset=None):
    """Delete entries as prune_audit_trail may (on PostgreSQL the trigger asks it to say so)."""
    queryset = AuditEntry.objects.all() if queryset is None else queryset
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL audit.pruning = 'on'")
        queryset._raw_delete(queryset.db)
        if connection.vendor == "postgresql":  # a test's transaction outlives this block
            cursor.execute("SET LOCAL audit.pruning = 'off'")
