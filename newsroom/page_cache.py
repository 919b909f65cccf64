"""The server-side cache of public pages for anonymous readers, and its invalidation.

Every cached page's key contains a site-wide "content generation" number kept in the cache.
Saving or deleting any story, person, event, agreement or anything else a page can show
bumps it, so one edit makes every cached page stale at once. Coarse on purpose: a page shows
many things (a story lists its people, a person page their stories, every page the sections),
and tracking which page shows what is where cache invalidation goes wrong. A newsroom edits a
few times a minute and is read thousands of times a minute, so the cache still answers most
reads, and no reader ever sees a page older than the last edit.

A generation also ends when the next scheduled story becomes due, so it appears on time.
Edits made without signals (`QuerySet.update()`, `bulk_create()`) are caught by the time limit
(`NEWSROOM_PAGE_CACHE_SECONDS`), or at once by `bump_content_generation()`. With the
local-memory cache each process has its own generation, so an edit made in another process is
also only caught by the time limit: set `REDIS_URL` to share the cache between processes.
Signed-in users are never served, and never fill, the cache: the desk previews drafts.
Anonymous pages carry `Cache-Control: public, max-age=…` and an ETag, so a CDN in front can
answer most readers and revalidate with a conditional GET.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

from articles.models import Article

# (generation, when it ends by itself); named apart from the plain number earlier versions kept.
GENERATION_KEY = "page-cache:generation-and-end"
# The apps whose rows appear on public pages (the newsroom app holds only user accounts).
CONTENT_APPS = {"articles", "events"}


class LastSeen:
    """The generation this process last read, and when (`time.monotonic()`)."""

    state = None
    read_at = float("-inf")


def content_generation():
    """The current generation. One also ends when the next scheduled story becomes due, so
    a story appears at its publication time, not up to a cache lifetime later.

    A process trusts what it last read for NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS: with
    Redis, most requests then make no round trip for it.
    """
    now = time.monotonic()
    state = LastSeen.state
    if (
        state is None
        or now - LastSeen.read_at >= settings.NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS
    ):
        state = cache.get(GENERATION_KEY)
    if state is None or (state[1] is not None and state[1] <= timezone.now().timestamp()):
        state = start_content_generation()
    if state is not LastSeen.state:
        LastSeen.state, LastSeen.read_at = state, now
    return state[0]


def start_content_generation():
    """A new generation, numbered from the clock (never a number an earlier generation, before
    a restart or an eviction, may have used), and the moment it ends by itself."""
    next_due = Article.objects.scheduled().aggregate(next_due=Min("published_at"))["next_due"]
    state = (time.time_ns(), next_due.timestamp() if next_due else None)
    cache.set(GENERATION_KEY, state, timeout=None)
    return state


def bump_content_generation():
    """Make every cached page stale: call after changing content without model signals."""
    LastSeen.state = None
    cache.delete(GENERATION_KEY)


# The alias of each process's own copy of recent pages, when the main cache is shared (Redis).
PROCESS_LOCAL = "process-local"


def process_local_pages():
    return caches[PROCESS_LOCAL] if PROCESS_LOCAL in settings.CACHES else None


def content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        bump_content_generation()
        # And again once the change is committed: a reader between the save and the commit
        # may have cached the page as it was.
        transaction.on_commit(bump_content_generation)


def connect_signals():
    """Called once from NewsroomConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{signal!r}")


def page_key(request, generation, vary_on=()):
    """The page's address as the reader asked for it (scheme and host included: pages and API
    responses carry absolute links), plus the request headers the response depends on."""
    varies = "".join(f"\n{request.META.get(header, '')}" for header in vary_on)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}{varies}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{generation}:{request.method}:{digest}"


def is_cacheable_request(request):
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


def public_page(view=None, *, on_cached_hit=None, max_age=page_cache_seconds, vary_on=()):
    """Serve `view` to anonymous readers from the page cache, and let shared caches keep it.

    `on_cached_hit(request, *args, **kwargs)` runs when a page comes from the cache instead of
    the view (the story page counts its reader there); when it returns a response, that is
    sent instead (the API's rate limit refusing a client). `max_age()` is how many seconds
    the server, browsers and CDNs may keep the page; `vary_on` names the request headers
    (`request.META` keys) the response depends on besides its address.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return view(request, *args, **kwargs)
            key = page_key(request, content_generation(), vary_on)
            seconds = max_age()
            local = process_local_pages()
            response = local.get(key) if local is not None else None
            if response is None:
                response = cache.get(key)
                if response is not None and local is not None:
                    local.set(key, response, seconds)
            if response is not None:
                if on_cached_hit is not None:
                    instead = on_cached_hit(request, *args, **kwargs)
                    if instead is not None:
                        return instead
            else:
                response = view(request, *args, **kwargs)
                if callable(getattr(response, "render", None)) and not response.is_rendered:
                    response.render()  # a TemplateResponse is cached as the bytes it renders
                if not is_cacheable_response(request, response):
                    return response
                if not response.has_header("ETag"):
                    set_response_etag(response)  # hashed once, kept with the page
                stored = storable(response)
                cache.set(key, stored, seconds)
                if local is not None:
                    local.set(key, stored, seconds)
            patch_cache_control(response, public=True, max_age=seconds)
            # "304 Not Modified" when the reader (or the CDN) already has this page.
            return get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(response.get("Last-Modified")),
                response=response,
            )

        return wrapper

    return decorator(view) if view is not None else decorator
