"""A person's assignments as iCalendar (RFC 5545), for a phone's calendar: each open or
recent item an event at its due time, with the event covered, the section and the notes.

Only the owner's items: the feed's secret names one person, and nothing here takes another.
Reads along `coverage_assignee_due` a window around now (WINDOW_BEFORE … WINDOW_AFTER), at
most FEED_LIMIT items, so a feed costs the same at any size of diary.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from planning.models import CoverageItem

WINDOW_BEFORE = datetime.timedelta(days=14)
WINDOW_AFTER = datetime.timedelta(days=90)
FEED_LIMIT = 300
ITEM_LENGTH = datetime.timedelta(minutes=30)


def render(user, *, host):
    now = timezone.now()
    items = (
        CoverageItem.objects.filter(
            assignee=user, due__gte=now - WINDOW_BEFORE, due__lte=now + WINDOW_AFTER
        )
        .exclude(status=CoverageItem.Status.CANCELLED)
        .select_related("event__place", "entry__place", "section")
        .order_by("due", "pk")[:FEED_LIMIT]
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Newsroom//The desk's diary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "My assignments")
    for item in items:
        subject = item.subject
        entry = CalendarEvent()
        entry.add("uid", f"coverage-{item.pk}@{host}")
        entry.add("summary", f"{item.get_kind_display()}: {subject}")
        entry.add("dtstart", item.due)
        entry.add("dtend", item.due + ITEM_LENGTH)
        entry.add("dtstamp", item.updated_at)
        entry.add(
            "status", "CONFIRMED" if item.status != CoverageItem.Status.PLANNED else "TENTATIVE"
        )
        lines = [f"Status: {item.get_status_display()}"]
        if item.section_id:
            lines.append(f"Section: {item.section}")
        if subject.start_date:
            lines.append(f"Event: {subject.start_date:%-d %B %Y}")
        if item.notes:
            lines += ["", item.notes]
        entry.add("description", "\n".join(lines))
        if subject.place_id:
            entry.add("location", str(subject.place))
        calendar.add_component(entry)
    return calendar.to_ical()
