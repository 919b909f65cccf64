"""Import raw story files (news-site or agency exports) as draft articles.

Exit statuses: 0 when every file was imported, updated, unchanged or left alone (a story the
desk has published or withdrawn since); 1 when a file is missing, empty, not UTF-8 or not a
story (nothing is written then, whatever the other files hold) or a file could not be moved;
2 for a usage error.

`--move-to DIR` drains an inbox: after a run, imported and left-alone files are moved to
`DIR/done/`. When the run fails, each bad file is moved to `DIR/failed/` with a `<name>.error`
beside it saying why, and the good files stay where they are, so the next run imports them.
"""

import json
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from articles.ingest import LEFT_ALONE, StoryError, articles_import, read_story, story_preview


def year(value):
    number = int(value)
    if not 1 <= number <= 9999:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Turn raw story files into draft articles. Importing a file again updates the draft "
        "it created; a story published or withdrawn since is left alone. With --dry-run, "
        "write nothing and print one JSON object per file. Exit status 0 on success, 1 when "
        "a file is not a readable story (nothing is written then), 2 on a usage error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A story file.")
        parser.add_argument(
            "--year",
            type=year,
            metavar="YYYY",
            help="The year of dates printed without one (“09 October”). Default: the latest "
            "such date that is not in the future.",
        )
        what_to_do = parser.add_mutually_exclusive_group()
        what_to_do.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; print what each file holds, one JSON object per line.",
        )
        parser.add_argument(
            "--propose-drafts",
            action="store_true",
            help="Keep the new people, organisations, places and events each story names as "
            "proposals for the desk to confirm (admin: Entity proposals); nothing is created "
            "or published until someone does.",
        )
        what_to_do.add_argument(
            "--move-to",
            type=Path,
            metavar="DIR",
            help="Drain an inbox: move imported and left-alone files to DIR/done/, and files "
            "that cannot be imported to DIR/failed/ with a .error file saying why.",
        )

    def handle(
        self, *args, paths, dry_run=False, year=None, move_to=None, propose_drafts=False, **options
    ):
        if dry_run and propose_drafts:
            raise CommandError(
                "--dry-run writes nothing, so it keeps no drafts: its output lists the "
                "proposals already. Use one or the other.",
                returncode=2,
            )
        # Every file is read before anything is written: one bad file stops the run, and
        # every bad file is named, so an inbox is mended in one go.
        stories, errors = [], []
        for path in paths:
            try:
                stories.append(read_story(path, year=year))
            except StoryError as error:
                errors.append((Path(path), error))
        if errors:
            if move_to:
                for path, error in errors:
                    self._move(path, move_to / "failed", error=error)
            reasons = " ".join(str(error) for _, error in errors)
            raise CommandError(f"Nothing was imported. {reasons}")
        if dry_run:
            for story in stories:
                self.stdout.write(json.dumps(story_preview(story), ensure_ascii=False))
            return
        results = articles_import(stories=stories, propose_drafts=propose_drafts)
        for story, result in zip(stories, results, strict=True):
            self.stdout.write(f"{story.source}: {self._describe(result)}")
        if move_to:
            for story in stories:
                self._move(Path(story.source), move_to / "done")

    def _describe(self, result):
        article = result.article
        if result.outcome == LEFT_ALONE:
            return (
                f"{LEFT_ALONE}: {article.get_status_display().lower()} as “{article.headline}” "
                f"(article {article.pk}); an import only updates drafts and stories in review"
            )
        links = (
            f", {result.links_added} link{pluralize(result.links_added)} added"
            if result.links_added
            else ""
        )
        drafts = (
            f", {result.proposals_recorded} new name{pluralize(result.proposals_recorded)} "
            "proposed for the desk to confirm"
            if result.proposals_recorded
            else ""
        )
        return (
            f"{result.outcome} “{article.headline}” "
            f"({article.get_status_display().lower()}, article {article.pk}{links}{drafts})"
        )

    def _move(self, path, folder, *, error=None):
        """Move `path` into `folder` (created when missing), never over a file already there."""
        if not path.is_file():
            return  # a missing file has nothing to move; the error names it
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / path.name
            number = 1
            while target.exists():
                number += 1
                target = folder / f"{path.stem}-{number}{path.suffix}"
            shutil.move(path, target)
            if error is not None:
                target.with_name(f"{target.name}.error").write_text(f"{error}\n", "utf-8")
        except OSError as problem:
            raise CommandError(f"{path}: could not be moved to {folder} ({problem}).") from None
