"""Template helpers of the public site: absolute and canonical URLs, paging links, search
highlighting."""

import html
import re
from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

# Words either side of the first match in a search result's excerpt.
EXCERPT_WORDS = 15


@register.simple_tag(takes_context=True)
def absolute_uri(context, path):
    """`path` as a full URL on this host, as feeds, Open Graph and JSON-LD need."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request and path else path


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one true address: no query string except a page number beyond the first."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


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
def highlight(text, terms):
    """Escape `text` and wrap every occurrence of a search term in <mark>.

    Matches ignore case and may fall inside words, as the search itself does
    (`articles.search`), so what is marked is what was found.
    """
    text = str(text or "")
    terms = sorted({term for term in terms or () if term}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(map(re.escape, terms)), re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece of the text was escaped above


@register.filter
def excerpt(body_html, terms):
    """Plain text of `body_html` around the first search term found, about thirty words."""
    text = " ".join(html.unescape(strip_tags(body_html or "")).split())
    lowered = text.lower()
    found = [lowered.find(term.lower()) for term in terms or ()]
    first = min((index for index in found if index >= 0), default=0)
    # Start from the beginning of the word the match falls in: a term may match mid-word.
    word_start = text.rfind(" ", 0, first) + 1
    before = text[:word_start].split()[-EXCERPT_WORDS:]
    after = text[word_start:].split()
    shown = after[: 2 * EXCERPT_WORDS - len(before)]
    prefix = "… " if len(before) < len(text[:word_start].split()) else ""
    suffix = " …" if len(shown) < len(after) else ""
    return prefix + " ".join(before + shown) + suffix


@register.simple_tag
def event_dates(event):
    """An event's days for readers, in <time> elements: "8 October 2024",
    "10–11 October 2017", "30 September – 2 October 2024"."""
    start, end = event.start_date, event.end_date
    if not start:
        return "Date not set"
    if not end or end == start:
        return _time(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        start_format = "j"
    elif start.year == end.year:
        start_format = "j F"
    else:
        start_format = "j F Y"
    separator = "–" if start_format == "j" else " – "
    return format_html("{}{}{}", _time(start, start_format), separator, _time(end, "j F Y"))


def _time(day, display_format):
    return format_html(
        '<time datetime="{}">{}</time>', day.isoformat(), date_format(day, display_format)
    )


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
