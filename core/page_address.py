"""Where a page is read: the scheme, host and path its absolute links and canonical URL name.

A reader's request has one (`PageAddress.of(request)`). A page made ahead of its readers (a
task, after a change commits) is made for the addresses readers used lately, with no request:
the template tags that write absolute URLs (`{% absolute_uri %}`, `{% canonical_url %}`, the
JSON-LD tags) read `page_address` from the template's context when a page builder gives one,
else the request (`address_in`). The URLs are those Django's `build_absolute_uri` makes.
"""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.encoding import iri_to_uri


@dataclass(frozen=True)
class PageAddress:
    scheme: str
    host: str
    path: str
    page: int = 1  # `?page=` beyond the first is part of a page's canonical URL

    @classmethod
    def of(cls, request):
        page = request.GET.get("page", "")
        return cls(
            request.scheme,
            request.get_host(),
            request.path,
            int(page) if page.isdigit() and int(page) > 1 else 1,
        )

    def build_absolute_uri(self, location):
        """`location` (a path, or a full URL) as a full URL, as `HttpRequest` makes it."""
        location = str(location)
        bits = urlsplit(location)
        scheme_host = f"{self.scheme}://{self.host}"
        if not (bits.scheme and bits.netloc):
            if (
                bits.path.startswith("/")
                and not bits.scheme
                and not bits.netloc
                and "/./" not in bits.path
                and "/../" not in bits.path
            ):
                location = scheme_host + location.removeprefix("//")
            else:
                location = urljoin(scheme_host + self.path, location)
        return iri_to_uri(location)

    def canonical_url(self):
        """The page's one true address: no query string except a page number beyond the first."""
        url = self.build_absolute_uri(self.path)
        return f"{url}?page={self.page}" if self.page > 1 else url


def is_served(host):
    """Whether the site still answers on `host` (ALLOWED_HOSTS, as a request's `get_host`
    checks it): a page is made ahead only for hosts a reader could ask it on."""
    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed_hosts)


def address_in(context):
    """What a template's absolute URLs are made from: the page builder's `page_address`, or
    the request (None when neither is there)."""
    return context.get("page_address") or context.get("request")
