"""When scheduled content becomes public, per surrogate key.

A story scheduled for 9:00 is published by the clock, not by a save: no purge happens at 9:00.
So every page is kept, by the server and by the caches in front (`s-maxage`), no longer than
the moment the next scheduled thing that would change it becomes due: the front page until the
next scheduled story is due, section 3's page until the next one in section 3, and a page that
no scheduled story will touch for as long as it would be kept anyway.

Each app registers a schedule (`register_schedule`): a function returning, for each thing
scheduled before a given moment, when it becomes due and the keys its publication touches.
Only what is due within twice the longest a page is kept matters (a page made now is gone by
then), so the map {key: earliest due} holds a day or two of a desk's schedule, not all of it.
It is kept in the cache until its earliest moment passes (or half that horizon, when the next
stories come into it), and rebuilt after a change to something scheduled; each process trusts
its copy for `NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS`, like the versions.
"""

import datetime
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.caching.keys import not_collected, with_families
from core.caching.store import wall_clock

DUE_KEY = "page-cache:due"
REBUILD = ""  # the map's entry saying when it must be built again (no key is empty)
SCHEDULES = []


def register_schedule(schedule):
    """`schedule(until)` returns [(aware datetime it becomes due, keys it touches then), …]
    for what is scheduled before `until`."""
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
    if due is None or due[REBUILD] <= wall_clock():
        due = build_due_times()
    if due is not LastRead.due:
        LastRead.due, LastRead.read_at = due, now
    return due


def horizon_seconds():
    """The longest any cache keeps a page."""
    return max(
        settings.NEWSROOM_SHARED_CACHE_SECONDS,
        settings.NEWSROOM_PAGE_CACHE_SECONDS,
        settings.NEWSROOM_API_CACHE_SECONDS,
    )


def build_due_times():
    now = timezone.now()
    horizon = datetime.timedelta(seconds=horizon_seconds())
    # Rebuilt when the next thing becomes due, and by the time what is scheduled beyond the
    # horizon could matter to a page made then.
    due = {REBUILD: (now + horizon).timestamp()}
    for schedule in SCHEDULES:
        # Read while a page is made, but not shown on it: the page's keys stay its own.
        with not_collected():
            scheduled = schedule(now + 2 * horizon)
        for moment, keys in scheduled:
            timestamp = moment.timestamp()
            due[REBUILD] = min(due[REBUILD], timestamp)
            for key in with_families(keys):
                due[key] = min(due.get(key, timestamp), timestamp)
    cache.set(DUE_KEY, due, max(1, int(due[REBUILD] - now.timestamp()) + 1))
    return due


def next_due(keys):
    """The earliest moment (a timestamp) a scheduled change to `keys` becomes public, or None."""
    due = due_times()
    moments = [due[key] for key in keys if key in due]
    return min(moments) if moments else None


def forget():
    """Something scheduled changed (or became scheduled): rebuild the map when next needed."""
    LastRead.due = None
    cache.delete(DUE_KEY)
