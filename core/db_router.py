"""Reads from replicas for the public, everything else on the primary: installed when
DATABASE_REPLICA_URLS (or DATABASE_REPLICA_URL) names one or more read replicas.

What goes where:

- **Public reads** (an anonymous GET or HEAD: pages, feeds, sitemaps, the API read by
  consumers without a token) may go to a replica. `ReplicaReadsMiddleware` marks them.
- **Everything else** goes to the primary: the desk (a session cookie), token clients, every
  write and every read inside a transaction, the task workers and management commands (no
  request at all: a task that makes a page ahead must see the change that asked for it).
- **Read your own writes.** A browser that has just written (any unsafe request) carries a
  cookie for `NEWSROOM_READ_YOUR_WRITES_SECONDS` (5) and reads from the primary meanwhile;
  sessions and tokens always do.

**A lagging replica never poisons a cache.** A change's purge makes the next reader rebuild
its page; if that reader's replica had not applied the change yet, the old page would be cached
again, for a day behind Varnish. So every purge first records the primary's WAL position (the
*fence*, in the shared cache: `record_fence`), and a public request reads from a replica only
if that replica has replayed past the fence (`pg_last_wal_replay_lsn()`, one query on the
replica, asked when the request first reads, not when its page comes from a cache); otherwise
from the primary. No page made after a purge is older than the change that purged it, however
far the replica lags, and with replicas caught up (the usual case: milliseconds) they carry
the reads. A replica that cannot be reached is left out for `REPLICA_RETRY_SECONDS`.

With the primary down and a replica up, public reads keep being served from the replica (the
fence lives in the cache, not in the database).
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

from core.availability import log_at_most_once_a_minute

logger = logging.getLogger(__name__)

PRIMARY = "default"
FENCE_KEY = "db-router:fence"
REPLICA_RETRY_SECONDS = 5
WROTE_COOKIE = "newsroom_wrote"
# The Redis scripts keep the fence's maximum atomically: two changes committing at once in two
# processes never leave the lower position as the fence.
KEEP_MAXIMUM = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
"""

# For this request: None (not a public read: the primary), or the replica alias chosen once
# the request first reads ("" while not yet decided).
_replica_for_request = contextvars.ContextVar("replica_for_request", default=None)


class Unreachable:
    """Replicas that failed lately in this process: {alias: time.monotonic() of the failure}."""

    since = {}


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def primary_in_transaction():
    return connections[PRIMARY].in_atomic_block


def parse_lsn(text):
    """PostgreSQL's `16/B374D848` as one comparable number."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def record_fence():
    """Remember the primary's WAL position as the fence public reads must be past.

    Called by every purge, after the change committed and before any cache forgets a page,
    so a reader that rebuilds a purged page finds the fence already set."""
    if not replica_aliases() or connections[PRIMARY].vendor != "postgresql":
        return
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            position = parse_lsn(cursor.fetchone()[0])
    except DatabaseError:
        return  # no primary, no change to fence
    client = getattr(cache, "pipeline_client", None)
    if client is not None:
        try:
            client.eval(KEEP_MAXIMUM, 1, cache.make_and_validate_key(FENCE_KEY), position)
            return
        except Exception:  # Redis down: the resilient cache's local fallback below
            pass
    if position > (cache.get(FENCE_KEY) or 0):
        cache.set(FENCE_KEY, position, timeout=None)


def fence():
    client = getattr(cache, "pipeline_client", None)
    if client is not None:
        try:
            value = client.get(cache.make_and_validate_key(FENCE_KEY))
            return int(value) if value else 0
        except Exception:
            pass
    return cache.get(FENCE_KEY) or 0


def has_replayed(alias, position):
    """Whether replica `alias` has applied the primary's WAL up to `position`."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return True  # a mirror of the primary in the tests: nothing to replay
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
        replayed = cursor.fetchone()[0]
    return replayed is None or parse_lsn(replayed) >= position  # None: not in recovery


def choose_replica():
    """A replica that is up and past the fence, or None (the primary, then)."""
    now = time.monotonic()
    candidates = [
        alias
        for alias in replica_aliases()
        if now - Unreachable.since.get(alias, float("-inf")) >= REPLICA_RETRY_SECONDS
    ]
    random.shuffle(candidates)
    if not candidates:
        return None
    position = fence()
    for alias in candidates:
        try:
            if has_replayed(alias, position):
                return alias
        except DatabaseError:
            Unreachable.since[alias] = now
            log_at_most_once_a_minute(
                logger, f"replica-{alias}", "Replica %s is unreachable: reading elsewhere.", alias
            )
    return None


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        chosen = _replica_for_request.get()
        if chosen is None or primary_in_transaction():
            return PRIMARY
        if chosen == "":
            chosen = choose_replica() or PRIMARY
            _replica_for_request.set(chosen)
        return chosen

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, first, second, **hints):
        # Every alias holds the same rows: an object read from a replica may be related
        # to one written to the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema by replication, never by `migrate`.
        return db == PRIMARY


def is_public_read(request):
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and WROTE_COOKIE not in request.COOKIES
    )


class ReplicaReadsMiddleware:
    """Marks public reads as free to use a replica; gives writers a few seconds on the primary.
    First in MIDDLEWARE, so that nothing reads before the choice is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        token = _replica_for_request.set("" if is_public_read(request) else None)
        try:
            response = self.get_response(request)
        finally:
            _replica_for_request.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.NEWSROOM_READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
