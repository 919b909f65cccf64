"""A lost device, from the command line: the account's factors and recovery codes are removed
and all its sessions end; at the next sign-in it sets up a new factor."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import factors


class Command(BaseCommand):
    help = (
        "Remove every second factor and recovery code of an account and sign it out everywhere "
        "(when its owner lost their device). They set up a new factor at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        factors.reset(user, actor=None, request=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"{username}'s second factors are removed and every session of theirs ended; "
                "they set up a new factor at their next sign-in."
            )
        )
