"""The demo data: the source stories and their annotations become the fixtures `load_demo` loads.

`fixtures/sources/` holds each story as exported (`<name>.txt`, never edited) beside its
annotations (`<name>.toml`): what the desk knows from that story, every fact with the words of
the story that say so. `reference.toml` adds what no story says but the models need (ISO codes,
which country a city is in) and the desk's own conventions (sections, agencies, event series).

`build_demo_fixtures()` parses each story with the importer, checks every piece of evidence
against the story's text, merges what the files say about the same thing (by slug), and
returns the JSON fixtures, byte for byte the same on every run: primary keys are numbered in
the order things first appear in the files (stories in file-name order, then the reference),
so adding an entry never renumbers the others, and every timestamp comes from the stories'
publication times. It never touches a database.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder

from articles.ingest import ParsedStory, StoryError, parse_story, publication_time
from articles.models import Agency, Article, Quote, Revision, Section, StatusChange
from articles.services import LINK_FIELDS
from events.models import (
    Agreement,
    AgreementParty,
    Country,
    Event,
    EventSeries,
    Linkable,
    Organization,
    Participation,
    Person,
    Place,
    Position,
)
from newsroom.html import sanitize_html

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"
REFERENCE_FILE_NAME = "reference.toml"

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


@dataclass(frozen=True)
class Vocabulary:
    """What an entry of one table (`[[people]]`, …) may say."""

    model: type
    attributes: frozenset
    # child table → (the keys that tell two children apart, every key a child may use)
    children: dict = field(default_factory=dict)
    identity: str = "slug"  # the key that names the entry across files
    # The desk's own conventions: only in reference.toml, and no story needs to mention them.
    is_desk_convention: bool = False

    @property
    def keys(self):
        linkable = issubclass(self.model, Linkable)
        return {self.identity, "evidence", *self.attributes, *self.children} | (
            {"aliases"} if linkable else set()
        )


VOCABULARY = {
    "countries": Vocabulary(Country, frozenset({"name", "iso_code"})),
    "organizations": Vocabulary(
        Organization, frozenset({"name", "short_name", "parent", "description"})
    ),
    "places": Vocabulary(Place, frozenset({"name", "kind", "parent", "country"})),
    "people": Vocabulary(
        Person,
        frozenset({"name", "country", "bio"}),
        children={
            "positions": (
                ("title",),
                {"title", "organization", "country", "start_date", "end_date"},
            )
        },
    ),
    "events": Vocabulary(
        Event,
        frozenset(
            {"title", "kind", "status", "start_date", "end_date"}
            | {"place", "organization", "series", "parent", "summary"}
        ),
        children={"participants": (("person", "role"), {"person", "role"})},
    ),
    "agreements": Vocabulary(
        Agreement,
        frozenset(
            {"title", "short_title", "kind", "adopted_at", "signed_on"}
            | {"period_start", "period_end", "summary"}
        ),
        children={
            "initiators": (("person",), {"person"}),
            "parties": (("country",), {"country", "status", "signed_on", "ratified_on"}),
        },
    ),
    "event_series": Vocabulary(
        EventSeries,
        frozenset({"name", "organization", "description"}),
        is_desk_convention=True,
    ),
    "sections": Vocabulary(
        Section, frozenset({"name", "position", "description"}), is_desk_convention=True
    ),
    "agencies": Vocabulary(
        Agency, frozenset({"name", "url"}), identity="short_name", is_desk_convention=True
    ),
}
# The tables a story is linked to: each shares its name with the Article field of the links.
ARTICLE_LINK_TABLES = tuple(LINK_FIELDS.values())
SOURCE_KEYS = {"original_name", "sha256", "year", "evidence"}
ARTICLE_KEYS = {
    *("slug", "section", "agency", "status", "published_at"),
    *("summary", "evidence", "related"),
}
QUOTE_KEYS = {"text", "speaker", "speaker_name", "event", "evidence"}


class AnnotationError(Exception):
    """The annotations do not hold together. The message lists every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        listed = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"The demo annotations have problems:\n{listed}")


def normalise_whitespace(text):
    return " ".join(text.split())


def evidence_phrases(entry):
    """An entry's evidence as a list: one phrase may be written as a plain string."""
    evidence = entry.get("evidence")
    return [evidence] if isinstance(evidence, str) else list(evidence or [])


def stored_evidence(entry):
    """Evidence as a model's `evidence` field keeps it: the phrases, elided between."""
    return " … ".join(normalise_whitespace(phrase) for phrase in evidence_phrases(entry))


@dataclass
class AnnotatedStory:
    """One source story, parsed, with its annotations."""

    name: str  # the file name without .txt
    pk: int
    story: ParsedStory
    annotations: dict
    searchable_text: str  # headline and paragraphs, whitespace normalised: where evidence is

    @property
    def file_name(self):
        return f"{self.name}.toml"

    @property
    def article(self):
        return self.annotations.get("article", {})

    @property
    def published_at(self):
        return self.article.get("published_at") or publication_time(self.story.published_on)


@dataclass
class Entity:
    """One person, place, event… as all the annotations files together describe it."""

    table: str
    identity: str
    pk: int
    attributes: dict = field(default_factory=dict)
    aliases: list = field(default_factory=list)
    children: dict = field(default_factory=dict)  # child table → {identity: attributes}
    stories: list = field(default_factory=list)  # the AnnotatedStory objects that mention it
    files: list = field(default_factory=list)  # the annotations files that name it

    @property
    def label(self):
        return f"{self.table}[{self.identity}]"

    def get(self, key, default=None):
        return self.attributes.get(key, default)


class Row(NamedTuple):
    instance: object
    many_to_many: dict
    label: str  # which annotation it comes from, for messages


# Reading and checking -------------------------------------------------------------------------


class AnnotationReader:
    """Reads every annotations file, checks each fact's evidence, and merges them by slug."""

    def __init__(self, sources_dir):
        self.sources_dir = Path(sources_dir)
        self.problems = []
        self.stories = []
        self.entities = {table: {} for table in VOCABULARY}

    def read(self):
        text_paths = sorted(self.sources_dir.glob("*.txt"))
        if not text_paths:
            self.problems.append(f"{self.sources_dir}: no source stories (*.txt) here.")
        for text_path in text_paths:
            self._read_story(text_path)
        for toml_path in sorted(self.sources_dir.glob("*.toml")):
            if toml_path.name != REFERENCE_FILE_NAME and not toml_path.with_suffix(".txt").exists():
                self.problems.append(f"{toml_path.name}: no {toml_path.stem}.txt beside it.")
        reference_path = self.sources_dir / REFERENCE_FILE_NAME
        if reference_path.exists():
            self._read_tables(self._load_toml(reference_path), reference_path.name, story=None)
        self._check_every_fact_is_from_a_story()
        return self

    def _load_toml(self, path):
        try:
            with path.open("rb") as toml_file:
                return tomllib.load(toml_file)
        except tomllib.TOMLDecodeError as error:
            self.problems.append(f"{path.name}: not valid TOML ({error}).")
            return {}

    def _read_story(self, text_path):
        toml_path = text_path.with_suffix(".toml")
        if not toml_path.exists():
            self.problems.append(
                f"{text_path.name}: no annotations; write {toml_path.name} beside it."
            )
            return
        annotations = self._load_toml(toml_path)
        source = annotations.get("source", {})
        self._check_keys(toml_path.name, "[source]", source, SOURCE_KEYS)
        raw = text_path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != source.get("sha256"):
            self.problems.append(
                f"{text_path.name}: its bytes are not the ones annotated (SHA-256 {digest}, "
                f"[source].sha256 {source.get('sha256')}). Sources stay exactly as exported: "
                "restore the original, or check every evidence and record the new hash."
            )
        try:
            story = parse_story(raw, source=text_path.name, year=source.get("year"))
        except StoryError as error:
            self.problems.append(f"{text_path.name}: {error}")
            return
        annotated = AnnotatedStory(
            name=text_path.stem,
            pk=len(self.stories) + 1,
            story=story,
            annotations=annotations,
            searchable_text=normalise_whitespace(f"{story.headline}\n{story.text}"),
        )
        self.stories.append(annotated)
        if "year" in source:
            self._check_evidence(annotated, "[source].year", source)
        self._check_article(annotated)
        self._read_tables(annotations, toml_path.name, story=annotated)
        for number, quote in enumerate(annotations.get("quotes", []), start=1):
            label = f"quotes[{number}]"
            self._check_keys(toml_path.name, label, quote, QUOTE_KEYS)
            self._check_evidence(annotated, label, quote)
            self._check_phrase(annotated, f"{label}.text", quote.get("text", ""))

    def _check_article(self, annotated):
        article, story = annotated.article, annotated.story
        where = f"{annotated.file_name}: [article]"
        self._check_keys(annotated.file_name, "[article]", article, ARTICLE_KEYS)
        if not article.get("slug"):
            self.problems.append(f"{where} has no slug.")
        if article.get("summary"):
            self._check_evidence(annotated, "[article].summary", article)
        # The annotations may fill in what the export leaves out, never contradict it.
        for key, as_exported in (("section", story.section), ("agency", story.agency)):
            if as_exported and article.get(key) != as_exported:
                self.problems.append(
                    f"{where}.{key} is {article.get(key)!r}, but the story says {as_exported!r}."
                )
        published_at = article.get("published_at")
        if published_at is None:
            return
        if getattr(published_at, "tzinfo", None) is None:
            self.problems.append(f"{where}.published_at needs a time zone: end it with Z.")
        elif published_at.date() != story.published_on:
            self.problems.append(
                f"{where}.published_at is {published_at:%Y-%m-%d}, but the story is dated "
                f"{story.published_on}."
            )

    def _read_tables(self, annotations, file_name, *, story):
        for table in sorted(set(annotations) - {*VOCABULARY, "source", "article", "quotes"}):
            self.problems.append(f"{file_name}: unknown table [{table}].")
        for table, vocabulary in VOCABULARY.items():
            if story is not None and vocabulary.is_desk_convention and table in annotations:
                self.problems.append(
                    f"{file_name}: [[{table}]] are the desk's conventions: they belong in "
                    f"{REFERENCE_FILE_NAME}."
                )
            for entry in annotations.get(table, []):
                self._read_entry(table, entry, file_name, story=story)

    def _read_entry(self, table, entry, file_name, *, story):
        vocabulary = VOCABULARY[table]
        identity = entry.get(vocabulary.identity)
        if not identity:
            self.problems.append(
                f"{file_name}: an entry of [[{table}]] has no {vocabulary.identity}."
            )
            return
        entities = self.entities[table]
        entity = entities.setdefault(identity, Entity(table, identity, pk=len(entities) + 1))
        entity.files.append(file_name)
        self._check_keys(file_name, entity.label, entry, vocabulary.keys)
        if story is None:
            if "evidence" in entry:
                self.problems.append(
                    f"{file_name}: {entity.label} has evidence, but {REFERENCE_FILE_NAME} is "
                    "for what the stories do not say; annotate it in the story's file."
                )
        else:
            self._check_evidence(story, entity.label, entry)
            for alias in entry.get("aliases", []):
                self._check_phrase(story, f"{entity.label}.aliases", alias)
            if story not in entity.stories:
                entity.stories.append(story)
        for key in vocabulary.attributes & entry.keys():
            self._merge(entity.attributes, key, entry[key], f"{file_name}: {entity.label}")
        entity.aliases += [
            alias for alias in entry.get("aliases", []) if alias not in entity.aliases
        ]
        for child_table, (identity_keys, child_keys) in vocabulary.children.items():
            for child in entry.get(child_table, []):
                child_identity = tuple(child.get(key) for key in identity_keys)
                label = f"{entity.label}.{child_table}[{', '.join(map(str, child_identity))}]"
                self._check_keys(file_name, label, child, {*child_keys, "evidence"})
                if story is not None:
                    self._check_evidence(story, label, child)
                known = entity.children.setdefault(child_table, {}).setdefault(child_identity, {})
                # When two stories say the same, the first one's words are kept as evidence.
                known.setdefault("evidence", child.get("evidence"))
                for key in child_keys & child.keys():
                    self._merge(known, key, child[key], f"{file_name}: {label}")

    def _merge(self, attributes, key, value, label):
        """Two files may describe the same thing, but they may not contradict each other."""
        if key in attributes and attributes[key] != value:
            self.problems.append(
                f"{label}.{key} is {value!r} here but {attributes[key]!r} in another file."
            )
        attributes.setdefault(key, value)

    def _check_keys(self, file_name, label, entry, allowed):
        for key in sorted(set(entry) - set(allowed)):
            self.problems.append(f"{file_name}: {label} has an unknown key {key!r}.")

    def _check_evidence(self, story, label, entry):
        phrases = evidence_phrases(entry)
        if not phrases:
            self.problems.append(f"{story.file_name}: {label} has no evidence.")
        for phrase in phrases:
            self._check_phrase(story, f"{label}.evidence", phrase)

    def _check_phrase(self, story, label, phrase):
        normalised = normalise_whitespace(phrase)
        if not normalised:
            self.problems.append(f"{story.file_name}: {label} is blank.")
        elif normalised not in story.searchable_text:
            self.problems.append(
                f"{story.file_name}: {label} “{phrase}” is not in the story ({story.name}.txt)."
            )

    def _check_every_fact_is_from_a_story(self):
        for table, vocabulary in VOCABULARY.items():
            if vocabulary.is_desk_convention:
                continue
            for entity in self.entities[table].values():
                if not entity.stories:
                    self.problems.append(
                        f"{entity.label} ({', '.join(entity.files)}): no story mentions it. "
                        "The demo shows what the stories say: annotate it where a story does."
                    )


# Building the rows ----------------------------------------------------------------------------


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
