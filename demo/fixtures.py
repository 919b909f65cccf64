"""The demo data: the source stories and their annotations become the fixtures `load_demo` loads.

`build_demo_fixtures()` reads the annotations (`demo/annotations.py`: every piece of evidence
checked against the story's text, what the files say about the same thing merged by slug), and
returns the JSON fixtures, byte for byte the same on every run: primary keys are numbered in
the order things first appear in the files (stories in file-name order, then the reference),
so adding an entry never renumbers the others, and every timestamp comes from the stories'
publication times. It never touches a database.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder

from articles.models import Agency, Article, Quote, Revision, Section, StatusChange
from core.html import sanitize_html
from demo.annotations import (
    ARTICLE_LINK_TABLES,
    REFERENCE_FILE_NAME,
    AnnotationError,
    AnnotationReader,
    Row,
    normalise_whitespace,
    stored_evidence,
)
from events.models import (
    Agreement,
    AgreementParty,
    Country,
    Event,
    EventSeries,
    Organization,
    Participation,
    Person,
    Place,
    Position,
)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"

# The fixture files, in loading order, and the models each holds, in loading order.
FIXTURE_MODELS = {
    "demo_world.json": [
        Country,
        Organization,
        Place,
        Person,
        Position,
        EventSeries,
        Event,
        Participation,
        Agreement,
        AgreementParty,
    ],
    "demo_stories.json": [Section, Agency, Article, Quote, Revision, StatusChange],
}


class FixtureBuilder:
    """Turns the merged annotations into model instances, one method per model."""

    def __init__(self, reader):
        self.stories = reader.stories
        self.entities = reader.entities
        self.problems = reader.problems

    def rows(self):
        return [
            *self.countries(),
            *self.organizations(),
            *self.places(),
            *self.people(),
            *self.positions(),
            *self.event_series(),
            *self.events(),
            *self.participations(),
            *self.agreements(),
            *self.agreement_parties(),
            *self.sections(),
            *self.agencies(),
            *self.articles(),
            *self.quotes(),
        ]

    def pk(self, table, identity, label):
        """The primary key of the entry `identity` of `table`; None when no entry is named."""
        if identity is None:
            return None
        entity = self.entities[table].get(identity)
        if entity is None:
            self.problems.append(f"{label} refers to {table}[{identity}], which no file annotates.")
            return None
        return entity.pk

    def _all(self, table):
        return self.entities[table].values()

    def _linkable(self, entity, model, *, name_field="name", many_to_many=None, **fields):
        """A row for a person, place, event…: its name, slug, aliases and timestamps."""
        instance = model(
            pk=entity.pk,
            slug=entity.identity,
            aliases="\n".join(entity.aliases),
            **{name_field: entity.get(name_field, "")},
            **fields,
        )
        # Created when the desk first reported it, updated when it last did.
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False):
                setattr(instance, model_field.attname, entity.stories[-1].published_at)
            elif getattr(model_field, "auto_now_add", False):
                setattr(instance, model_field.attname, entity.stories[0].published_at)
        return Row(instance, many_to_many or {}, entity.label)

    def _children(self, table, child_table):
        """(parent entity, child attributes, label) for every child, numbered in order."""
        for entity in self._all(table):
            for identity, child in entity.children.get(child_table, {}).items():
                yield entity, child, f"{entity.label}.{child_table}[{', '.join(identity)}]"

    def countries(self):
        for entity in self._all("countries"):
            yield self._linkable(entity, Country, iso_code=entity.get("iso_code", ""))

    def organizations(self):
        for entity in self._all("organizations"):
            yield self._linkable(
                entity,
                Organization,
                short_name=entity.get("short_name", ""),
                parent_id=self.pk("organizations", entity.get("parent"), entity.label),
                description=entity.get("description", ""),
            )

    def places(self):
        for entity in self._all("places"):
            yield self._linkable(
                entity,
                Place,
                kind=entity.get("kind", ""),
                parent_id=self.pk("places", entity.get("parent"), entity.label),
                country_id=self.pk("countries", entity.get("country"), entity.label),
            )

    def people(self):
        for entity in self._all("people"):
            yield self._linkable(
                entity,
                Person,
                country_id=self.pk("countries", entity.get("country"), entity.label),
                bio=entity.get("bio", ""),
            )

    def positions(self):
        for number, (person, position, label) in enumerate(
            self._children("people", "positions"), start=1
        ):
            yield Row(
                Position(
                    pk=number,
                    person_id=person.pk,
                    title=position.get("title", ""),
                    organization_id=self.pk("organizations", position.get("organization"), label),
                    country_id=self.pk("countries", position.get("country"), label),
                    start_date=position.get("start_date"),
                    end_date=position.get("end_date"),
                    evidence=stored_evidence(position),
                ),
                {},
                label,
            )

    def event_series(self):
        for entity in self._all("event_series"):
            yield Row(
                EventSeries(
                    pk=entity.pk,
                    name=entity.get("name", ""),
                    slug=entity.identity,
                    organization_id=self.pk(
                        "organizations", entity.get("organization"), entity.label
                    ),
                    description=entity.get("description", ""),
                ),
                {},
                entity.label,
            )

    def events(self):
        for entity in self._all("events"):
            yield self._linkable(
                entity,
                Event,
                name_field="title",
                kind=entity.get("kind", ""),
                status=entity.get("status", ""),
                start_date=entity.get("start_date"),
                end_date=entity.get("end_date"),
                place_id=self.pk("places", entity.get("place"), entity.label),
                organization_id=self.pk("organizations", entity.get("organization"), entity.label),
                series_id=self.pk("event_series", entity.get("series"), entity.label),
                parent_id=self.pk("events", entity.get("parent"), entity.label),
                summary=entity.get("summary", ""),
            )

    def participations(self):
        for number, (event, participant, label) in enumerate(
            self._children("events", "participants"), start=1
        ):
            yield Row(
                Participation(
                    pk=number,
                    event_id=event.pk,
                    person_id=self.pk("people", participant.get("person"), label),
                    role=participant.get("role", ""),
                    evidence=stored_evidence(participant),
                ),
                {},
                label,
            )

    def agreements(self):
        for entity in self._all("agreements"):
            initiators = [
                self.pk("people", initiator.get("person"), f"{entity.label}.initiators")
                for initiator in entity.children.get("initiators", {}).values()
            ]
            yield self._linkable(
                entity,
                Agreement,
                name_field="title",
                many_to_many={"initiators": sorted(filter(None, initiators))},
                short_title=entity.get("short_title", ""),
                kind=entity.get("kind", ""),
                adopted_at_id=self.pk("events", entity.get("adopted_at"), entity.label),
                signed_on=entity.get("signed_on"),
                period_start=entity.get("period_start"),
                period_end=entity.get("period_end"),
                summary=entity.get("summary", ""),
            )

    def agreement_parties(self):
        for number, (agreement, party, label) in enumerate(
            self._children("agreements", "parties"), start=1
        ):
            yield Row(
                AgreementParty(
                    pk=number,
                    agreement_id=agreement.pk,
                    country_id=self.pk("countries", party.get("country"), label),
                    status=party.get("status", ""),
                    signed_on=party.get("signed_on"),
                    ratified_on=party.get("ratified_on"),
                    evidence=stored_evidence(party),
                ),
                {},
                label,
            )

    def sections(self):
        for entity in self._all("sections"):
            yield Row(
                Section(pk=entity.pk, slug=entity.identity, **entity.attributes), {}, entity.label
            )

    def agencies(self):
        for entity in self._all("agencies"):
            yield Row(
                Agency(pk=entity.pk, short_name=entity.identity, **entity.attributes),
                {},
                entity.label,
            )

    def articles(self):
        """Each story's article, with the history an editor sees: imported, then published."""
        related = self._related_articles()
        for story in self.stories:
            label = f"{story.file_name}: [article]"
            published_at = story.published_at
            links = {
                table: sorted(entity.pk for entity in self._all(table) if story in entity.stories)
                for table in ARTICLE_LINK_TABLES
            }
            article = Article(
                pk=story.pk,
                headline=story.story.headline,
                slug=story.article.get("slug", ""),
                summary=normalise_whitespace(story.article.get("summary", "")),
                # Sanitised as `Article.save()` would: loaddata does not call save().
                body=sanitize_html(story.story.body_html),
                section_id=self.pk("sections", self._section_slug(story, label), label),
                agency_id=self.pk("agencies", story.article.get("agency"), label),
                status=story.article.get("status", ""),
                published_at=published_at,
                created_at=published_at,
                updated_at=published_at,
                view_count=story.story.view_count or 0,
                source_fingerprint=story.story.fingerprint,
            )
            yield Row(article, {**links, "related_articles": related[story.pk]}, label)
            yield Row(
                Revision(
                    pk=story.pk,
                    article_id=story.pk,
                    version=article.version,
                    headline=article.headline,
                    summary=article.summary,
                    body=article.body,
                    created_at=published_at,
                    note=f"Imported from {story.name}.txt",
                ),
                {},
                f"{label} revision",
            )
            if article.status != Article.Status.DRAFT:
                yield Row(
                    StatusChange(
                        pk=story.pk,
                        article_id=story.pk,
                        from_status=Article.Status.DRAFT,
                        to_status=article.status,
                        published_at=published_at,
                        changed_at=published_at,
                    ),
                    {},
                    f"{label} status change",
                )

    def _related_articles(self):
        """{article pk: [related pks]}, both ways: the relation is symmetrical, and loading
        one side without the other would undo it."""
        by_slug = {story.article.get("slug"): story for story in self.stories}
        related = {story.pk: set() for story in self.stories}
        for story in self.stories:
            for slug in story.article.get("related", []):
                if slug not in by_slug:
                    self.problems.append(f"{story.file_name}: related story {slug!r} is unknown.")
                    continue
                related[story.pk].add(by_slug[slug].pk)
                related[by_slug[slug].pk].add(story.pk)
        return {pk: sorted(pks) for pk, pks in related.items()}

    def _section_slug(self, story, label):
        name = story.article.get("section")
        if name is None:
            return None
        for entity in self._all("sections"):
            if entity.get("name") == name:
                return entity.identity
        self.problems.append(f"{label}.section {name!r} is not in {REFERENCE_FILE_NAME}.")
        return None

    def quotes(self):
        numbered = (
            (story, number, quote)
            for story in self.stories
            for number, quote in enumerate(story.annotations.get("quotes", []), start=1)
        )
        for pk, (story, number, quote) in enumerate(numbered, start=1):
            label = f"{story.file_name}: quotes[{number}]"
            yield Row(
                Quote(
                    pk=pk,
                    text=quote.get("text", ""),
                    article_id=story.pk,
                    speaker_id=self.pk("people", quote.get("speaker"), label),
                    speaker_name=quote.get("speaker_name", ""),
                    event_id=self.pk("events", quote.get("event"), label),
                    evidence=stored_evidence(quote),
                ),
                {},
                label,
            )


def validate_row(row):
    """Field checks that need no database (choices, lengths, blanks): a list of problems."""
    relations = [
        model_field.name for model_field in row.instance._meta.fields if model_field.is_relation
    ]
    try:
        row.instance.clean_fields(exclude=relations)  # relations are checked by loading them
    except ValidationError as error:
        return [
            f"{row.label}: {field_name}: {message}"
            for field_name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def fixture_record(row):
    """One fixture record, as `dumpdata` writes it, with explicit many-to-many lists.

    Django's serializer reads many-to-many values from the database; these rows are not in
    one, so it serializes the other fields and the lists are added here.
    """
    local_fields = [model_field.name for model_field in row.instance._meta.local_fields]
    [record] = serializers.serialize("python", [row.instance], fields=local_fields)
    record["fields"].update(row.many_to_many)
    return record


def build_demo_fixtures(*, sources_dir=SOURCES_DIR):
    """{fixture file name: JSON text} built from the sources. Raises AnnotationError."""
    reader = AnnotationReader(sources_dir).read()
    if reader.problems:
        raise AnnotationError(reader.problems)
    builder = FixtureBuilder(reader)
    rows = builder.rows()
    problems = builder.problems + [problem for row in rows for problem in validate_row(row)]
    if problems:
        raise AnnotationError(problems)
    records = {}
    for row in rows:
        records.setdefault(type(row.instance), []).append(fixture_record(row))
    return {
        file_name: _to_json([record for model in models for record in records.get(model, [])])
        for file_name, models in FIXTURE_MODELS.items()
    }


def _to_json(records):
    return json.dumps(records, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n"


def demo_fixture_paths(fixtures_dir=FIXTURES_DIR):
    """The fixture files `build_fixtures` writes, in loading order."""
    return [Path(fixtures_dir) / file_name for file_name in FIXTURE_MODELS]
