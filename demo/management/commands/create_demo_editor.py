"""Create (or reset) the demo editor and reporter accounts that `make run` prints; local only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.roles import ensure_groups

DEMO_PASSWORD = "newsroom-demo"
DEMO_ACCOUNTS = [
    # username, first name, last name, group
    # Names a person has: the desk's header shows the full name and the role.
    ("editor", "Erin", "Edwards", "Editor"),
    ("reporter", "Rafael", "Reyes", "Reporter"),
]


class Command(BaseCommand):
    help = "Create or reset the demo editor and reporter accounts (DEBUG only) and print them."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo accounts have a published password; they are only created with DEBUG "
                "on. Use `python manage.py createsuperuser` for a real account."
            )
        ensure_groups()  # the migration made them; this also mends a flushed database
        for username, first_name, last_name, group_name in DEMO_ACCOUNTS:
            group = Group.objects.get(name=group_name)
            user, _ = get_user_model().objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.org",
                },
            )
            user.first_name, user.last_name = first_name, last_name
            user.is_staff = True
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([group])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {group_name.lower()}: log in at /admin/ as {username} / {DEMO_PASSWORD}"
                )
            )
