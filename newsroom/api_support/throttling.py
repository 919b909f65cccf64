"""Rate limits, with the rates read from settings at request time.

DRF's throttles copy `DEFAULT_THROTTLE_RATES` into a class attribute when they are imported, so
a changed setting (a test's `override_settings`, a rate set after import) would be ignored.
The client's address comes from `NUM_PROXIES` (see settings): a client cannot reset its
count by sending a made-up `X-Forwarded-For`.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class RatesFromSettingsMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousReadThrottle(RatesFromSettingsMixin, AnonRateThrottle):
    """Anonymous consumers of the public read API, counted per client address."""

    scope = "anon"


class DeskUserThrottle(RatesFromSettingsMixin, UserRateThrottle):
    """The desk's tools, counted per user account."""

    scope = "desk"
