"""JSON-LD for the site's pages: `{% article_json_ld article %}` and its siblings."""

from django import template

from newsroom import structured_data

register = template.Library()


def _absolute(context):
    return context["request"].build_absolute_uri


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    return structured_data.json_ld_script(structured_data.news_article(article, _absolute(context)))


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    return structured_data.json_ld_script(structured_data.event(event, _absolute(context)))


@register.simple_tag(takes_context=True)
def person_json_ld(context, person, current_positions):
    titles = [position.title for position in current_positions]
    return structured_data.json_ld_script(
        structured_data.profile_page(person, titles, _absolute(context))
    )


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return structured_data.json_ld_script(structured_data.website(_absolute(context)))
