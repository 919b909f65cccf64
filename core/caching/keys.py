"""Surrogate keys: short names for what a response shows, collected while it is made.

A change purges exactly the keys it touches (`core/caching/changes.py`), from the server's
own page cache and from the HTTP caches in front, so a response must name everything it shows.
Nobody lists them by hand beside a view: they come from the rows the response loads.

- **Objects.** Every instance of a registered model made while a response is built (by a
  queryset, a `select_related`, a prefetch, a template's lazy lookup) adds its object key:
  `a12` is story 12, `p5` person 5.
- **Lists.** Every evaluated queryset of a registered model adds the key of the list it
  selects, read from its filters: `a` is a list of all stories (the front page, the archive,
  the feeds, the sitemaps, the API's list), `p5:a` a list narrowed to the stories linked to
  person 5 (their page, their feed, the API filtered by them), `s3:a` section 3's stories.
  A new story purges the lists it joins and none other: the section page of another section
  stays cached.
- **Families.** A response too large for its header (a sitemap of 50,000 stories) folds a
  family of keys into one: `a*` stands for every story, `*:a` for every narrowed list of
  stories. Every purge also purges the families of its keys, so folding loses no purge, only
  precision. `all` is on every response: `purge_cache --all` empties every cache at once.

Each app says which letter names each of its models, and what its changes touch, in its own
`caching.py` (called from its AppConfig.ready); this module knows no app. Keys are short on
purpose: Varnish refuses response headers over 8 KB by default, Fastly and Cloudflare cap theirs
at 16 KB.
"""

import contextvars
import functools
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import post_init
from django.db.models.sql.query import Query
from django.db.models.sql.where import AND, WhereNode

EVERYTHING = "all"  # on every response: purged only by `purge_cache --all`
OBJECT_FAMILY = "{letter}*"
LIST_FAMILY = "*:{letter}"


@dataclass
class Kind:
    """A registered model: its letter and what its changes touch beyond its own keys."""

    model: type
    letter: str
    # instance -> whether the public may see it (a draft story is on no list).
    is_public: object = None
    # instance -> the narrowed list keys it belongs to beyond those of its own foreign keys.
    extra_list_keys: object = None
    # instance -> whether it waits to become public at a set time (a scheduled story).
    is_scheduled: object = None


KINDS = {}  # model -> Kind
DEPENDENTS = set()  # models whose rows are shown on their parents' pages


def register(model, letter, *, is_public=None, extra_list_keys=None, is_scheduled=None):
    """Name `model`'s keys with `letter`. Its default manager must be a KeyedQuerySet's, so
    that its lists say what they select."""
    if not issubclass(model._default_manager._queryset_class, KeyedQuerySet):
        raise ImproperlyConfigured(
            f"{model.__name__}'s default manager must come from core.caching.KeyedQuerySet "
            "(objects = KeyedQuerySet.as_manager(), or a QuerySet subclassing it)."
        )
    if any(kind.letter == letter for kind in KINDS.values() if kind.model is not model):
        raise ImproperlyConfigured(f"The surrogate-key letter {letter!r} is taken twice.")
    KINDS[model] = Kind(model, letter, is_public, extra_list_keys, is_scheduled)
    post_init.connect(record_instance, sender=model, dispatch_uid=f"surrogate-key-{letter}")


def register_dependent(model):
    """Rows of `model` are shown on the pages of the registered objects they point to (a
    correction on its story's page, a position on its person's): a change purges those."""
    DEPENDENTS.add(model)


@functools.cache
def foreign_keys(model):
    """[(attname, related model)] of `model`'s foreign keys to registered models. Asked only
    once requests run, when every app has registered its models."""
    return [
        (field.attname, field.related_model)
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model in KINDS
    ]


def letter_of(model):
    kind = KINDS.get(model)
    return kind.letter if kind else None


def object_key(instance):
    return key_of(type(instance), instance.pk)


def key_of(model, pk):
    """The object key of the row `pk` of `model`, read without an instance (`values()`)."""
    return f"{KINDS[model].letter}{pk}"


def list_key(related_model, related_pk, listed_model):
    """The list of `listed_model` rows narrowed to those related to one object."""
    return f"{KINDS[related_model].letter}{related_pk}:{KINDS[listed_model].letter}"


def family_of(key):
    """The family a key folds into, or None for keys that are families or whole lists."""
    if key == EVERYTHING or "*" in key:
        return None
    if ":" in key:
        return LIST_FAMILY.format(letter=key.rsplit(":", 1)[1])
    letter = key.rstrip("0123456789")
    return OBJECT_FAMILY.format(letter=letter) if letter != key else None


def with_families(keys):
    """`keys` and the families they belong to: what a purge must reach."""
    return set(keys) | {family for key in keys if (family := family_of(key))}


# The keys of the response being made in this thread (or task), or None outside one.
_collecting = contextvars.ContextVar("surrogate_keys", default=None)


@contextmanager
def collecting():
    """Collect the keys of everything loaded inside the block into the set it yields."""
    keys = {EVERYTHING}
    token = _collecting.set(keys)
    try:
        yield keys
    finally:
        _collecting.reset(token)


@contextmanager
def not_collected():
    """Load rows inside the block without tagging the response with them: what is read to
    make a page but not shown on it (every name the mention linker searches for)."""
    token = _collecting.set(None)
    try:
        yield
    finally:
        _collecting.reset(token)


def record(*keys):
    """Add keys to the response being made, if any (for what no queryset loads)."""
    collected = _collecting.get()
    if collected is not None:
        collected.update(keys)


def record_instance(sender, instance, **kwargs):
    collected = _collecting.get()
    if collected is not None and instance.pk is not None:
        collected.add(f"{KINDS[sender].letter}{instance.pk}")


def record_objects(*instances):
    """Add the object keys of `instances` (of registered kinds; others are skipped) to the
    response or fragment being made: rows it shows that were loaded outside it."""
    record(*(object_key(obj) for obj in instances if obj is not None and type(obj) in KINDS))


class KeyedQuerySet(models.QuerySet):
    """A queryset that, when evaluated while a response is made, adds the key of the list it
    selects: narrowed to some objects when every row it can return is related to one of them
    (`filter(people=person)`, `filter(section__in=…)`, a subquery on a through table), else
    the whole list of its kind."""

    def _fetch_all(self):
        if self._result_cache is None:
            record_list(self.query)
        super()._fetch_all()

    def iterator(self, chunk_size=None):
        record_list(self.query)
        return super().iterator(chunk_size)

    def count(self):
        record_list(self.query)  # how many there are: the sitemap index, "page 1 of 50"
        return super().count()

    def exists(self):
        record_list(self.query)
        return super().exists()

    def aggregate(self, *args, **kwargs):
        record_list(self.query)
        return super().aggregate(*args, **kwargs)


def record_list(query):
    collected = _collecting.get()
    if collected is not None and query.model in KINDS:
        collected.update(list_keys_of_query(query))


def list_keys_of_query(query):
    """The list keys of what `query` selects; none when it selects one row by a unique field
    (`get(slug=…)`): that row's own key says all, and a list key would purge it with every
    change to its kind."""
    if selects_one_row(query.where, query.model):
        return set()
    narrowed = narrowing_keys(query.where, query.model)
    return narrowed if narrowed else {KINDS[query.model].letter}


def selects_one_row(where, model):
    if where.connector != AND or where.negated:
        return False
    for child in where.children:
        target = getattr(getattr(child, "lhs", None), "target", None)
        if (
            getattr(child, "lookup_name", None) == "exact"
            and target is not None
            and target.model is model
            and target.unique
        ):
            return True
    return False


def narrowing_keys(node, listed_model):
    """The list keys of the objects every row matching `node` is related to, or None when
    `node` does not narrow the list to such objects (a date, a word, an OR with either)."""
    if isinstance(node, WhereNode):
        if node.negated:
            return None
        found = [narrowing_keys(child, listed_model) for child in node.children]
        if node.connector == AND:
            # Rows of an AND are rows of each narrowing part: one part's keys would do,
            # all of them cost a few bytes and keep a part that stops narrowing safe.
            narrowing = [keys for keys in found if keys]
            return set().union(*narrowing) if narrowing else None
        return set().union(*found) if found and all(found) else None
    if getattr(node, "lookup_name", None) not in ("exact", "in"):
        return None
    target = getattr(node.lhs, "target", None)
    if target is None:
        return None
    if isinstance(node.rhs, Query):
        # `pk__in=<subquery>`: the rows are those the subquery narrows to.
        if target.primary_key and target.model is listed_model:
            return narrowing_keys(node.rhs.where, listed_model)
        return None
    if not (target.many_to_one and target.related_model in KINDS):
        return None
    values = node.rhs if node.lookup_name == "in" else [node.rhs]
    try:
        pks = {getattr(value, "pk", value) for value in values}
    except TypeError:
        return None
    if not pks or None in pks:
        return None
    return {list_key(target.related_model, pk, listed_model) for pk in pks}


def fold(keys, max_bytes):
    """`keys` as they fit a header of `max_bytes`: the largest families folded first."""
    keys = set(keys)
    while len(" ".join(keys)) > max_bytes:
        families = {}
        for key in keys:
            family = family_of(key)
            if family:
                families.setdefault(family, set()).add(key)
        if not families:
            break
        family, members = max(families.items(), key=lambda item: (len(item[1]), item[0]))
        keys = (keys - members) | {family}
    return keys
