"""The HTTP caches in front of the site (Varnish, Fastly, Cloudflare): how each is asked to
drop every response tagged with some surrogate keys, the header the keys travel in, and how
many keys one request takes. `purge.py` decides when; these only send.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings


class PurgeFailed(Exception):
    pass


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
