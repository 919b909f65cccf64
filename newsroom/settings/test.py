"""Tests: fast password hashing, plain static storage, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {
        "BACKEND": "core.caching.cache_backends.LocalMemoryCache",  # as in production
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
if os.environ.get("REDIS_URL"):
    # Tests that exercise the real Redis cache ask for this alias explicitly.
    CACHES["redis"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "newsroom-test",
    }

# Every request reads the versions of its keys from the cache (a test edits and reads at once);
# the per-process shortcut is tested with this raised (tests/core/test_page_cache_redis.py).
NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS = 0
# No HTTP cache in front unless a test puts one there (tests/core/test_varnish.py).
NEWSROOM_PURGE_BACKEND = ""
NEWSROOM_SHARED_CACHE_SECONDS = 60

# Every story view written at once, so a test can read the counter after a request; the
# buffer itself is tested with this raised (tests/articles/test_view_counts.py).
NEWSROOM_VIEW_COUNT_FLUSH_SECONDS = 0

# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The task queue. Tests about something else run each task the moment it is enqueued (the
# immediate backend); the tests of the queue itself (tests/distribution/, renditions) switch
# to the configured backend, NEWSROOM_QUEUE_TASKS (the database, or RQ with NEWSROOM_TASKS=rq),
# with the `task_queue` fixture, and so does a worker process a test starts
# (NEWSROOM_TEST_TASKS=queue).
NEWSROOM_QUEUE_TASKS = TASKS  # noqa: F405
if os.environ.get("NEWSROOM_TEST_TASKS") != "queue":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": TASK_QUEUES,  # noqa: F405
        }
    }

# A worker process started by a test reads the test database, so on SQLite it is a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="newsroom-test-db-"), "test.sqlite3")
    }

# The tests' receivers listen on 127.0.0.1 over plain HTTP; the SSRF and https tests turn
# these back off.
NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = True
NEWSROOM_DISTRIBUTION_ALLOW_HTTP = True

# A file shared by the processes of one machine would outlive each test's rolled-back data;
# the tests of real server processes (tests/multihost/) turn it on for their own servers.
NEWSROOM_OUTAGE_COPIES = False
