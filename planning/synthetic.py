"""A year's synthetic diary for scale tests and benchmarks: events spread over the days
around today, each with coverage items in every state a real desk's would be in (past ones
mostly done, a few late or cancelled; coming ones planned or assigned), written with
bulk_create. Deterministic for given sizes."""

import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Section
from events.models import Country, Event, Place
from planning.models import CoverageItem, DiaryEntry

Status = CoverageItem.Status
KINDS = list(CoverageItem.Kind)
BATCH = 2_000


def _status(day_offset, number):
    """What an item of an event `day_offset` days from today would be by now."""
    if day_offset < -1:
        return (
            Status.CANCELLED
            if number % 17 == 0
            else (Status.DONE if number % 23 else Status.IN_PROGRESS)
        )
    if day_offset <= 1:
        return [Status.IN_PROGRESS, Status.FILED, Status.ASSIGNED, Status.DONE][number % 4]
    return Status.PLANNED if number % 3 == 0 else Status.ASSIGNED


def seed_diary(*, events, items, users, prefix="synthetic", days=365, entries=None, years_away=0):
    """`events` events over `days` days centred on today (`years_away` years before or after
    it) and `items` coverage items among them (round-robin), assigned among `users`;
    `entries` internal diary entries (events/20 unless given). Returns the events' count."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=days // 2 - 365 * years_away)
    country, _ = Country.objects.get_or_create(
        iso_code="ZZ", defaults={"name": f"{prefix} country", "slug": f"{prefix}-country"}
    )
    place, _ = Place.objects.get_or_create(
        slug=f"{prefix}-place", defaults={"name": f"{prefix} place", "country": country}
    )
    # The same five sections for every run: a filter by section finds a fifth of any week.
    sections = [
        Section.objects.get_or_create(
            slug=f"diary-section-{number}", defaults={"name": f"Diary section {number}"}
        )[0]
        for number in range(5)
    ]
    entries = events // 20 if entries is None else entries
    with transaction.atomic():
        Event.objects.bulk_create(
            (
                Event(
                    title=f"{prefix} event {number}",
                    slug=f"{prefix}-event-{number}",
                    kind=Event.Kind.MEETING,
                    status=Event.Status.SCHEDULED,
                    start_date=first + datetime.timedelta(days=number * days // max(events, 1)),
                    end_date=None,
                    place=place if number % 2 else None,
                )
                for number in range(events)
            ),
            batch_size=BATCH,
        )
        DiaryEntry.objects.bulk_create(
            (
                DiaryEntry(
                    title=f"{prefix} entry {number}",
                    start_date=first + datetime.timedelta(days=number * days // max(entries, 1)),
                    place=place,
                    notes="For the desk only.",
                )
                for number in range(entries)
            ),
            batch_size=BATCH,
        )
        made = list(
            Event.objects.filter(slug__startswith=f"{prefix}-event-")
            .order_by("pk")
            .values_list("pk", "start_date")
        )
        noon = datetime.time(17, 0)
        tz = timezone.get_current_timezone()

        # Every 7th event has no coverage: the gaps a desk must see.
        covered = [row for index, row in enumerate(made) if index % 7 != 6] or made

        def item(number):
            event_pk, day = covered[number % len(covered)]
            status = _status((day - today).days, number)
            assignee = None if status == Status.PLANNED else users[number % len(users)]
            return CoverageItem(
                event_id=event_pk,
                kind=KINDS[number % len(KINDS)],
                section=sections[number % len(sections)],
                assignee=assignee,
                due=datetime.datetime.combine(day, noon, tzinfo=tz),
                notes="Angle, contacts, length.",
                status=status,
                cancel_reason="Dropped" if status == Status.CANCELLED else "",
            )

        if made:
            CoverageItem.objects.bulk_create(
                (item(number) for number in range(items)), batch_size=BATCH
            )
    return len(made)
