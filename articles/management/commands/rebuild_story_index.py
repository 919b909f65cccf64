"""Recompute the story counts and the countries' story lists (articles/story_index.py) after
changes made around the ORM's signals: a bulk import, an `update()` in a shell, a restore by
hand."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import story_index
from articles.models import CountryStory, StoryCount


class Command(BaseCommand):
    help = "Recompute StoryCount and CountryStory from the stories and their links."

    def handle(self, *args, **options):
        with transaction.atomic():
            story_index.rebuild()
        self.stdout.write(
            f"Rebuilt {StoryCount.objects.count():,} story counts and "
            f"{CountryStory.objects.count():,} country links."
        )
