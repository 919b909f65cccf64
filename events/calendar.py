"""Events as iCalendar (RFC 5545), for readers' calendar apps: one file per event, or all.

Events are whole days (the desk records dates, not hours), so DTSTART and DTEND are DATE
values and DTEND is the day after the last day, as the standard counts it.
"""

import datetime

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event

# RFC 5545 §3.8.1.11: CONFIRMED, TENTATIVE or CANCELLED.
CALENDAR_STATUS = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.HELD: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.PROPOSED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def calendar_of(events, request, name):
    """An iCalendar document of `events` (those with a date; others cannot be placed).

    The request gives the site's address for the links and the UIDs. Select each event's
    `place` and its `country` to keep this to one query.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        if event.start_date:
            calendar.add_component(_calendar_event(event, request))
    return calendar.to_ical()


def _calendar_event(event, request):
    url = request.build_absolute_uri(event.get_absolute_url())
    last_day = event.end_date or event.start_date
    item = CalendarEvent()
    # The primary key, not the slug: an edited slug must not look like a new event.
    item.add("uid", f"event-{event.pk}@{request.get_host()}")
    item.add("dtstamp", event.updated_at)
    item.add("last-modified", event.updated_at)
    item.add("summary", event.title)
    item.add("dtstart", event.start_date)
    item.add("dtend", last_day + datetime.timedelta(days=1))
    item.add("status", CALENDAR_STATUS[event.status])
    item.add("url", url)
    if event.summary:
        item.add("description", f"{event.summary}\n\n{url}")
    else:
        item.add("description", url)
    if event.place_id:
        where = [event.place.name]
        if event.place.country_id:
            where.append(event.place.country.name)
        item.add("location", ", ".join(where))
    return item
