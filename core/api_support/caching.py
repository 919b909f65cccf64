"""HTTP caching for the public read API: validators, conditional GET, Cache-Control.

The ETag is a hash of the body as sent, so it changes whenever anything shown changes: the
story, a linked person's name, a story becoming due. That costs the queries (a 304 saves the
bytes, not the work) but can never answer "not modified" for a response that did change.
An item may add `Last-Modified` (a story's own last change); when a client sends both
validators, the ETag decides (RFC 9110, 13.2.2), as Django's `get_conditional_response` does.
"""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

SAFE_METHODS = ("GET", "HEAD")


def cache_seconds():
    return settings.NEWSROOM_API_CACHE_SECONDS


def set_last_modified(response, moment):
    """Give `response` a Last-Modified header for `moment` (an aware datetime)."""
    response.headers["Last-Modified"] = http_date(moment.timestamp())


class ConditionalGetMixin:
    """For a view whose every response is public: ETag, Cache-Control, 304 when unchanged."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in SAFE_METHODS or response.status_code != 200:
            return response
        response.render()  # the ETag hashes the bytes a client would receive
        set_response_etag(response)
        patch_cache_control(response, public=True, max_age=cache_seconds())
        last_modified = parse_http_date_safe(response.headers.get("Last-Modified"))
        return get_conditional_response(
            request, etag=response.headers["ETag"], last_modified=last_modified, response=response
        )
