"""`manage.py seed_diary --events 10000 --items 50000`: a synthetic year of the desk's diary
(planning/synthetic.py), for benchmarks and for trying the diary at scale."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from planning.synthetic import seed_diary


class Command(BaseCommand):
    help = "Add a synthetic year of events and coverage items to the diary (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--items", type=int, default=50_000)
        parser.add_argument(
            "--prefix",
            default="synthetic",
            help="Titles and slugs start with it (default: synthetic).",
        )

    def handle(self, *args, events, items, prefix, **options):
        if events < 1 or items < 0:
            raise CommandError("Give at least one event and zero or more items.")
        users = list(get_user_model().objects.filter(is_staff=True, is_active=True)[:20])
        if not users:
            raise CommandError(
                "The diary assigns items to the desk's accounts: create one first "
                "(manage.py create_demo_editor)."
            )
        made = seed_diary(events=events, items=items, users=users, prefix=prefix)
        self.stdout.write(f"{made:,} events with {items:,} coverage items in the diary.")
