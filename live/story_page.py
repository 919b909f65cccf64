"""A live story's page: the story page (articles/story_page/) with the entries under its text.

Registered with articles/story_page/kinds.py, so articles never imports this app. The page draws
the latest entries itself (it works without JavaScript); live/static/live/live.js then asks
the update poll (live/views.py) for what is newer.
"""

from django.core.exceptions import BadRequest
from django.urls import reverse

from articles.rendering import link_targets
from articles.story_page import kinds
from live.rendering import KEY_EVENTS, PAGE_SIZE, rendered_entries

MAX_ID = 2**63 - 1


def entry_id_parameter(request, name):
    """A `since`/`before` entry id from the query string, or None; a 400 when malformed."""
    value = request.GET.get(name)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise BadRequest(f"“{name}” is an entry number (a whole number, 0 or more).")
    return int(value)


def entry_page(coverage, targets, request, before=None):
    """The latest PAGE_SIZE visible entries (before entry `before`), drawn, and the cursor of
    the page after: a keyset seek on the primary key, as cheap deep as on top."""
    entries = coverage.entries.visible().select_related("image").newest_first()
    if before is not None:
        entries = entries.filter(pk__lt=before)
    page = list(entries[: PAGE_SIZE + 1])
    older = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    return rendered_entries(page[:PAGE_SIZE], targets, request), older


def key_events(coverage):
    return list(
        coverage.entries.visible()
        .filter(is_key_event=True)
        .newest_first()
        .only("pk", "coverage_id", "key_event_title", "body", "created_at")[:KEY_EVENTS]
    )


def live_story_context(request, article, coverage):
    before = entry_id_parameter(request, "before")
    targets = link_targets(article)  # prefetched with the story
    entries, older = entry_page(coverage, targets, request, before)
    # The poll starts from the newest entry on the first page; an older page does not poll
    # (its reader went back in time on purpose; "Latest updates" leads back).
    newest = entries[0][0].pk if entries and before is None else 0
    return {
        "coverage": coverage,
        "entries": entries,
        "older_cursor": older,
        "is_older_page": before is not None,
        "key_events": key_events(coverage),
        "newest_entry_id": newest,
        "updates_url": reverse("live:updates", args=[article.slug]),
    }


def live_badge(coverage):
    """ "Live" beside the headline of a live story while its coverage is open."""
    return "Live" if coverage.is_open else ""


def register():
    kinds.register("live_coverage", "live/live_story.html", live_story_context, badge=live_badge)
