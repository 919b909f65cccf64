"""Replace the database's contents with a backup_database file, all or nothing."""

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import media_files
from core.management.commands.backup_database import media_archive_path, read_backup
from core.signals import database_restored, restoring_rows


@contextmanager
def _constraints_checked_now():
    """PostgreSQL will not TRUNCATE a table with foreign-key checks still pending in the
    transaction; run them now, and defer them again for loaddata's forward references."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_database into a migrated database. Everything in "
        "the database now is replaced; pass --yes to confirm. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .json.gz file backup_database wrote")
        parser.add_argument("--yes", action="store_true", help="yes, replace the current data")

    def handle(self, *args, path, yes, **options):
        text = read_backup(path)
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}: the backup is damaged ({error}).") from error
        if not isinstance(rows, list):
            raise CommandError(f"{path}: not a Newsroom backup.")
        if not yes:
            raise CommandError(
                "Restoring replaces everything in this database. Run again with --yes to confirm."
            )
        media_archive = media_archive_path(path)
        if media_archive.is_file():
            # First, and only adding what is missing: if the rows then fail to load, the
            # store holds a few more pictures than before and nothing else changed.
            try:
                restored, kept = media_files.restore_archive(default_storage, media_archive)
            except Exception as error:
                raise CommandError(
                    f"{media_archive}: the pictures could not be restored ({error}); "
                    "the database was not changed."
                ) from error
            self.stdout.write(f"Media: {restored:,} files restored, {kept:,} already there")
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "backup.json"
            fixture.write_text(text, encoding="utf-8")
            with transaction.atomic():
                # One transaction: a backup that fails to load leaves the old data in place.
                with _constraints_checked_now():
                    call_command("flush", interactive=False, verbosity=0)
                with restoring_rows():
                    call_command("loaddata", str(fixture), verbosity=0)
                # What is derived from the restored rows (the story index) is made again by
                # the apps that own it, in the same transaction.
                database_restored.send(sender=self.__class__)
        self.stdout.write(self.style.SUCCESS(f"Restored {len(rows):,} rows from {path}"))
