"""Counting readers without a database write per page view.

Each process keeps the views it served in memory, keyed by story slug, and adds them to
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

    def add(self, slug):
        with self._lock:
            self._pending[slug] += 1
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
    """Add `counts` ({slug: views}) to the published stories' counters, in slug order (two
    processes flushing the same stories lock their rows in the same order)."""
    slugs = sorted(counts)
    with transaction.atomic():
        for start in range(0, len(slugs), FLUSH_CHUNK):
            chunk = slugs[start : start + FLUSH_CHUNK]
            added = Case(
                *(When(slug=slug, then=Value(counts[slug])) for slug in chunk), default=Value(0)
            )
            Article.objects.published().filter(slug__in=chunk).update(
                view_count=F("view_count") + added
            )


view_counter = ViewCounter()
count_view = view_counter.add
flush_view_counts = view_counter.flush
# A worker that stops (gunicorn restarting it, a deploy) writes what it still holds.
atexit.register(flush_view_counts)
