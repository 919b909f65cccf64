"""Rate limits: a counter per client and time window, with the rates read at request time.

DRF's own throttles keep the time of every request in the window as a list in the cache, read
and written back whole on each request: the work grows with the rate, and two processes
writing at once lose each other's requests. Here each client has one counter per window,
raised with the cache's atomic increment (Redis INCR): constant work, exact across processes.
Windows are fixed (a client may send up to twice its rate across a window's edge), as in most
public APIs.

DRF also copies `DEFAULT_THROTTLE_RATES` into a class attribute when imported, so a changed
setting (a test's `override_settings`, a rate set after import) would be ignored: the rate is
read from the settings here. The client's address comes from `NUM_PROXIES` (see settings): a
client cannot reset its count by sending a made-up `X-Forwarded-For`.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from core.caching.cache_backends import incr_with_expiry


class FixedWindowMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = incr_with_expiry(self.cache, f"{key}:{window}", self.duration + 1)
        return count <= self.num_requests

    def wait(self):
        return self.window_ends - self.now


class AnonymousReadThrottle(FixedWindowMixin, AnonRateThrottle):
    """Anonymous consumers of the public read API, counted per client address."""

    scope = "anon"


class DeskUserThrottle(FixedWindowMixin, UserRateThrottle):
    """The desk's tools, counted per user account."""

    scope = "desk"
