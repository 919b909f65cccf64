"""Live coverage on the site's pages: the live story's JSON-LD, and "Live now" on an event."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from live import rules
from live.models import LiveCoverage
from live.structured_data import live_blog_posting
from newsroom import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def live_blog_json_ld(context, article, coverage, entries):
    absolute = context["request"].build_absolute_uri
    return structured_data.json_ld_script(live_blog_posting(article, coverage, entries, absolute))


@register.simple_tag(takes_context=True)
def live_now(context, event):
    """ "Live now" and a link for each open, published live story tied to `event`: one query."""
    from articles.models import Article

    stories = list(
        LiveCoverage.objects.filter(
            event=event, is_open=True, article__in=Article.objects.published()
        ).select_related("article")
    )
    if not stories:
        return ""
    return render_to_string("live/live_now.html", {"live_stories": stories}, context.get("request"))


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
