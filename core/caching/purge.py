"""Purging: the one function every change goes through (the HTTP caches' adapters: cdn.py).

`purge(keys)` makes the keys stale in the server's page cache and asks the HTTP cache in front
(`NEWSROOM_PURGE_BACKEND`: `varnish`, `fastly` or `cloudflare`; none by default) to drop every
response tagged with one of them. Changes call it once per committed transaction with every key
the transaction touched (`core/caching/changes.py`); `manage.py purge_cache` calls it by
hand. The server's own cache is purged at once, in the process that committed (a version bump
in the shared cache: every process sees it); the cache in front is purged by a task
(`core/caching/tasks.py`) on the queue `purges`, so a save never waits for a CDN's API.
A worker takes that queue before the deliveries' (RQ lists it first; the database backend
gives it a higher priority); run one worker on `--queues purges` alone where pushes to slow
subscribers could keep purges waiting.

Requests to the cache in front go in batches (as many keys per request as its API takes),
each tried `NEWSROOM_PURGE_ATTEMPTS` times with a short pause and a `NEWSROOM_PURGE_TIMEOUT_SECONDS`
time limit. Keys whose purge still failed are kept in the worker and sent again by its periodic
job (`resend_unsent`, every few seconds) or with its next purge; until then the cache in front
may serve those pages for up to `s-maxage`, so the failure is logged (at most once a minute).
The desk's save never fails because a CDN is down.
"""

import logging
import time

from django.conf import settings

from core.availability import log_at_most_once_a_minute
from core.caching import due, fragments, store
from core.caching.cdn import CDN_PURGERS, PurgeFailed
from core.caching.keys import with_families

logger = logging.getLogger(__name__)


class Unsent:
    """Keys whose purge failed in this process, sent again with the next purge."""

    keys = set()


def purge(keys, *, rescheduled=True):
    """Purge `keys` (and their families) from every cache. The one place purges go out.
    `rescheduled=False` when nothing scheduled changed: the schedule is not read again."""
    keys = with_families(keys)
    if not keys:
        return
    store.forget(keys)
    if rescheduled:
        due.forget()
    fragments.refresh_after_purge(keys)
    if purge_backend() is not None:
        from core.caching import tasks  # the task module imports this one

        tasks.enqueue_purge_in_front(keys)


def send_to_cache_in_front(keys):
    """Send `keys` (and any left from a failed purge) to the cache in front, in batches."""
    backend = purge_backend()
    if backend is None:
        return
    keys = set(keys) | Unsent.keys
    Unsent.keys = set()
    ordered = sorted(keys)
    for start in range(0, len(ordered), backend.batch_size):
        batch = ordered[start : start + backend.batch_size]
        try:
            send_with_retries(backend, batch)
        except PurgeFailed as error:
            Unsent.keys.update(batch)
            log_at_most_once_a_minute(
                logger, "purge", "Purging %d keys from %s failed: %s", len(batch), backend, error
            )


def resend_unsent():
    """A worker's periodic job: purge again what failed in this process, if anything did."""
    if Unsent.keys:
        send_to_cache_in_front(set())


def send_with_retries(backend, keys):
    attempts = max(1, settings.NEWSROOM_PURGE_ATTEMPTS)
    for attempt in range(attempts):
        try:
            return backend.send(keys)
        except PurgeFailed:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * 3**attempt)  # 0.1 s, 0.3 s, 0.9 s…


def purge_backend():
    name = settings.NEWSROOM_PURGE_BACKEND
    return CDN_PURGERS[name]() if name else None


def key_header():
    """The response header that carries the keys, and how keys are separated in it."""
    backend = purge_backend()
    name = settings.NEWSROOM_SURROGATE_KEY_HEADER or (
        backend.header if backend else "Surrogate-Key"
    )
    return name, backend.separator if backend else " "
