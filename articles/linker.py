"""The mention linker: finds every known person, event, agreement, place, country and
organization named in a text, by name or alias, and returns where.

One Aho–Corasick automaton holds every name, so the cost of a search grows with the length of
the text, not with the number of names. Matches are case-sensitive (names are proper nouns;
"CIS" must not match "cis"), whole words only, and the longest wins where matches overlap:
"Kassym-Jomart Tokayev" rather than "Tokayev". A name shared by two different entities is
ambiguous and is not linked: a wrong link is worse than none.
"""

import threading
import uuid
from dataclasses import asdict, dataclass

import ahocorasick
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from articles.entity_links import STORY_LINKS
from core.caching.keys import not_collected

# kind → (model, the fields that hold its names), from the table of what a story links to
# (articles/entity_links.py). Order is the tie-break between kinds only for documentation; an
# exact name shared across kinds is ambiguous and skipped.
LINKABLE_MODELS = {link.kind: (link.model, list(link.names)) for link in STORY_LINKS if link.names}
KINDS = tuple(LINKABLE_MODELS)


@dataclass(frozen=True)
class Target:
    kind: str
    slug: str
    pk: int


@dataclass(frozen=True)
class Mention:
    """One mention: `text[start:end] == text_found`, pointing at one entity."""

    kind: str
    slug: str
    text: str
    start: int
    end: int
    pk: int

    def as_dict(self):
        """The public shape: {kind, slug, text, start, end}."""
        data = asdict(self)
        del data["pk"]
        return data


def _is_word_character(character):
    return character.isalnum() or character == "_"


class MentionLinker:
    """An automaton over a fixed set of names; build once, search many texts."""

    def __init__(self, entries):
        """`entries`: iterable of (name, Target). Blank names are ignored."""
        targets_by_name = {}
        for name, target in entries:
            name = " ".join(name.split())
            if name:
                targets_by_name.setdefault(name, set()).add(target)
        self.name_count = len(targets_by_name)
        self._automaton = ahocorasick.Automaton()
        for name, targets in targets_by_name.items():
            # One target: link it. Several: remember the name so it blocks shorter matches
            # inside it, but link nothing.
            target = next(iter(targets)) if len(targets) == 1 else None
            self._automaton.add_word(name, (len(name), target))
        if self.name_count:
            self._automaton.make_automaton()

    def find(self, text):
        """Every mention in `text`, in order, non-overlapping, longest first."""
        if not self.name_count or not text:
            return []
        candidates = []
        for end_index, (length, target) in self._automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and _is_word_character(text[start - 1]):
                continue
            if end < len(text) and _is_word_character(text[end]):
                continue
            candidates.append((start, -length, end, target))
        candidates.sort()
        mentions, covered_until = [], 0
        for start, _negative_length, end, target in candidates:
            if start < covered_until:
                continue
            covered_until = end
            if target is not None:
                mentions.append(
                    Mention(target.kind, target.slug, text[start:end], start, end, target.pk)
                )
        return mentions

    @classmethod
    def from_database(cls):
        return cls(_database_entries())


def _database_entries():
    for kind, (model, fields) in LINKABLE_MODELS.items():
        for row in model._default_manager.values("pk", "slug", *fields).iterator(chunk_size=5000):
            target = Target(kind, row["slug"], row["pk"])
            for field in fields:
                value = row[field] or ""
                names = value.splitlines() if field == "aliases" else [value]
                for name in names:
                    yield name, target


# The process keeps one automaton. A token in the shared cache names the current set of
# entities: every change stores a new random token, and a process whose automaton was built
# under another token rebuilds on its next search. A random token, not a counter: after the
# cache is cleared or evicts the key, a counter would start again at a number some process
# already built under, and that process would go on using its stale automaton.
_VERSION_KEY = "articles:linker-version"
_built = {"version": None, "linker": None}
_build_lock = threading.Lock()


def get_linker():
    """The linker over every entity in the database, rebuilt after any of them changes."""
    version = cache.get_or_set(_VERSION_KEY, _new_version, timeout=None)
    if _built["version"] != version:
        with _build_lock:
            if _built["version"] != version:
                # Every name is read to find mentions, but a page shows only the story's own
                # links: no page is about every person, so none takes their keys.
                with not_collected():
                    _built["linker"] = MentionLinker.from_database()
                _built["version"] = version
    return _built["linker"]


def find_mentions(text):
    """Every mention of a known entity in `text` (see MentionLinker.find)."""
    return get_linker().find(text)


def invalidate_linker(**kwargs):
    """Make every process rebuild its linker: now, and again when the transaction commits.

    Now, so this connection's next search sees the change; at commit, because another process
    may rebuild in between from the database as it was before the commit, and would otherwise
    keep that automaton until the next change.
    """
    _store_new_version()
    transaction.on_commit(_store_new_version, robust=True)


def _new_version():
    return uuid.uuid4().hex


def _store_new_version():
    cache.set(_VERSION_KEY, _new_version(), timeout=None)


def connect_signals():
    """Called from ArticlesConfig.ready(): any change to a linkable entity invalidates."""
    for model, _fields in LINKABLE_MODELS.values():
        uid = f"linker-{model._meta.label}"
        post_save.connect(invalidate_linker, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_linker, sender=model, dispatch_uid=f"{uid}-delete")
