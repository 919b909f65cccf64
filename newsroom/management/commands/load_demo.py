"""Load the demo data built from the source stories into a migrated database; safe to re-run."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load the demo fixtures under fixtures/ (running it twice changes nothing)."

    def handle(self, *args, **options):
        fixtures = sorted(DEMO_FIXTURES_DIR.glob("*.json"))
        if not fixtures:
            self.stdout.write("No demo fixtures under fixtures/ yet; nothing to load.")
            return
        call_command("loaddata", *map(str, fixtures), verbosity=options["verbosity"])
