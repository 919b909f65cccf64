"""The demo's annotations read and checked: what each source story's `.toml` says, every fact
with the words of the story that back it.

`fixtures/sources/` holds each story as exported (`<name>.txt`, never edited) beside its
annotations (`<name>.toml`): what the desk knows from that story, every fact with the words of
the story that say so. `reference.toml` adds what no story says but the models need (ISO codes,
which country a city is in) and the desk's own conventions (sections, agencies, event series).
`AnnotationReader` parses each story with the importer, checks every piece of evidence against
the story's text and merges what the files say about the same thing (by slug); the fixture
builder (`demo/fixtures.py`) turns the result into rows.
"""

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from articles.entity_links import LINK_FIELDS
from articles.ingest import ParsedStory, StoryError, parse_story, publication_time
from articles.models import Agency, Section
from events.models import (
    Agreement,
    Country,
    Event,
    EventSeries,
    Linkable,
    Organization,
    Person,
    Place,
)

REFERENCE_FILE_NAME = "reference.toml"


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
