"""Template helpers of the public site: absolute and canonical URLs, paging links, dates."""

import functools
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from articles import story_pages
from articles.models import Section
from newsroom.caching import fragments
from newsroom.caching.keys import record_objects

register = template.Library()

TEASER = "includes/story_teaser.html"


@register.simple_tag(takes_context=True)
def story_teasers(context, articles):
    """The teasers of `articles`, each made once per change of its story or section (a
    fragment: newsroom/caching/fragments.py) and read for a whole list at once: the front,
    section, person and event pages and the archive draw the same teasers again and again.
    Signed-in users never read or fill a cache: theirs are made for them."""
    articles = list(articles)
    teaser = get_template(TEASER)
    request = context.get("request")
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        story_pages.load_kinds(articles)
        return mark_safe("".join(teaser.render({"article": article}) for article in articles))
    names = [f"teaser:{article.pk}" for article in articles]
    kept = fragments.kept_fragments(names)
    story_pages.load_kinds(
        article for article, name in zip(articles, names, strict=True) if name not in kept
    )

    def make(article):
        record_objects(article, article.section)  # loaded by the list, shown here
        return teaser.render({"article": article})

    for article, name in zip(articles, names, strict=True):
        if name not in kept:
            kept[name] = fragments.remake(name, functools.partial(make, article), lists=False)
    return mark_safe("".join(kept[name] for name in names))  # each rendered, and escaped, there


@register.simple_tag
def story_badge(article):
    """A story's badge before its headline ("Live" while its coverage is open), or nothing:
    articles/story_pages.py says which kinds of story have one."""
    badge = story_pages.badge_of(article)
    if badge is None:
        return ""
    words = badge[0]
    return format_html('<span class="story-badge story-badge-{}">{}</span> ', slugify(words), words)


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The sections' links of base.html's navigation, the page's `section` marked current
    (`navigation_links` from the context processor: drawn once per change of the sections);
    nothing where no context processor ran (a page drawn without its request)."""
    links = context.get("navigation_links")
    if links is None:
        return ""
    section = context.get("section")
    return links(section.pk if isinstance(section, Section) else None)


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
    request = context.get("request")
    return request.build_absolute_uri(path) if request and path else path


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one true address: no query string except a page number beyond the first."""
    request = context.get("request")
    return "" if request is None else canonical_address(request)


def canonical_address(request):
    """The canonical URL of the page `request` asks for (`{% canonical_url %}`)."""
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
