"""The diary's rows, drawn in Python: a busy week shows two hundred events and a thousand
coverage items, and the template engine spent about half a second of the week view's time on
them (bench/planning.py); format_html escapes every value the same way a template does."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from events.models import Event

register = template.Library()
QUIET_STATUSES = {Event.Status.SCHEDULED, Event.Status.HELD}


def _item_line(item):
    section = f" ({item.section})" if item.section_id else ""
    who = str(item.assignee) if item.assignee_id else "waiting on the desk"
    late = mark_safe(' <strong class="planning-late">late</strong>') if item.is_late else ""
    return format_html(
        '<li>{}{} — {} — <span class="planning-status">{}</span>{}</li>',
        item.get_kind_display(),
        section,
        who,
        item.get_status_display(),
        late,
    )


@register.simple_tag
def diary_subject(subject):
    """One event (or internal diary entry) with its coverage, as a list item."""
    row = subject.row
    if subject.is_entry:
        title = format_html(
            '<a href="{}">{}</a> <span class="planning-internal">internal</span>',
            reverse("planning:entry", args=[row.pk]),
            row,
        )
    else:
        status = ""
        if row.status not in QUIET_STATUSES:
            status = format_html(
                ' <span class="planning-muted">({})</span>', row.get_status_display().lower()
            )
        title = format_html(
            '<a href="{}">{}</a>{}', reverse("planning:event", args=[row.pk]), row, status
        )
    place = ""
    if row.place_id:
        where = f"{row.place}, {row.place.country}" if row.place.country_id else str(row.place)
        place = format_html(' <span class="planning-muted">· {}</span>', where)
    gap = (
        mark_safe(' <strong class="planning-gap-flag">Gap: nothing planned</strong>')
        if subject.is_gap
        else ""
    )
    items = ""
    if subject.items:
        items = format_html(
            '<ul class="planning-items">{}</ul>',
            format_html_join("", "{}", ((_item_line(item),) for item in subject.items)),
        )
    return format_html(
        '<li class="planning-subject{}">{}{}{}{}</li>',
        " planning-gap" if subject.is_gap else "",
        title,
        place,
        gap,
        items,
    )
