"""The HTTP caches in front of the site (Varnish, Fastly, Cloudflare): how each is asked to
drop every response tagged with some surrogate keys, the header the keys travel in, and how
many keys one request takes; and the sending, in batches, with retries, keeping what failed
for the next purge or the worker's periodic `resend_unsent`. `purge.py` decides when (a task
sends: tasks.py); these only send.
"""

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from core.availability import log_at_most_once_a_minute

logger = logging.getLogger(__name__)


class PurgeFailed(Exception):
    pass


class Unsent:
    """Keys whose purge failed in this process, sent again with the next purge."""

    keys = set()


def send_to_cache_in_front(keys):
    """Send `keys` (and any left from a failed purge) to the cache in front, in batches."""
    backend = purge_backend()
    if backend is None:
        return
    keys = set(keys) | Unsent.keys
    Unsent.keys = set()
    ordered = sorted(keys)
    for start in range(0, len(ordered), backend.batch_size):
        batch = ordered[start : start + backend.batch_size]
        try:
            send_with_retries(backend, batch)
        except PurgeFailed as error:
            Unsent.keys.update(batch)
            log_at_most_once_a_minute(
                logger, "purge", "Purging %d keys from %s failed: %s", len(batch), backend, error
            )


def resend_unsent():
    """A worker's periodic job: purge again what failed in this process, if anything did."""
    if Unsent.keys:
        send_to_cache_in_front(set())


def send_with_retries(backend, keys):
    attempts = max(1, settings.NEWSROOM_PURGE_ATTEMPTS)
    for attempt in range(attempts):
        try:
            return backend.send(keys)
        except PurgeFailed:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * 3**attempt)  # 0.1 s, 0.3 s, 0.9 s…


def purge_backend():
    name = settings.NEWSROOM_PURGE_BACKEND
    return CDN_PURGERS[name]() if name else None


def http_request(method, url, headers, body=None):
    """Send one request; a refusal, a server error or no answer raises PurgeFailed."""
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(
            request, timeout=settings.NEWSROOM_PURGE_TIMEOUT_SECONDS
        ) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        raise PurgeFailed(f"{method} {url} answered {error.code}") from error
    except (OSError, urllib.error.URLError) as error:
        raise PurgeFailed(f"{method} {url}: {error}") from error


class CdnPurger:
    """A cache in front: the header its keys go in, how they are separated, how many a purge
    request takes, and `send(keys)`, which raises PurgeFailed."""

    header = "Surrogate-Key"
    separator = " "
    batch_size = 100

    name = "a cache in front"  # in log lines: "Purging 2 keys from Fastly failed"

    def __str__(self):
        return self.name


def api_url(base, *parts):
    """`base` (a setting: tests point it at a local server) and the path, each part quoted."""
    return "/".join([base.rstrip("/"), *(urllib.parse.quote(part, safe="") for part in parts)])


class VarnishPurger(CdnPurger):
    """Varnish with the xkey module (deploy/varnish/newsroom.vcl): `PURGE /` with the keys in
    an `xkey-purge` header, to every address in NEWSROOM_VARNISH_URLS."""

    name = "Varnish"
    header = "xkey"
    separator = " "
    batch_size = 200  # keys per request: about 2 KB of header, well under Varnish's 8 KB

    def send(self, keys):
        for url in settings.NEWSROOM_VARNISH_URLS:
            http_request("PURGE", url, {"xkey-purge": " ".join(keys)})


class FastlyPurger(CdnPurger):
    """Fastly's purge by surrogate key: POST /service/<id>/purge with up to 256 keys.

    https://www.fastly.com/documentation/reference/api/purging/#bulk-purge-tag
    """

    name = "Fastly"
    header = "Surrogate-Key"
    separator = " "
    batch_size = 256

    def send(self, keys):
        url = api_url(
            settings.NEWSROOM_FASTLY_API_URL,
            "service",
            settings.NEWSROOM_FASTLY_SERVICE_ID,
            "purge",
        )
        headers = {"Fastly-Key": settings.NEWSROOM_FASTLY_API_TOKEN, "Accept": "application/json"}
        http_request("POST", url, {**headers, "Surrogate-Key": " ".join(keys)})


class CloudflarePurger(CdnPurger):
    """Cloudflare's purge by cache tag: POST /zones/<id>/purge_cache {"tags": […]}, up to 30
    tags a request on every plan.

    https://developers.cloudflare.com/api/resources/cache/methods/purge/
    """

    name = "Cloudflare"
    header = "Cache-Tag"
    separator = ","
    batch_size = 30

    def send(self, keys):
        url = api_url(
            settings.NEWSROOM_CLOUDFLARE_API_URL,
            "zones",
            settings.NEWSROOM_CLOUDFLARE_ZONE_ID,
            "purge_cache",
        )
        token = settings.NEWSROOM_CLOUDFLARE_API_TOKEN
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        _, body = http_request("POST", url, headers, json.dumps({"tags": list(keys)}).encode())
        try:
            answer = json.loads(body)
        except ValueError as error:
            raise PurgeFailed("Cloudflare answered something other than JSON") from error
        if not answer.get("success"):
            raise PurgeFailed(f"Cloudflare refused the purge: {answer.get('errors')}")


# NEWSROOM_PURGE_BACKEND names one of them.
CDN_PURGERS = {"varnish": VarnishPurger, "fastly": FastlyPurger, "cloudflare": CloudflarePurger}


def key_header():
    """The response header that carries the keys, and how keys are separated in it."""
    backend = purge_backend()
    name = settings.NEWSROOM_SURROGATE_KEY_HEADER or (
        backend.header if backend else "Surrogate-Key"
    )
    return name, backend.separator if backend else " "
