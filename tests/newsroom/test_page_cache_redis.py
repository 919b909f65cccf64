"""The page cache on a real Redis server, as production runs it (`REDIS_URL`).

Skipped without REDIS_URL locally; CI sets it (.ci/run) and a missing server fails there.
"""

import os
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

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
    """Django's Redis cache as the default cache, under a prefix of this test's own."""
    assert REDIS_URL, "CI runs this module with REDIS_URL set"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=caches):
        yield
        cache.clear()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_pages_and_api_reads_come_from_redis_without_a_query(client):
    ArticleFactory(headline="Cabinet meets")
    for url in ["/", "/api/articles/"]:
        first, _ = queries_for(client, url)
        again, queries = queries_for(client, url)
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
