"""JSON-LD for the stories' pages: `{% article_json_ld article %}`, `{% website_json_ld %}`."""

from django import template

from articles import structured_data
from core.page_address import address_in
from core.structured_data import json_ld_script

register = template.Library()


def _absolute(context):
    return address_in(context).build_absolute_uri


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    return json_ld_script(structured_data.news_article(article, _absolute(context)))


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return json_ld_script(structured_data.website(_absolute(context)))
