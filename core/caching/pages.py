"""Public pages for anonymous readers: tagged, kept, served, and told how long to live.

`public_page(view)` wraps every public page, feed, sitemap and API read. For an anonymous GET
or HEAD it collects the surrogate keys of everything the view loads (`keys.py`), sends them in
the header the purge backend reads (`xkey`, `Surrogate-Key` or `Cache-Tag`), keeps the page in
the server's cache under them (`store.py`) and says how long others may keep it:

    Cache-Control: public, max-age=60, s-maxage=86400, stale-while-revalidate=30,
                   stale-if-error=86400

Browsers keep a page briefly (they cannot be purged); a cache in front that is purged on every
change (`NEWSROOM_PURGE_BACKEND`) keeps it for `NEWSROOM_SHARED_CACHE_SECONDS`, and may answer
with it while Django is slow (`stale-while-revalidate`) or down (`stale-if-error`). No page is
kept past the moment a scheduled story it would show becomes due (`due.py`). Signed-in users
are never served, and never fill, any cache: the desk previews drafts. Only 200s without
cookies or CSRF tokens are kept.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

from core.availability import log_at_most_once_a_minute
from core.caching import due, store
from core.caching.cdn import key_header
from core.caching.keys import collecting, fold
from core.caching.store import wall_clock

logger = logging.getLogger(__name__)


def page_address(request, vary_on=()):
    """The page's address as the reader asked for it (scheme and host included: pages and API
    responses carry absolute links), plus the request headers the response depends on."""
    varies = "".join(f"\n{request.META.get(header, '')}" for header in vary_on)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}{varies}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{request.method}:{digest}"


def is_public_request(request):
    """An anonymous read, with caching on (NEWSROOM_PAGE_CACHE=false measures the bare site:
    no cache, no keys, no caching headers)."""
    return (
        settings.NEWSROOM_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
    )


def is_cacheable_response(request, response):
    """Only complete, shareable pages: no errors, no cookies, no page holding a CSRF token."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
    )


def storable(response):
    """What the cache keeps of a response: its status, headers and bytes, not the objects
    (a template's context, an API response's data) that made them."""
    stored = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        stored[header] = value
    return stored


def page_cache_seconds():
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


def shared_cache_seconds():
    return settings.NEWSROOM_SHARED_CACHE_SECONDS


def set_cache_control(response, browser_seconds, shared_seconds):
    patch_cache_control(
        response,
        public=True,
        max_age=browser_seconds,
        s_maxage=shared_seconds,
        stale_while_revalidate=settings.NEWSROOM_STALE_WHILE_REVALIDATE_SECONDS,
        stale_if_error=settings.NEWSROOM_STALE_IF_ERROR_SECONDS,
    )


def public_page(view=None, *, on_cached_hit=None, max_age=page_cache_seconds, vary_on=()):
    """Serve `view` to anonymous readers from the page cache, tagged for the caches in front.

    `on_cached_hit(request, *args, **kwargs)` runs when a page comes from the cache instead of
    the view (the story page counts its reader there); when it returns a response, that is
    sent instead (the API's rate limit refusing a client). `max_age()` is how many seconds the
    server and browsers may keep the page; `vary_on` names the request headers
    (`request.META` keys) the response depends on besides its address.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_public_request(request):
                return view(request, *args, **kwargs)
            address = page_address(request, vary_on)
            entry = store.lookup(address)
            if entry is not None and entry.is_fresh():
                if on_cached_hit is not None:
                    instead = on_cached_hit(request, *args, **kwargs)
                    if instead is not None:
                        return instead
                response = entry.response
            else:
                response, entry = make_page(request, view, args, kwargs, entry, address, max_age)
                if entry is None:
                    return response
            shared = shared_cache_seconds()
            if entry.due_at is not None:
                shared = max(0, min(shared, int(entry.due_at - wall_clock())))
            set_cache_control(response, max_age(), shared)
            # "304 Not Modified" when the reader (or the cache in front) has this page already.
            return get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(response.get("Last-Modified")),
                response=response,
            )

        return wrapper

    return decorator(view) if view is not None else decorator


def make_page(request, view, args, kwargs, stale, address, max_age):
    """Render the view and tag it; keep it unless a purge overtook its making.
    Returns (response, entry) or (response, None) for a page no cache may keep."""
    started = time.time_ns()
    try:
        with collecting() as collected:
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()  # a TemplateResponse is kept as the bytes it renders
    except DatabaseError:
        if stale is None:
            # Another process on this machine may have made the page (local-memory cache).
            stale = store.outage_copy(address)
        if stale is None or stale.is_purged():
            raise  # nothing that may be shown: the site's 503 (core/availability.py)
        log_at_most_once_a_minute(
            logger, "stale-page", "The database failed: serving cached pages stale."
        )
        return stale.response, stale
    if not is_cacheable_response(request, response):
        return response, None
    keys = fold(collected, settings.NEWSROOM_SURROGATE_KEY_HEADER_BYTES)
    header, separator = key_header()
    response[header] = separator.join(sorted(keys))
    if not response.has_header("ETag"):
        set_response_etag(response)  # hashed once, kept with the page
    store.start_versions(keys)
    if store.purged_since(keys, started):
        # A change committed while this page was made: it may show what was before.
        # This reader may see it; no cache may keep it.
        patch_cache_control(response, no_cache=True)
        return response, None
    entry = store.Entry(storable(response), keys, started, max_age(), due.next_due(keys))
    store.store(address, entry)
    return response, entry
