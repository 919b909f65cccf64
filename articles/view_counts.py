"""Counting readers without a database write per page view.

Each process keeps the views it served in memory, keyed by story id, and adds them to
`Article.view_count` in one UPDATE at most every `NEWSROOM_VIEW_COUNT_FLUSH_SECONDS` (and when
the process exits). A story page served from the page cache then costs no query at all: one
UPDATE per read would serialize on SQLite's write lock and cost a commit on PostgreSQL, which
is what held the cached story page far below the cached front page.

The counts are exact once flushed: the increments are added in SQL (`view_count + n`), so
processes flushing at once lose nothing, and a flush that fails puts its counts back for the
next one. What a crash loses is at most one interval of one process's readers, which a
"most read" list can afford and an editor's text never risks. Only published stories count:
the flush goes through `Article.objects.published()`. Set the interval to 0 to write every
view at once (the tests do, except those about the buffer itself).

Views are kept by id, not slug, so a story renamed (a new slug) between a view and the flush
keeps its readers. A page served from the cache knows only the slug in its address: the id
comes from what this process saw when it rendered that page (`remember_story`), or else from
one query the first time; either is trusted no longer than a cached page lives, since only
then can the slug have moved to another story.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Case, F, Value, When

from articles.models import Article

logger = logging.getLogger(__name__)

# Stories per UPDATE: keeps the CASE expression (and its parameters) a reasonable size.
FLUSH_CHUNK = 500


class ViewCounter:
    """Views waiting to be written, shared by the threads of one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending = Counter()
        self._last_flush = time.monotonic()

    def add(self, story_id):
        with self._lock:
            self._pending[story_id] += 1
            due = time.monotonic() - self._last_flush >= settings.NEWSROOM_VIEW_COUNT_FLUSH_SECONDS
        if due:
            self.flush()

    def pending(self):
        with self._lock:
            return sum(self._pending.values())

    def flush(self):
        """Write every waiting view; returns how many were written."""
        with self._lock:
            taken, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
        if not taken:
            return 0
        try:
            write_view_counts(taken)
        except DatabaseError:
            # A deadlock with another process's flush, a lost connection: try again next time.
            logger.warning("Could not write %d story views; kept for the next flush.", len(taken))
            with self._lock:
                self._pending.update(taken)
            return 0
        return taken.total()


def write_view_counts(counts):
    """Add `counts` ({story id: views}) to the published stories' counters, in id order (two
    processes flushing the same stories lock their rows in the same order)."""
    story_ids = sorted(counts)
    with transaction.atomic():
        for start in range(0, len(story_ids), FLUSH_CHUNK):
            chunk = story_ids[start : start + FLUSH_CHUNK]
            added = Case(
                *(When(pk=story_id, then=Value(counts[story_id])) for story_id in chunk),
                default=Value(0),
            )
            Article.objects.published().filter(pk__in=chunk).update(
                view_count=F("view_count") + added
            )


class StoryIdsBySlug:
    """The id of each story page this process served lately, by the slug in its address."""

    # Enough for every story read in a cache lifetime on a busy site; past it, start afresh.
    MAX_SIZE = 50_000

    def __init__(self):
        self._ids = {}  # slug → (story id, time.monotonic() when learnt)

    def remember(self, slug, story_id):
        if len(self._ids) >= self.MAX_SIZE:
            self._ids.clear()
        self._ids[slug] = (story_id, time.monotonic())

    def get(self, slug):
        """The published story at `slug`, from memory or one query; None when there is none."""
        known = self._ids.get(slug)
        if known is not None and time.monotonic() - known[1] < settings.NEWSROOM_PAGE_CACHE_SECONDS:
            return known[0]
        story_id = Article.objects.published().filter(slug=slug).values_list("pk", flat=True)
        story_id = story_id.first()
        if story_id is not None:
            self.remember(slug, story_id)
        return story_id


view_counter = ViewCounter()
count_view = view_counter.add
flush_view_counts = view_counter.flush
story_ids_by_slug = StoryIdsBySlug()
# A worker that stops (gunicorn restarting it, a deploy) writes what it still holds.
atexit.register(flush_view_counts)
