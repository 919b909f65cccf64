"""Copy the pictures of a local media folder into the configured media storage (a bucket)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.management.base import BaseCommand, CommandError

from core import media_files


class Command(BaseCommand):
    help = (
        "Copy every file of a local media folder (MEDIA_ROOT unless --from) into the media "
        "storage now configured, under the same names, so the rows that name them find them: "
        "the move from one machine's disk to a bucket (NEWSROOM_MEDIA_STORAGE=s3). Files the "
        "storage already has are left alone; running it twice copies nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="folder", help="the local folder (default MEDIA_ROOT)")

    def handle(self, *args, folder=None, **options):
        source = FileSystemStorage(location=folder or settings.MEDIA_ROOT)
        try:
            source.listdir("")
        except FileNotFoundError as error:
            raise CommandError(f"{source.location}: no such folder.") from error
        if isinstance(storages["default"], FileSystemStorage):
            raise CommandError(
                "The media storage is the local disk: set NEWSROOM_MEDIA_STORAGE=s3 and the "
                "bucket's settings first (docs/how-to/object-storage.md)."
            )
        try:
            copied, kept = media_files.copy_all(source, default_storage)
        except Exception as error:
            raise CommandError(f"The copy stopped: {error}. Run it again to go on.") from error
        self.stdout.write(
            self.style.SUCCESS(f"Copied {copied:,} files; {kept:,} were already in the storage.")
        )
