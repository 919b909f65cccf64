"""Import raw story files (news-site or agency exports) as draft articles."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from articles.ingest import StoryError, articles_import, read_story, story_preview


def year(value):
    number = int(value)
    if not 1 <= number <= 9999:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Turn raw story files into draft articles. Importing a file again updates the draft "
        "it created. With --dry-run, write nothing and print one JSON object per file."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A story file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; print what each file holds, one JSON object per line.",
        )
        parser.add_argument(
            "--year",
            type=year,
            metavar="YYYY",
            help="The year of dates printed without one (“09 October”). Default: the latest "
            "such date that is not in the future.",
        )

    def handle(self, *args, paths, dry_run=False, year=None, **options):
        try:
            # Every file is read before anything is written: one bad file stops the run.
            stories = [read_story(path, year=year) for path in paths]
            if dry_run:
                for story in stories:
                    self.stdout.write(json.dumps(story_preview(story), ensure_ascii=False))
                return
            results = articles_import(stories=stories)
        except StoryError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for story, result in zip(stories, results, strict=True):
            article = result.article
            links = (
                f", {result.links_added} link{pluralize(result.links_added)} added"
                if result.links_added
                else ""
            )
            self.stdout.write(
                f"{story.source}: {result.outcome} “{article.headline}” "
                f"({article.get_status_display().lower()}, article {article.pk}{links})"
            )
