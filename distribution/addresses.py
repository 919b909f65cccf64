"""Where a push may go: public addresses only, so a subscriber cannot aim the desk at itself.

An endpoint is a URL an editor typed; without this check a push could reach the admin on
127.0.0.1, a database on the private network or the cloud's metadata service at
169.254.169.254 (server-side request forgery). The host is resolved and every address it
resolves to must be public; the check runs when the subscriber is saved and again before
every delivery, and the connection goes to the address that was checked (sending.py), so a
DNS answer that changes between the check and the connection cannot slip through.
DEBUG (and the tests) allow private addresses and plain http:// for local receivers;
NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES and NEWSROOM_DISTRIBUTION_ALLOW_HTTP say so
explicitly.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}


class EndpointRefused(Exception):
    """The endpoint may not receive pushes; the message says why, for the editor."""


def allows_private_addresses():
    allowed = settings.NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES
    return settings.DEBUG if allowed is None else allowed


def allows_http():
    allowed = settings.NEWSROOM_DISTRIBUTION_ALLOW_HTTP
    return settings.DEBUG if allowed is None else allowed


def split_endpoint(url):
    """(scheme, host, port, path with query) of an endpoint, or EndpointRefused."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise EndpointRefused("The endpoint must be an https:// URL.")
    if scheme == "http" and not allows_http():
        raise EndpointRefused(
            "The endpoint must use https://: pushes carry a signature and unpublished "
            "timing, and plain http:// shows both to anyone on the way."
        )
    if not parts.hostname:
        raise EndpointRefused("The endpoint URL has no host name.")
    if parts.username or parts.password:
        raise EndpointRefused("Put no user name or password in the endpoint URL.")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as error:
        raise EndpointRefused("The endpoint URL's port is not a number.") from error
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, parts.hostname, port, path


def resolve_public_addresses(host, port):
    """Every address `host` resolves to, refusing the lot if any one is not public.

    Refusing when any address is private (not only the first) closes the trick of a name
    with one public and one internal address. DNS failure raises socket.gaierror.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not allows_private_addresses() and not address.is_global:
            raise EndpointRefused(
                f"{host} resolves to {address}, {_describe(address)}: pushes go to public "
                "internet addresses only."
            )
        if str(address) not in addresses:
            addresses.append(str(address))
    return addresses


def check_endpoint_url(url):
    """Raise EndpointRefused unless `url` may receive pushes now (scheme, host, addresses)."""
    _, host, port, _ = split_endpoint(url)
    try:
        resolve_public_addresses(host, port)
    except (socket.gaierror, UnicodeError) as error:
        raise EndpointRefused(f"The host name {host} does not resolve.") from error


def _describe(address):
    if address.is_unspecified:
        return "the unspecified address (this machine)"
    if address.is_loopback:
        return "a loopback address (this machine)"
    if address.is_link_local:
        return "a link-local address (cloud metadata services live there)"
    if address.is_private:
        return "a private network address"
    if address.is_multicast:
        return "a multicast address"
    return "a reserved address"
