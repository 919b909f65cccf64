"""Create (or reset) the demo editor account that `make run` prints, for local use only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "newsroom-demo"
DESK_APPS = ["articles", "events"]


class Command(BaseCommand):
    help = "Create or reset the demo editor account (development only) and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo editor has a published password; it is only created with DEBUG on. "
                "Use `python manage.py createsuperuser` for a real account."
            )
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"first_name": "Demo", "last_name": "Editor", "email": "editor@example.org"},
        )
        user.is_staff = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=DESK_APPS))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor {'created' if created else 'ready'}: log in at /admin/ as "
                f"{DEMO_USERNAME} / {DEMO_PASSWORD}"
            )
        )
