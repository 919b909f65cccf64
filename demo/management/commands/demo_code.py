"""The demo editor's current second-factor code, for a newcomer without an authenticator app
(DEBUG only: a code printed on a terminal is a second factor for no one)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DEVICE = "Demo authenticator"


class Command(BaseCommand):
    help = "Print the code the demo editor's authenticator app would show now (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="editor")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("The demo's codes are printed only with DEBUG on.")
        user = get_user_model().objects.filter(username=username).first()
        device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE).first()
        if device is None:
            raise CommandError(
                f"{username!r} has no demo authenticator: run `python manage.py "
                "create_demo_editor` first."
            )
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
