"""Parts of a page that are the same for every reader, made once and kept until a change
purges what they show.

A page missing the page cache (the first reader after an edit, a page cache turned off, the
long tail of an archive) still makes what every reader of it would make the same way: a
story's body with its people linked, the people with the posts they held then, the site's
sections. `fragment(name, make)` keeps what `make()` returns with the surrogate keys of
everything it loaded (`keys.py`) and the moment its making began, exactly as the page cache
keeps a page (`store.py`): it is fresh while none of its keys was purged after that moment,
no later than the next scheduled change to one of them becomes due (`due.py`), and no longer
than `NEWSROOM_PAGE_CACHE_SECONDS` (edits made without signals are caught by that limit, as
for pages). So a fragment is stale exactly when a page showing it would be, and a reader
never sees a body linked against a name, an address or a story that a committed change has
replaced, beyond what the page cache's own rules allow (with the local-memory cache, a purge
reaches other processes only through that time limit: set `REDIS_URL` for more than one).

Why versioned keys rather than a column on the row: what a story's links show changes when a
person is renamed, not only when the story is saved, and the purge of that person already
reaches every page showing them; a stored column would need its own bookkeeping of who
depends on whom, and would be read even when stale.

The keys of a fragment are added to the page that shows it, whether it was made or taken from
the cache, so the page is tagged and purged as if it had loaded everything itself. Fragments
are made ahead by a task when a change commits (`register_refresher`: the story pages a purge
touches, `articles/tasks.py`), so the first reader after an edit usually finds them made.
"""

import time

from django.conf import settings
from django.core.cache import cache

from core.caching import due, store
from core.caching.keys import EVERYTHING, KINDS, collecting, record

PREFIX = "fragment:"


class Fragment(store.Entry):
    """A kept fragment: its value, its keys, when its making began and when it goes stale."""

    @property
    def value(self):
        return self.response

    def is_fresh_given(self, known):
        """`is_fresh`, with the versions of its keys already read (`known`: {key: version})."""
        now = store.wall_clock()
        return (
            self.seconds_left() > 0
            and now < self.expires_on_site_clock
            and (self.due_at is None or now < self.due_at)
            and not any(known.get(key) is None or known[key] > self.started for key in self.keys)
        )


def fragment(name, make, *, seconds=None):
    """`make()`'s value, from the cache while fresh; its keys are added to the page's.
    `seconds`: how long it may be kept, when not `NEWSROOM_PAGE_CACHE_SECONDS`."""
    kept = kept_fragments([name])
    return kept[name] if name in kept else remake(name, make, seconds=seconds)


def kept_fragments(names):
    """{name: value} of the fresh fragments among `names`; their keys are added to the
    page's. The others are for the caller to make (`remake`).

    With Redis, each process keeps its own copy of the fragments it read, as it does for
    pages (`store.lookup`): a fragment read on every request then crosses the network only
    when this process has none, or a stale one (another process, or the task, may have made
    it again since). Either copy is fresh by the same rule, its keys' versions, which a
    process trusts for `NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS`, as for pages."""
    fresh = {}
    local = store.process_local_pages()
    if local is not None:
        fresh = fresh_among(names, local.get_many([PREFIX + name for name in names]))
    wanted = [name for name in names if name not in fresh]
    if wanted:
        shared = cache.get_many([PREFIX + name for name in wanted])
        if local is not None:
            for cache_name, kept in shared.items():
                keep_locally(local, cache_name, kept)
        fresh.update(fresh_among(wanted, shared))
    return fresh


def fresh_among(names, kept):
    """{name: value} of the fresh ones among the fragments `kept` ({cache name: Fragment})
    read for `names`, with the versions of all their keys read at once."""
    known = store.versions(set().union(*(fragment.keys for fragment in kept.values())))
    fresh = {}
    for name in names:
        fragment = kept.get(PREFIX + name)
        if fragment is not None and fragment.is_fresh_given(known):
            record(*fragment.keys)
            fresh[name] = fragment.value
    return fresh


def keep_locally(local, cache_name, kept):
    seconds = int(kept.seconds_left())
    if seconds > 0:
        local.set(cache_name, kept, seconds)


def remake(name, make, *, lists=True, seconds=None):
    """Make the fragment now and keep it, unless a purge overtook its making. `lists=False`
    says it shows rows only, no list (a story's teaser): what the clock publishes cannot
    change it, and the schedule need not be read. `seconds` as for `fragment`."""
    started = time.time_ns()
    with collecting() as keys:
        value = make()
    record(*keys)
    store.start_versions(keys)
    if seconds is None:
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
    if not store.purged_since(keys, started):
        due_at = due.next_due(keys) if lists and may_change_by_the_clock(keys) else None
        kept = Fragment(value, frozenset(keys), started, seconds, due_at)
        cache.set(PREFIX + name, kept, seconds)
        if (local := store.process_local_pages()) is not None:
            keep_locally(local, PREFIX + name, kept)
    return value


def remake_many(makes, *, lists=True):
    """`remake(name, make, lists=lists)` of several fragments at once ({name: make}): a list's
    teasers or API entries nobody kept. Their keys' versions are started and read once for
    all of them and they are kept with one write, where one at a time cost two reads and a
    write each (twenty a page in the long tail). Returns {name: value}."""
    if not makes:
        return {}
    started = time.time_ns()
    made = {}
    for name, make in makes.items():
        with collecting() as keys:
            value = make()
        made[name] = (value, frozenset(keys))
    every = set().union(*(keys for _, keys in made.values()))
    record(*every)
    store.start_versions(every)
    known = store.versions(every)
    seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
    kept = {
        PREFIX + name: Fragment(
            value,
            keys,
            started,
            seconds,
            due.next_due(keys) if lists and may_change_by_the_clock(keys) else None,
        )
        for name, (value, keys) in made.items()
        # Not kept when a purge overtook its making (`remake`).
        if not any(known.get(key) is None or known[key] > started for key in keys)
    }
    if kept:
        cache.set_many(kept, seconds)
        if (local := store.process_local_pages()) is not None:
            for cache_name, fragment in kept.items():
                keep_locally(local, cache_name, fragment)
    return {name: value for name, (value, _) in made.items()}


def may_change_by_the_clock(keys):
    """Whether a fragment of `keys` shows rows of a kind that is scheduled (stories, or a list
    of them): the site's sections never become due, and need not read the schedule."""
    letters = {kind.letter for kind in KINDS.values() if kind.is_scheduled is not None}
    return any(
        key.rsplit(":", 1)[-1].rstrip("0123456789*") in letters for key in keys if key != EVERYTHING
    )


REFRESHERS = []


def register_refresher(refresher):
    """`refresher(keys)` runs after every purge, to make again ahead of the next reader what
    the purged keys' pages show (it should enqueue a task, not do the work)."""
    REFRESHERS.append(refresher)


def refresh_after_purge(keys):
    for refresher in REFRESHERS:
        refresher(keys)
