"""The server's own cache of public pages, made stale key by key.

A page is kept with the surrogate keys it shows and the moment its making began. Each key has
a version in the cache: the time it was last purged. A page is fresh while none of its keys
was purged after its making began, so a purge of story 12 makes stale exactly the pages that
show story 12 (or list the stories it joins), and a page rendered while the edit was being
committed (it began before the purge) is never taken for fresh. A version the cache lost
(evicted, or Redis restarted empty) makes the pages that need it stale too: a miss, never a
stale page.

With Redis (`REDIS_URL`) the pages and versions are shared by every process, and each process
also keeps its own copy of recent pages and trusts the versions it read for
`NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS` (1 s): a cached page then costs no round trip,
and a purge made in another process reaches this one within that second. A purge made in this
process is seen here at once. With a cache in front (`NEWSROOM_PURGE_BACKEND`) nothing is
trusted: a page this process served a second late would be kept there for a day.

With the local-memory cache every process has its own pages and versions: an edit reaches
other processes' caches only when they expire (`NEWSROOM_PAGE_CACHE_SECONDS`), so set
`REDIS_URL` for more than one process.

A page outlives its freshness by `NEWSROOM_STALE_IF_ERROR_SECONDS`: when the database is down,
a page that expired (but was not purged: a withdrawn story stays withdrawn) is served stale.
"""

import time

from django.conf import settings
from django.core.cache import cache, caches
from django.utils import timezone

from core.caching import outage_copies
from core.caching.cache_backends import RedisCacheWithMemoryFallback
from core.caching.keys import EVERYTHING

VERSION_PREFIX = "page-cache:key:"
# The alias of each process's own copy of recent pages, when the main cache is shared (Redis).
PROCESS_LOCAL = "process-local"


def wall_clock():
    """Now, as a timestamp, from the site's clock (`timezone.now`: what decides whether a
    scheduled story is due must also decide whether a page showing it is)."""
    return timezone.now().timestamp()


def process_local_pages():
    return caches[PROCESS_LOCAL] if PROCESS_LOCAL in settings.CACHES else None


class TrustedVersions:
    """The versions this process read lately: {key: (version, time.monotonic() read)}."""

    known = {}

    @classmethod
    def clear(cls):
        cls.known = {}


def versions(keys):
    """{key: version or None} for `keys`, from this process's memory when recent enough."""
    found = {}
    wanted = keys
    # With a cache in front, a stale page served from this process's copy would be kept
    # there for s-maxage: every page Django serves then checks the versions in Redis (one
    # round trip; the cache in front answers most readers anyway).
    if process_local_pages() is not None and not settings.NEWSROOM_PURGE_BACKEND:
        trust = settings.NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS
        now = time.monotonic()
        wanted = []
        for key in keys:
            known = TrustedVersions.known.get(key)
            if known is not None and now - known[1] < trust:
                found[key] = known[0]
            else:
                wanted.append(key)
        if not wanted:
            return found
    stored = cache.get_many([VERSION_PREFIX + key for key in wanted])
    now = time.monotonic()
    for key in wanted:
        version = stored.get(VERSION_PREFIX + key)
        found[key] = version
        if version is not None:
            TrustedVersions.known[key] = (version, now)
    return found


def forget(keys):
    """Purge `keys` from the page cache: every page showing one of them is stale from now."""
    version = time.time_ns()
    cache.set_many({VERSION_PREFIX + key: version for key in keys}, timeout=None)
    outage_copies.purged(keys, version)
    now = time.monotonic()
    for key in keys:
        TrustedVersions.known[key] = (version, now)


def purged_since(keys, moment):
    """Whether any of `keys` was purged after `moment` (time.time_ns()), or its version lost."""
    return any(version is None or version > moment for version in versions(keys).values())


def start_versions(keys):
    """Give the keys that never had one a version (0: never purged), so a page can be stored
    under them. `add` never overwrites: a purge made meanwhile keeps its version."""
    for key, version in versions(keys).items():
        if version is None:
            cache.add(VERSION_PREFIX + key, 0, timeout=None)


class Entry:
    """A stored page: the response, its keys, when its making began (time.time_ns()), how long
    it is fresh, and when the next scheduled change to it is due (the site's clock).

    The lifetime counts on both clocks: real time (what the cache's own expiry uses) and the
    site's (`timezone.now`, which decides what is due); they only differ when a test moves
    the site's clock.
    """

    def __init__(self, response, keys, started, seconds, due_at=None):
        self.response = response
        self.keys = keys
        self.started = started
        self.expires_at = time.time() + seconds
        self.expires_on_site_clock = wall_clock() + seconds
        self.due_at = due_at

    def seconds_left(self):
        return self.expires_at - time.time()

    def is_purged(self):
        return purged_since(self.keys, self.started)

    def is_fresh(self):
        now = wall_clock()
        return (
            self.seconds_left() > 0
            and now < self.expires_on_site_clock
            and (self.due_at is None or now < self.due_at)
            and not self.is_purged()
        )


def lookup(address):
    """The entry stored under `address`, from this process's copy first, or None."""
    local = process_local_pages()
    entry = local.get(address) if local is not None else None
    if entry is None:
        entry = cache.get(address)
        if entry is not None and local is not None:
            local.set(address, entry, max(1, int(entry.seconds_left())))
    return entry


def store(address, entry):
    kept = int(entry.seconds_left()) + settings.NEWSROOM_STALE_IF_ERROR_SECONDS
    cache.set(address, entry, kept)
    outage_copies.keep(address, entry)
    local = process_local_pages()
    if local is not None:
        local.set(address, entry, max(1, int(entry.seconds_left())))


def outage_copy(address):
    """This machine's copy of the page at `address` (`outage_copies.py`) as an Entry that is
    not fresh, for a process that has none of its own while the database is down; or None."""
    found = outage_copies.find(address, EVERYTHING)
    if found is None:
        return None
    response, keys, started = found
    return OutageCopy(response, keys, started, seconds=0)


class OutageCopy(Entry):
    """A page made by another process: its purges were checked in the machine's file (this
    process never had versions for its keys, which would count as purged)."""

    def is_purged(self):
        return False


def after_redis_outage(redis_cache):
    """Purges made while Redis was down reached only each process's memory: every page Redis
    kept from before may show what they purged."""
    forget({EVERYTHING})


RedisCacheWithMemoryFallback.recovery_hooks.append(after_redis_outage)
