"""An API token from the server's command line, for whoever runs the site (who can read the
database anyway): the desk's screen is the way for everyone else. Shown once."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import events, policy
from accounts.models import AccessToken


class Command(BaseCommand):
    help = "Create a named API token for an account and print it once (only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command line", help="what will use it")
        parser.add_argument(
            "--days", type=int, default=None, help="how long it works (NEWSROOM_TOKEN_DAYS)"
        )

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is disabled.")
        days = settings.NEWSROOM_TOKEN_DAYS if days is None else days
        if not 1 <= days <= settings.NEWSROOM_TOKEN_MAX_DAYS:
            raise CommandError(f"--days must be 1 to {settings.NEWSROOM_TOKEN_MAX_DAYS}.")
        name = " ".join(name.split())[:100]
        if not name:
            raise CommandError("--name must say what will use the token.")
        if policy.factor_required(user) and not policy.has_factor(user):
            raise CommandError(
                f"{username!r} needs a second factor before any token works: set one up first."
            )
        token, key = AccessToken.issue(user=user, name=name, days=days)
        events.send("token_created", target=token, detail=f"{name} (command line)")
        self.stdout.write(key)
