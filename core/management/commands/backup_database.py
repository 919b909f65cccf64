"""Write the whole database to one compressed, portable file that restore_database reads."""

import gzip
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import media_files

# Rebuilt by `migrate` on any database; their numeric ids differ between databases, so rows
# that point at them are written with natural keys instead (--natural-foreign).
# Derived tables are rebuilt by the restore (articles/story_index.py).
NOT_BACKED_UP = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "accounts.signedinsession",  # the sessions' own records: meaningless once restored
    "articles.storycount",
    "articles.countrystory",
    "articles.scheduledlink",
]
BACKUP_FORMAT = "newsroom-backup"  # JSON that keeps every microsecond of every time


def default_backup_path():
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "backups" / f"newsroom-{stamp}.json.gz"


class Command(BaseCommand):
    help = (
        "Back up every row (stories, people, accounts, revisions …) to a gzipped JSON file; "
        "restore it with restore_database. The uploaded pictures (from the local disk or the "
        "media bucket) go into a .media.tar beside it unless --no-media."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write (default: backups/…)")
        parser.add_argument(
            "--no-media",
            action="store_true",
            help="rows only: the pictures are backed up another way (the bucket's own versioning)",
        )

    def handle(self, *args, path=None, no_media=False, **options):
        target = Path(path) if path else default_backup_path()
        media_target = media_archive_path(target)
        for existing in (target, media_target):
            if existing.exists():
                raise CommandError(f"{existing} already exists: choose another file name.")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not no_media:
            media_partial = media_target.with_name(media_target.name + ".partial")
            try:
                count = media_files.write_archive(default_storage, media_partial)
            except Exception as error:
                media_partial.unlink(missing_ok=True)
                raise CommandError(
                    f"The pictures could not be read, so nothing was written: {error}"
                ) from error
            media_partial.rename(media_target)
            self.stdout.write(f"Backed up {count:,} media files to {media_target}")
        partial = target.with_name(target.name + ".partial")
        serializers.register_serializer(BACKUP_FORMAT, "core.backup_serializer")
        try:
            with gzip.open(partial, "wt", encoding="utf-8") as stream:
                call_command(
                    "dumpdata",
                    format=BACKUP_FORMAT,
                    natural_foreign=True,
                    exclude=NOT_BACKED_UP,
                    stdout=stream,
                    verbosity=0,
                )
        except Exception as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"The backup failed and nothing was written: {error}") from error
        partial.rename(target)  # a file under the final name is always a whole backup
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target}"))
        return None


def media_archive_path(backup_path):
    """Where the pictures of a backup go: `newsroom-….json.gz` → `newsroom-….media.tar`."""
    backup_path = Path(backup_path)
    stem = backup_path.name.removesuffix(".gz").removesuffix(".json")
    return backup_path.with_name(f"{stem}.media.tar")


def read_backup(path):
    """The JSON text of a backup file, or a CommandError saying what is wrong with it."""
    source = Path(path)
    if not source.is_file():
        raise CommandError(f"{source}: no such backup file.")
    try:
        with gzip.open(source, "rt", encoding="utf-8") as stream:
            return stream.read()
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise CommandError(f"{source}: not a readable backup ({error}).") from error
