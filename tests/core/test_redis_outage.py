"""Redis down, or restarting, never takes the site down: pages and API reads are served
(rendered, and kept in each process's memory), the desk saves, rate limits count per process,
the outage is logged once a minute, and Redis is used again as soon as it answers.

These tests start a Redis server of their own on a free port (never the shared one), and stop
and restart it. Skipped locally without `redis-server`; CI has it.
"""

import logging
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from articles.models import Article
from core.caching import cache_backends as backends
from tests.admin.helpers import change_form_data
from tests.conftest import free_port, require_tool
from tests.core.test_page_cache import get_counting_queries
from tests.factories import ArticleFactory, EditorFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def redis_caches(url):
    """The caches as production sets them with REDIS_URL (settings/base.py)."""
    return {
        "default": {
            "BACKEND": "core.caching.cache_backends.RedisCacheWithMemoryFallback",
            "LOCATION": url,
            "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        },
        "process-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"process-local-{uuid.uuid4().hex}",
        },
    }


class RedisServer:
    def __init__(self):
        require_tool([REDIS_SERVER], "apt-get install -y redis-server")
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="newsroom-redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.folder],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def stored_keys(self):
        return redis.Redis.from_url(self.url).keys("*")


@pytest.fixture
def own_redis():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def reads_all_answer(client, story):
    for url in ["/", story.get_absolute_url(), "/api/articles/", f"/api/articles/{story.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_redis_nobody_listens_at_costs_no_page(client, caplog):
    with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{free_port()}/0")):
        story = ArticleFactory(headline="Served without Redis")
        with caplog.at_level(logging.WARNING):
            for _ in range(3):
                reads_all_answer(client, story)
        story.headline = "Saved without Redis"
        story.save()
        assert "Saved without Redis" in client.get(story.get_absolute_url()).text
        # Kept in the process's memory meanwhile: the second read runs no query.
        client.get("/")
        assert get_counting_queries(client, "/")[1] == 0
    outage = [r for r in caplog.records if "Redis is unreachable" in r.getMessage()]
    assert len(outage) == 1  # once a minute, not once a request


def test_the_rate_limit_counts_in_the_process_while_redis_is_down(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "desk": "3/minute"},
    }
    with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{free_port()}/0")):
        statuses = [client.get("/api/sections/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_redis_stopped_and_restarted_mid_run(client, own_redis, monkeypatch):
    monkeypatch.setattr(backends, "RETRY_SECONDS", 0.2)
    with override_settings(CACHES=redis_caches(own_redis.url)):
        story = ArticleFactory(headline="First take")
        reads_all_answer(client, story)
        assert own_redis.stored_keys()  # the pages went to Redis

        own_redis.stop()
        reads_all_answer(client, story)
        editor = EditorFactory()
        sign_in(client, editor)
        change = f"/admin/articles/article/{story.pk}/change/"
        response = client.post(change, change_form_data(client.get(change), headline="Second take"))
        assert response.status_code == 302, response.content[:2000]
        client.logout()
        assert Article.objects.get(pk=story.pk).headline == "Second take"
        assert "Second take" in client.get(story.get_absolute_url()).text

        own_redis.start()  # empty, as a restarted Redis without persistence is
        time.sleep(0.3)  # past the pause before Redis is tried again
        assert "Second take" in client.get(story.get_absolute_url()).text
        reads_all_answer(client, story)
        keys = {key.decode() for key in own_redis.stored_keys()}
        assert any("page-cache:GET" in key for key in keys)  # pages go to Redis again
        # Purges made during the outage never reached Redis: every page it held is stale.
        assert any(key.endswith("page-cache:key:all") for key in keys)
        assert cache.get("page-cache:key:all") > 0
