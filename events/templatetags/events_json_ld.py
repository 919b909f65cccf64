"""JSON-LD for the world's pages: `{% event_json_ld event %}`, `{% person_json_ld … %}`."""

from django import template

from core.page_address import address_in
from core.structured_data import json_ld_script
from events import structured_data

register = template.Library()


def _absolute(context):
    return address_in(context).build_absolute_uri


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    return json_ld_script(structured_data.event(event, _absolute(context)))


@register.simple_tag(takes_context=True)
def person_json_ld(context, person, current_positions):
    titles = [position.title for position in current_positions]
    return json_ld_script(structured_data.profile_page(person, titles, _absolute(context)))
