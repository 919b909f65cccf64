"""Live coverage on the site's pages: the live story's JSON-LD, and "Live now" on an event."""

import datetime

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article
from core.caching import fragment
from core.caching.fixed_shape import FixedShape
from core.structured_data import json_ld_script
from live import rules
from live.models import LiveCoverage
from live.structured_data import live_blog_posting

register = template.Library()


@register.simple_tag(takes_context=True)
def live_blog_json_ld(context, article, coverage, entries):
    absolute = context["request"].build_absolute_uri
    return json_ld_script(live_blog_posting(article, coverage, entries, absolute))


@register.simple_tag(takes_context=True)
def live_now(context, event):
    """ "Live now" and a link for each open, published live story tied to `event`: the same
    for every reader until a coverage of the event opens, closes or changes, so made once
    per change for readers (a fragment under the keys of what it shows:
    core/caching/fragments.py); signed-in users never read or fill a cache."""
    request = context.get("request")
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        return live_stories_of(event)
    return fragment(f"live-now:{event.pk}", lambda: live_stories_of(event))


def live_stories_of(event):
    """ "Live now" of `event` as HTML, in one query. The open coverages of stories still
    scheduled are read too, and not shown: a story comes due with no save, and its key makes
    what is kept of this list stale at that moment (core/caching/due.py)."""
    coverages = OPEN_COVERAGES(event=event.pk, now=timezone.now())
    stories = [coverage for coverage in coverages if coverage.article.is_published]
    if not stories:
        return ""
    return render_to_string("live/live_now.html", {"live_stories": stories})


# Built once per connection (core/caching/fixed_shape.py): building the OR of the two
# querysets was a fifth of an event page made from nothing.
OPEN_COVERAGES = FixedShape(
    lambda event, now: LiveCoverage.objects.filter(
        event=event,
        is_open=True,
        article__in=Article.objects.published(now=now) | Article.objects.scheduled(now=now),
    ).select_related("article"),
    event=int,
    now=datetime.datetime,
)


@register.simple_tag(takes_context=True)
def live_desk_link(context, article):
    """On a story's change page: "Live desk" when it is live, "Make it live" for editors."""
    user = context["request"].user
    if article is None or article.pk is None or not rules.can_see_desk(user):
        return ""
    if LiveCoverage.objects.filter(pk=article.pk).exists():
        url = reverse("admin:live_livecoverage_desk", args=[article.pk])
        return format_html('<li><a href="{}">Live desk</a></li>', url)
    if rules.can_open_or_close(user):
        url = reverse("admin:live_livecoverage_add")
        return format_html('<li><a href="{}?article={}">Make it live</a></li>', url, article.pk)
    return ""
