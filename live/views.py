"""Readers' side of a live story: the update poll, its RSS and Atom feeds.

**The update poll** (`/stories/<slug>/live/updates/?since=<entry id>`) is what every open page
asks every few seconds. Polling, not Server-Sent Events: a poll is an ordinary GET, so the
site's page cache and the HTTP cache in front (Varnish) answer it; a thousand readers who
hold the same newest entry ask the same address and share one cached answer, and a browser
that has it gets a 304 from its ETag. An entry's change purges exactly this story's polls by
surrogate key (live/caching.py), so the next poll after a commit is fresh. Server-Sent Events
would hold one connection (a gunicorn worker, or an async server) per reader for hours, and
pass by the caches: every new entry would be pushed by Django to every reader itself.

The answer's cost does not grow with the story: a few queries for the story, the entries
newer than `since` (at most 50), the latest changes (edits, pins, deletions: at most 30)
and the key events, whatever the number of entries.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article
from articles.rendering import link_targets
from core.caching import public_page
from live.rendering import rendered_entries
from live.story_page import entry_id_parameter, entry_page, key_events

NEW_ENTRIES = 50
CHANGES = 30
FEED_LENGTH = 30


class BadParameter(Exception):
    pass


def published_live_story(slug):
    """The published live story `slug` names, its coverage selected; a 404 otherwise."""
    article = get_object_or_404(
        Article.objects.published()
        .select_related("live_coverage")
        .prefetch_related("people", "events", "agreements"),
        slug=slug,
    )
    coverage = getattr(article, "live_coverage", None)
    if coverage is None:
        raise Http404("This story is not live coverage.")
    return article, coverage


def poll_parameters(request):
    unknown = sorted(set(request.GET) - {"since", "before"})
    if unknown:
        raise BadParameter(f"Unknown parameter “{unknown[0]}”: send since or before.")
    try:
        since = entry_id_parameter(request, "since")
        before = entry_id_parameter(request, "before")
    except BadRequest as error:
        raise BadParameter(str(error)) from None
    if (since is None) == (before is None):
        raise BadParameter("Send since=<the newest entry you have> or before=<the oldest>.")
    return since, before


def entry_json(entry, html):
    return {
        "id": entry.pk,
        "version": entry.version,
        "key_event": entry.is_key_event,
        "html": html,
    }


@public_page
def poll(request, slug):
    try:
        since, before = poll_parameters(request)
    except BadParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    article, coverage = published_live_story(slug)
    targets = link_targets(article)
    data = {
        "open": coverage.is_open,
        "ended": render_to_string("live/ended.html", {"coverage": coverage}).strip()
        if not coverage.is_open
        else "",
    }
    if before is not None:
        entries, older = entry_page(coverage, targets, request, before)
        data["entries"] = [entry_json(entry, html) for entry, html in entries]
        data["older"] = older
        return JsonResponse(data)
    visible = coverage.entries.visible().select_related("image")
    new = list(visible.filter(pk__gt=since).newest_first()[: NEW_ENTRIES + 1])
    changes = list(
        coverage.entries.select_related("image")
        .filter(pk__lte=since, changed_at__isnull=False)
        .order_by("-changed_at", "-pk")[:CHANGES]
    )
    drawn = {
        entry.pk: html
        for entry, html in rendered_entries(
            [*new[:NEW_ENTRIES], *(c for c in changes if not c.is_deleted)], targets, request
        )
    }
    data["latest"] = new[0].pk if new else since
    # More new entries than one answer carries: the page reloads its first page instead.
    data["gap"] = len(new) > NEW_ENTRIES
    data["entries"] = [entry_json(entry, drawn[entry.pk]) for entry in new[:NEW_ENTRIES]]
    data["changes"] = [
        {"id": entry.pk, "version": entry.version, "deleted": True}
        if entry.is_deleted
        else entry_json(entry, drawn[entry.pk])
        for entry in changes
    ]
    data["key_events"] = render_to_string(
        "live/key_events.html", {"key_events": key_events(coverage)}, request
    ).strip()
    return JsonResponse(data)


def poll_view(request, slug):
    response = poll(request, slug)
    # Browsers ask again every time (with the ETag: a 304 when nothing changed); the server's
    # cache and the cache in front keep the answer until an entry's change purges it.
    patch_cache_control(response, max_age=0)
    return response


class LiveEntriesFeed(Feed):
    """The entries of one published live story, newest first."""

    def get_object(self, request, slug):
        return published_live_story(slug)

    def title(self, obj):
        return f"{obj[0].headline}: live updates"

    def link(self, obj):
        return obj[0].get_absolute_url()

    def description(self, obj):
        return escape(obj[0].summary) or f"Live updates from {settings.SITE_NAME}."

    def items(self, obj):
        article, coverage = obj
        entries = coverage.entries.visible().select_related("image").newest_first()
        return [
            (entry, html)
            for entry, html in rendered_entries(entries[:FEED_LENGTH], link_targets(article))
        ]

    def item_title(self, item):
        entry, _ = item
        if entry.is_key_event and entry.key_event_title:
            return entry.key_event_title
        return f"Update at {entry.created_at:%H:%M} UTC"

    def item_description(self, item):
        return item[1]  # sanitised, every text escaped (live/entry.html)

    def item_link(self, item):
        return item[0].get_absolute_url()

    def item_guid(self, item):
        return item[0].get_absolute_url()

    def item_pubdate(self, item):
        return item[0].created_at

    def item_updateddate(self, item):
        return item[0].edited_at or item[0].created_at

    def item_author_name(self, item):
        return item[0].author_name or None


class LiveEntriesAtomFeed(LiveEntriesFeed):
    feed_type = Atom1Feed
    subtitle = LiveEntriesFeed.description
