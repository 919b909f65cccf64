"""When scheduled content becomes public, per surrogate key.

A story scheduled for 9:00 is published by the clock, not by a save: no purge happens at 9:00.
So every page is kept, by the server and by the caches in front (`s-maxage`), no longer than
the moment the next scheduled thing that would change it becomes due: the front page until the
next scheduled story is due, section 3's page until the next one in section 3, and a page that
no scheduled story will touch for as long as it would be kept anyway.

Each app registers a schedule (`register_schedule`): a function returning, for each scheduled
thing, when it becomes due and the keys its publication touches. The map {key: earliest due}
is kept in the cache until its earliest moment passes and rebuilt after any change (a new
schedule, a moved one); each process trusts its copy for
`NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS`, like the versions.
"""

import time

from django.conf import settings
from django.core.cache import cache

from newsroom.caching.keys import not_collected, with_families
from newsroom.caching.store import wall_clock

DUE_KEY = "page-cache:due"
SCHEDULES = []


def register_schedule(schedule):
    """`schedule()` returns [(aware datetime it becomes due, keys it touches then), …]."""
    SCHEDULES.append(schedule)


class LastRead:
    due = None  # {key: timestamp}, with "" for the earliest of all
    read_at = float("-inf")


def due_times():
    now = time.monotonic()
    due = LastRead.due
    trusted = now - LastRead.read_at < settings.NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS
    if due is None or not trusted:
        due = cache.get(DUE_KEY)
    if due is None or (due.get("") is not None and due[""] <= wall_clock()):
        due = build_due_times()
    if due is not LastRead.due:
        LastRead.due, LastRead.read_at = due, now
    return due


def build_due_times():
    due = {}
    for schedule in SCHEDULES:
        # Read while a page is made, but not shown on it: the page's keys stay its own.
        with not_collected():
            scheduled = schedule()
        for moment, keys in scheduled:
            timestamp = moment.timestamp()
            for key in with_families(keys) | {""}:
                due[key] = min(due.get(key, timestamp), timestamp)
    earliest = due.get("")
    timeout = None if earliest is None else max(1, int(earliest - wall_clock()) + 1)
    cache.set(DUE_KEY, due, timeout)
    return due


def next_due(keys):
    """The earliest moment (a timestamp) a scheduled change to `keys` becomes public, or None."""
    due = due_times()
    moments = [due[key] for key in keys if key in due]
    return min(moments) if moments else None


def forget():
    """Something changed that may move a schedule: rebuild the map when next needed."""
    LastRead.due = None
    cache.delete(DUE_KEY)
