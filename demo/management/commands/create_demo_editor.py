"""Create (or reset) the demo editor and reporter accounts that `make run` prints; local only."""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.roles import ensure_groups
from demo.management.commands.demo_code import DEMO_DEVICE

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
            if group_name == "Editor":
                # Editors need a second factor: the demo editor's authenticator app is a
                # command that prints its code (`demo_code`), or the key in a real app.
                device, _ = TOTPDevice.objects.get_or_create(
                    user=user, name=DEMO_DEVICE, defaults={"confirmed": True}
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        "  then the second step: type the code `python manage.py demo_code` "
                        "prints (or add the key "
                        f"{base64.b32encode(device.bin_key).decode()} to an authenticator app)"
                    )
                )
