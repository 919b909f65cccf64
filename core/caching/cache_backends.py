"""A Redis cache that never takes the site down with it.

Django's Redis backend raises when Redis is down or restarting, so every page and API read
(the page cache, the rate limit) answered 500. This one answers from a cache in the process's
own memory instead: pages are rendered and kept per process, rate limits and login pauses
count per process, purges reach this process. It tries Redis again a second later, and when
Redis answers everything goes back to it without a restart; the pages it holds from before the
outage are then treated as stale (a purge made during the outage never reached them). The
outage is logged at most once a minute per process, not once per request.

Redis is asked with short time limits (`socket_connect_timeout`, `socket_timeout`, half a
second unless OPTIONS say otherwise), so an address that swallows packets costs a request half
a second once a second, not a hang.
"""

import logging
import pickle
import time

import redis
from django.core.cache.backends.base import default_key_func
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from core.availability import log_at_most_once_a_minute

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
GUARDED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class RedisCacheWithMemoryFallback(RedisCache):
    recovery_hooks = []  # called with the cache when Redis answers again after an outage

    def __init__(self, server, params):
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        options.update(params.get("OPTIONS", {}))
        super().__init__(server, {**params, "OPTIONS": options})
        # For the one pipeline Django's cache cannot send (incr_with_expiry): a redis-py
        # client of its own, not Django's private one, with the same time limits.
        location = server if isinstance(server, str) else server[0]
        self.pipeline_client = redis.Redis.from_url(
            location.split(",")[0],
            socket_connect_timeout=options["socket_connect_timeout"],
            socket_timeout=options["socket_timeout"],
        )
        self.fallback = LocMemCache(
            f"redis-fallback-{id(self)}", {**params, "OPTIONS": {"MAX_ENTRIES": 10_000}}
        )
        self.down_until = float("-inf")
        self.is_down = False

    def guarded(self, redis_call, local_call, *args, **kwargs):
        if time.monotonic() >= self.down_until:
            try:
                result = redis_call(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                self.down_until = time.monotonic() + RETRY_SECONDS
                self.is_down = True
                log_at_most_once_a_minute(
                    logger,
                    "redis",
                    "Redis is unreachable (%s): caching in each process's memory until it returns.",
                    error,
                )
            else:
                if self.is_down:
                    self.is_down = False
                    logger.warning("Redis answers again: the shared cache is back in use.")
                    for hook in self.recovery_hooks:
                        hook(self)
                return result
        return local_call(*args, **kwargs)

    def incr_with_expiry(self, key, timeout):
        """Add one to the counter `key` (0 when missing, kept `timeout` seconds) and return it.

        On Redis, INCR and EXPIRE go in one pipeline: one round trip per request, where
        Django's `incr()` asks whether the key exists first. (EXPIRE renews the time on every
        request, which is harmless: the key names its window, and outlives it by `timeout`.)
        """
        return self.guarded(
            redis_incr_with_expiry,
            lambda key, timeout: incr_with_expiry(self.fallback, key, timeout),
            key,
            timeout,
        )


class LocalMemoryCache(LocMemCache):
    """Django's local-memory cache, reading many keys under one lock.

    A kept page or fragment is fresh while none of its surrogate keys was purged, so each
    read of one reads the version of every key it shows: 170 for a page of twenty stories.
    Django's `get_many()` gets them one by one, each key checked against memcached's rules on
    the way (a warning for a space, or for more than 250 characters): two thirds of an API
    page that finds its data made. Here the keys are made as `get()` makes them, and read
    under one lock, expired ones removed as `get()` removes them. A key is still checked
    when it is written (`set`, `add`): a key no write accepted cannot be there to read.
    """

    def get_many(self, keys, version=None):
        version = self.version if version is None else version
        if self.key_func is default_key_func:  # what it makes, without a call per key
            prefix = f"{self.key_prefix}:{version}:"
            cache_keys = {prefix + key: key for key in keys}
        else:
            cache_keys = {self.key_func(key, self.key_prefix, version): key for key in keys}
        pickled = {}
        now = time.time()
        with self._lock:
            for cache_key, key in cache_keys.items():
                expiry = self._expire_info.get(cache_key, -1)
                if expiry is not None and expiry <= now:  # missing (-1) or expired
                    self._delete(cache_key)
                    continue
                pickled[key] = self._cache[cache_key]
                self._cache.move_to_end(cache_key, last=False)
        return {key: pickle.loads(value) for key, value in pickled.items()}


def redis_incr_with_expiry(cache, key, timeout):
    full_key = cache.make_and_validate_key(key)  # the cache's prefix and version
    with cache.pipeline_client.pipeline() as pipeline:
        count, _ = pipeline.incr(full_key).expire(full_key, timeout).execute()
    return count


def incr_with_expiry(cache, key, timeout):
    """Add one to the counter `key` in any cache (0 when missing, kept `timeout` seconds)."""
    if isinstance(cache, RedisCacheWithMemoryFallback):
        return cache.incr_with_expiry(key, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request
        cache.add(key, 0, timeout)
        return cache.incr(key)


def guard(name):
    redis_call = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        return self.guarded(redis_call, getattr(self.fallback, name), *args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_call.__doc__
    return method


for _name in GUARDED:
    setattr(RedisCacheWithMemoryFallback, _name, guard(_name))
