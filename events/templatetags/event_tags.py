"""Template tags of the world's pages: `{% event_dates event %}`."""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()


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
