import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from desk.models import Autosave


class Command(BaseCommand):
    help = (
        "Delete the desk's autosaves (unsaved words of open story forms) older than "
        "NEWSROOM_AUTOSAVE_MAX_AGE_DAYS, or --days. Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep autosaves younger than this many days (default: the setting).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.NEWSROOM_AUTOSAVE_MAX_AGE_DAYS if days is None else days
        if days < 1:
            raise CommandError("Keep autosaves at least one day: --days 1 or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = Autosave.objects.older_than(cutoff).delete()
        self.stdout.write(f"Deleted {deleted} autosave(s) older than {days} day(s).")
