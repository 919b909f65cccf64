"""Which surrogate keys live coverage shows and touches (see core/caching/keys.py).

Live stories are `v` (a story's live state: open or closed, its event), entries `u`. Every page
and poll that shows a live story's entries loads them narrowed to it, so it carries `v12:u`;
an entry posted, edited, pinned or deleted purges `u<id>` and `v12:u`, and with them exactly the
pages, feeds, API responses and update polls of that live story, nothing else. Opening or
closing purges `v12` (the story page and its poll) and `e5:v` (the event page's "Live now").
Making a story live, or plain again, purges the story itself (`a12`): its page was cached
without any key of live coverage.
"""

from articles.models import Article
from core import caching
from core.caching.keys import letter_of
from live.models import LiveCoverage, LiveEntry


def coverage_story_keys(coverage):
    return {f"{letter_of(Article)}{coverage.article_id}"}


def register():
    """Called once from LiveConfig.ready()."""
    caching.register(LiveCoverage, "v", extra_list_keys=coverage_story_keys)
    caching.register(LiveEntry, "u")
