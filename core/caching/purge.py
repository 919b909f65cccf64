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

from core.caching import due, fragments, store, tasks
from core.caching.cdn import purge_backend
from core.caching.keys import with_families
from core.db_router import record_fence


def purge(keys, *, rescheduled=True):
    """Purge `keys` (and their families) from every cache. The one place purges go out.
    `rescheduled=False` when nothing scheduled changed: the schedule is not read again."""
    keys = with_families(keys)
    if not keys:
        return
    # Before any cache forgets a page: whoever rebuilds it must read past this change.
    record_fence()
    store.forget(keys)
    if rescheduled:
        due.forget()
    fragments.refresh_after_purge(keys)
    if purge_backend() is not None:
        tasks.enqueue_purge_in_front(keys)
