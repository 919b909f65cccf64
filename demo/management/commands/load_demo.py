"""Load the demo data built from the source stories into a migrated database; safe to re-run."""

import json
from collections import Counter

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import story_index
from articles.models import Agency, Article, Quote, Revision, StatusChange
from demo.fixtures import demo_fixture_paths
from events.models import AgreementParty, Participation, Position

# How a demo row already in the database is recognised: by its slug, or by what else names it
# or, for a row that belongs to another, by the row it belongs to.
ROW_IDENTITY = {
    Agency: "short_name",
    Position: "person",
    Participation: "event",
    AgreementParty: "agreement",
    Quote: "article",
    Revision: "article",
    StatusChange: "article",
}


class Command(BaseCommand):
    help = (
        "Load the demo fixtures under fixtures/ (built by build_fixtures). Running it again "
        "changes nothing; it refuses to overwrite rows that are not the demo's."
    )

    def handle(self, *args, **options):
        paths = demo_fixture_paths()
        missing = [path.name for path in paths if not path.exists()]
        if missing:
            raise CommandError(
                f"No {', '.join(missing)} under fixtures/: run `python manage.py build_fixtures`."
            )
        records = [
            record for path in paths for record in json.loads(path.read_text(encoding="utf-8"))
        ]
        with transaction.atomic():
            problems = [*_rows_in_the_way(records), *_stories_edited_since_loading(records)]
            if problems:
                raise CommandError(
                    "The demo was not loaded: loading it would overwrite data that is not the "
                    "demo's as built. Load it into an empty database instead.\n"
                    + "\n".join(f"- {problem}" for problem in problems)
                )
            call_command("loaddata", *map(str, paths), verbosity=0)
            story_index.rebuild()  # fixtures load without the signals that keep it
        counts = Counter(record["model"] for record in records)
        summary = ", ".join(
            f"{counts[label]} {apps.get_model(label)._meta.verbose_name_plural}"
            for label in ("articles.article", "events.person", "events.event", "events.agreement")
        )
        self.stdout.write(f"Loaded the demo: {summary} (from {len(records)} rows).")


def _rows_in_the_way(records):
    """Rows that hold a demo row's primary key or slug but are something else."""
    by_model = {}
    for record in records:
        by_model.setdefault(apps.get_model(record["model"]), []).append(record)
    for model, model_records in by_model.items():
        identity = model._meta.get_field(ROW_IDENTITY.get(model, "slug"))
        wanted = {record["pk"]: record["fields"][identity.name] for record in model_records}
        present = model._default_manager.filter(pk__in=wanted).values_list("pk", identity.attname)
        for pk, value in present:
            if value != wanted[pk]:
                yield (
                    f"{model._meta.verbose_name} {pk} has {identity.name} {value!r}; the demo's "
                    f"{model._meta.verbose_name} {pk} has {wanted[pk]!r}."
                )
        if identity.unique:
            taken = model._default_manager.filter(
                **{f"{identity.attname}__in": wanted.values()}
            ).exclude(pk__in=wanted)
            for pk, value in taken.values_list("pk", identity.attname):
                yield (
                    f"{model._meta.verbose_name} {pk} already has the demo's {identity.name} "
                    f"{value!r}."
                )


def _stories_edited_since_loading(records):
    """Demo stories saved since they were loaded: loading again would undo an editor's work
    (and put the version back, so the next save would clash with a revision it already has)."""
    versions = {
        record["pk"]: record["fields"]["version"]
        for record in records
        if record["model"] == "articles.article"
    }
    edited = Article.objects.filter(pk__in=versions).values_list("pk", "headline", "version")
    for pk, headline, version in edited:
        if version != versions[pk]:
            yield (
                f"the demo story “{headline}” has been edited since it was loaded "
                f"(version {version})."
            )
