"""The server-side cache of public pages for anonymous readers, and its invalidation.

Every cached page's key contains a site-wide "content generation" number kept in the cache.
Saving or deleting any story, person, event, agreement or anything else a page can show
bumps it, so one edit makes every cached page stale at once. Coarse on purpose: a page shows
many things (a story lists its people, a person page their stories, every page the sections),
and tracking which page shows what is where cache invalidation goes wrong. A newsroom edits a
few times a minute and is read thousands of times a minute, so the cache still answers most
reads, and no reader ever sees a page older than the last edit.

Edits made without signals (`QuerySet.update()`, `bulk_create()`) and stories that become due
at their scheduled time are caught by the time limit (`NEWSROOM_PAGE_CACHE_SECONDS`). With the
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
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

GENERATION_KEY = "page-cache:generation"
# The apps whose rows appear on public pages (the newsroom app holds only user accounts).
CONTENT_APPS = {"articles", "events"}


def content_generation():
    """The current generation; a new one starts from the clock, never from a number that
    an earlier generation (before a restart or an eviction) may have used."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_content_generation():
    """Make every cached page stale: call after changing content without model signals."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): any new one is newer
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        bump_content_generation()


def connect_signals():
    """Called once from NewsroomConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{signal!r}")


def page_key(request, generation):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page-cache:{generation}:{request.method}:{request.get_host()}:{path}"


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


def public_page(view=None, *, on_cached_hit=None):
    """Serve `view` to anonymous readers from the page cache, and let shared caches keep it.

    `on_cached_hit(request, *args, **kwargs)` runs when a page comes from the cache instead of
    the view: the story page counts its reader there.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return view(request, *args, **kwargs)
            key = page_key(request, content_generation())
            response = cache.get(key)
            if response is not None:
                if on_cached_hit is not None:
                    on_cached_hit(request, *args, **kwargs)
            else:
                response = view(request, *args, **kwargs)
                if callable(getattr(response, "render", None)) and not response.is_rendered:
                    response.render()  # a TemplateResponse is cached as the bytes it renders
                if not is_cacheable_response(request, response):
                    return response
                set_response_etag(response)  # hashed once, kept with the page
                cache.set(key, response, settings.NEWSROOM_PAGE_CACHE_SECONDS)
            patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PAGE_CACHE_SECONDS)
            # "304 Not Modified" when the reader (or the CDN) already has this page.
            return get_conditional_response(request, etag=response["ETag"], response=response)

        return wrapper

    return decorator(view) if view is not None else decorator
