"""One HTTP POST to a subscriber, as a careful webhook sender makes it.

The connection goes to the address addresses.py checked, never to a second DNS answer (the
Host header and the TLS certificate check still use the host name). Redirects are not
followed: a 3xx is an answer like any other, and a subscriber that moved says so by changing
its endpoint. The answer's body is read up to RESPONSE_CAP bytes, so a receiver cannot make
a worker download a film. Every socket operation has the timeout; the signature and the
secret never reach a log or an error message.
"""

import email.utils
import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from django.utils import timezone

from distribution.addresses import resolve_public_addresses, split_endpoint

RESPONSE_CAP = 4096


@dataclass
class Answer:
    status_code: int
    retry_after: float | None
    excerpt: str
    response_ms: int


class PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to a host name, connecting to an address chosen (and checked) beforehand."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        raw = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address we connected to.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def post(url, body, headers, *, timeout):
    """POST `body` to `url`; the Answer, or an exception (EndpointRefused, OSError, …)."""
    scheme, host, port, path = split_endpoint(url)
    address = resolve_public_addresses(host, port)[0]
    connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    connection = connection_class(host, port, address=address, timeout=timeout)
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_CAP)
        elapsed = time.monotonic() - started
        return Answer(
            status_code=response.status,
            retry_after=parse_retry_after(response.getheader("Retry-After")),
            excerpt=excerpt.decode("utf-8", "replace")[:500],
            response_ms=round(elapsed * 1000),
        )
    finally:
        connection.close()


def parse_retry_after(value):
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max((when - timezone.now()).total_seconds(), 0.0)
