"""Template helpers of the public site that know no app: absolute and canonical URLs, the
sections' navigation, paging links, dates and file URLs (a story's teasers: story_tags; an
event's dates: event_tags)."""

import functools
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from core.page_address import PageAddress, address_in

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The sections' links of base.html's navigation, the page's `section` marked current
    (`navigation_links` from the context processor, which knows what a section is: drawn
    once per change of the sections); nothing where no context processor ran (a page drawn
    without its request)."""
    links = context.get("navigation_links")
    if links is None:
        return ""
    return links.for_page(context.get("section"))


@register.simple_tag
def site_url(name):
    """`{% url name %}` for the site's own addresses that take no arguments (the feeds, the
    archive, search…), reversed once per URLconf and script prefix instead of on every page.
    Only for namespaces installed once: the current app is not asked."""
    return _site_url(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _site_url(name, urlconf, prefix):
    # `reverse` reads the script prefix itself: the one in the key.
    return reverse(name, urlconf=urlconf)


@register.simple_tag(takes_context=True)
def absolute_uri(context, path):
    """`path` as a full URL on this host, as feeds, Open Graph and JSON-LD need."""
    address = address_in(context)
    return address.build_absolute_uri(path) if address and path else path


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one true address: no query string except a page number beyond the first."""
    address = context.get("page_address")
    if address is None and (request := context.get("request")) is not None:
        address = PageAddress.of(request)
    return "" if address is None else address.canonical_url()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL's query string with `page` set to `number` (dropped for page one), so a
    search keeps its words from page to page."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "."


@register.filter
def web_url(url):
    """`url` when it is an http(s) address, else "": a link from stored data never runs script."""
    return url if urlsplit(url or "").scheme in {"http", "https"} else ""


@register.filter
def file_url(field_file):
    """The URL of an image or file field, or "" when it holds no file (where `.url` raises)."""
    return field_file.url if field_file else ""


@register.filter
def iso_datetime(value):
    """A moment as ISO 8601 to the second, in the site's time zone: "2024-10-09T12:00:00+00:00".

    Django's `date:"c"` keeps microseconds, which HTML's datetime attribute refuses.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
