"""The page cache on a real Redis server, as production runs it (`REDIS_URL`).

Skipped without REDIS_URL locally; CI sets it (.ci/run) and a missing server fails there.
"""

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from tests.core.test_page_cache import get_counting_queries
from tests.factories import ArticleFactory

REDIS_URL = os.environ.get("REDIS_URL")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not REDIS_URL and os.environ.get("CI") != "true",
        reason="needs a Redis server: set REDIS_URL=redis://127.0.0.1:6379/0 (CI does)",
    ),
]


@pytest.fixture(autouse=True)
def redis_cache():
    """The caches as production sets them with REDIS_URL (settings/base.py), under a prefix
    of this test's own."""
    assert REDIS_URL, "CI runs this module with REDIS_URL set"
    caches = {
        "default": {
            "BACKEND": "core.caching.cache_backends.RedisCacheWithMemoryFallback",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        },
        "process-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"process-local-{uuid.uuid4().hex}",
        },
    }
    with override_settings(CACHES=caches):
        yield
        cache.clear()


def test_pages_and_api_reads_come_from_redis_without_a_query(client):
    ArticleFactory(headline="Cabinet meets")
    for url in ["/", "/api/articles/"]:
        first, _ = get_counting_queries(client, url)
        again, queries = get_counting_queries(client, url)
        assert queries == 0
        assert again.content == first.content
    assert "Cabinet meets" in client.get("/").text


def test_an_edit_reaches_readers_through_redis_at_once(client):
    story = ArticleFactory(headline="First take")
    assert "First take" in client.get("/").text
    story.headline = "Second take"
    story.save()
    assert "Second take" in client.get("/").text


def test_a_scheduled_story_appears_when_due_with_redis(client, clock):
    ArticleFactory(headline="Embargoed until tomorrow", scheduled=True)
    assert "Embargoed" not in client.get("/").text
    clock.advance(days=1, minutes=1)
    assert "Embargoed until tomorrow" in client.get("/").text


def test_a_process_serves_its_own_copy_and_trusts_the_versions_for_a_while(client, settings):
    settings.NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS = 60
    ArticleFactory(headline="Cabinet meets")
    first, _ = get_counting_queries(client, "/")
    cache.clear()  # Redis forgets everything: the page and the versions
    again, queries = get_counting_queries(client, "/")
    assert queries == 0  # from this process's copy, under the versions it remembers
    assert again.content == first.content


def test_an_edit_in_this_process_reaches_its_readers_at_once(client, settings):
    settings.NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS = 60
    story = ArticleFactory(headline="First take")
    assert "First take" in client.get("/").text
    story.headline = "Second take"
    story.save()
    assert "Second take" in client.get("/").text


@pytest.mark.parametrize("page_cache", [True, False], ids=["pages", "kept parts of pages"])
def test_an_edit_in_another_process_reaches_readers_after_the_check_interval(
    client, settings, page_cache
):
    import time

    from articles.models import Article
    from core.caching import store

    settings.NEWSROOM_PAGE_CACHE = page_cache
    settings.NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS = 1
    story = ArticleFactory(headline="First take")
    assert "First take" in client.get("/").text
    # Another process's edit: the row changes and it purges the story's key in Redis.
    Article.objects.update(headline="Second take")
    cache.set(f"{store.VERSION_PREFIX}a{story.pk}", time.time_ns(), timeout=None)
    assert "First take" in client.get("/").text  # within the interval: the copy still
    for key, (version, read_at) in list(store.TrustedVersions.known.items()):
        store.TrustedVersions.known[key] = (version, read_at - 1.5)  # as if a second passed
    assert "Second take" in client.get("/").text


def test_the_rate_limit_counts_on_redis_cached_reads_included(client, monkeypatch, settings):
    from core.api_support.throttling import FixedWindowMixin

    monkeypatch.setattr(
        FixedWindowMixin, "timer", staticmethod(lambda: 60 * 29_000_000 + 10.0), raising=False
    )
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "desk": "3/minute"},
    }
    statuses = [client.get("/api/sections/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # the second and third from the page cache
    assert client.get("/api/sections/").headers["Retry-After"] == "50"
    assert client.get("/api/sections/", REMOTE_ADDR="10.0.0.2").status_code == 200
    server = redis.Redis.from_url(REDIS_URL)
    counters = server.keys(f"{settings.CACHES['default']['KEY_PREFIX']}:*throttle*")
    assert len(counters) == 2  # one per address, each gone a minute after its window
    assert all(0 < server.ttl(counter) <= 61 for counter in counters)


def test_the_rate_limit_counter_on_redis_needs_nothing_private_of_djangos_cache(monkeypatch):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from core.caching.cache_backends import incr_with_expiry

    def private(self):
        raise AssertionError("the counter reached into RedisCache._cache")

    key = f"throttle-test-{uuid.uuid4().hex}"
    with monkeypatch.context() as patch:  # undone before the fixture empties the cache
        patch.setattr(RedisCache, "_cache", property(private))
        counts = [incr_with_expiry(caches["default"], key, 60) for _ in range(3)]
    assert counts == [1, 2, 3]
    assert not caches["default"].is_down  # counted on Redis, not in the fallback


def test_with_the_page_cache_off_a_process_reads_its_own_copy_of_the_parts_of_a_page(
    client, settings
):
    """The parts of a page made once per change (core/caching/fragments.py) come from
    this process's copy, as pages do: Redis forgetting them costs no query while the versions
    are trusted."""
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS = 60
    ArticleFactory(headline="Cabinet meets")
    first, _ = get_counting_queries(client, "/api/articles/")
    cache.clear()  # Redis forgets everything: the kept page of entries and the versions
    again, queries = get_counting_queries(client, "/api/articles/")
    assert queries == 0
    assert again.content == first.content
