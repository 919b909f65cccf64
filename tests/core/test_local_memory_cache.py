"""The local-memory cache's `get_many` (core/caching/cache_backends.py) answers as Django's own:
the same values for present keys, nothing for missing or expired ones (which it removes), the
cache's prefix and version applied, and what it reads kept as recently used."""

import pytest
from django.core.cache.backends.locmem import LocMemCache

from core.caching.cache_backends import LocalMemoryCache


@pytest.fixture
def caches(request):
    params = {"KEY_PREFIX": "site", "VERSION": 2, "OPTIONS": {"MAX_ENTRIES": 100}}
    ours = LocalMemoryCache(f"ours-{request.node.name}", params)
    djangos = LocMemCache(f"django-{request.node.name}", params)
    yield ours, djangos
    ours.clear()
    djangos.clear()


def fill(cache, clock):
    clock.now = 1000.0
    cache.set("number", 0, timeout=None)
    cache.set("text", "page-cache:key:a12", timeout=60)
    cache.set("structure", {"keys": frozenset({"a1", "p5:a"}), "at": 1.5}, timeout=10)
    cache.set("other-version", "old", version=1)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = 0.0

    clock = Clock()
    monkeypatch.setattr("time.time", lambda: clock.now)
    return clock


def test_get_many_answers_as_djangos(caches, clock):
    wanted = ["number", "text", "structure", "other-version", "missing"]
    for cache in caches:
        fill(cache, clock)
    ours, djangos = caches
    clock.now = 1005.0
    assert ours.get_many(wanted) == djangos.get_many(wanted)
    assert ours.get_many(wanted) == {
        "number": 0,
        "text": "page-cache:key:a12",
        "structure": {"keys": frozenset({"a1", "p5:a"}), "at": 1.5},
    }
    assert ours.get_many(["other-version"], version=1) == {"other-version": "old"}
    assert ours.get_many([]) == {}


def test_expired_keys_are_left_out_and_removed(caches, clock):
    ours, djangos = caches
    for cache in caches:
        fill(cache, clock)
    clock.now = 1030.0  # "structure" (10 s) has expired, "text" (60 s) has not
    assert ours.get_many(["text", "structure"]) == djangos.get_many(["text", "structure"])
    assert "structure" not in ours.get_many(["structure"])
    assert ours.make_key("structure") not in ours._cache  # removed, as get() removes it
    clock.now = 2000.0
    assert ours.get_many(["number", "text"]) == {"number": 0}


def test_what_it_reads_is_kept_as_recently_used(caches, clock):
    ours, _ = caches
    fill(ours, clock)
    ours.get_many(["number"])
    assert next(iter(ours._cache)) == ours.make_key("number")  # culled last


def test_a_cache_with_its_own_key_function_reads_its_keys(request):
    params = {"KEY_FUNCTION": lambda key, prefix, version: f"{version}/{prefix}/{key}"}
    cache = LocalMemoryCache(f"own-keys-{request.node.name}", params)
    cache.set("a", 1)
    assert cache.get_many(["a", "b"]) == {"a": 1}
    assert "1//a" in cache._cache
    cache.clear()
