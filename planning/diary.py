"""What the diary shows for a run of days: the events and the internal diary entries on each
day, with their coverage, the gaps (nothing planned) and what is late.

Every read goes along an index and stops at a limit, so a page costs the same queries and
about the same rows with ten events or ten thousand: events by start date (events'
`event_start_date`), entries by date (`diary_entry_day`), their coverage by the subject's key,
late items along `coverage_open_due`. An event lasting longer than LONGEST_EVENT shows on its
first days only (an index range needs a bound); the desk's events last a day or three.
"""

import dataclasses
import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from events.models import Event, Participation
from planning.models import CoverageItem, DiaryEntry

LONGEST_EVENT = datetime.timedelta(days=31)
# Events and entries one view reads at most (a CIS summit week has a few dozen).
SUBJECT_LIMIT = 300
LIST_LENGTH = 10
# The fields a coverage item's line in the diary shows, and those naming its person.
ITEM_ROW = ["event", "entry", "kind", "section", "assignee", "status", "due"]
PERSON_NAME = ["first_name", "last_name", "username"]
OPEN = [
    CoverageItem.Status.PLANNED,
    CoverageItem.Status.ASSIGNED,
    CoverageItem.Status.IN_PROGRESS,
]


@dataclasses.dataclass
class Filters:
    section: object = None  # a Section
    country: object = None  # a Country
    assignee: object = None  # a user
    taking_part: object = None  # a Person
    gaps_only: bool = False

    def coverage(self):
        """The condition on coverage items these filters ask for."""
        condition = Q()
        if self.section is not None:
            condition &= Q(section=self.section)
        if self.assignee is not None:
            condition &= Q(assignee=self.assignee)
        return condition

    @property
    def on_coverage(self):
        return self.section is not None or self.assignee is not None


@dataclasses.dataclass
class Subject:
    """An event or an internal diary entry, as the diary shows it."""

    row: object
    is_entry: bool
    items: list = dataclasses.field(default_factory=list)

    @property
    def start(self):
        return self.row.start_date

    @property
    def end(self):
        return self.row.end_date or self.row.start_date

    @property
    def is_gap(self):
        """Nothing planned (cancelled coverage is none), for an event still going ahead."""
        if not self.is_entry and self.row.status in (
            Event.Status.CANCELLED,
            Event.Status.POSTPONED,
        ):
            return False
        return not any(item.status != CoverageItem.Status.CANCELLED for item in self.items)


def _between(queryset, first, last):
    return queryset.filter(start_date__gte=first - LONGEST_EVENT, start_date__lte=last).filter(
        Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first)
    )


def subjects_between(first, last, filters=None):
    """(subjects on the days first…last in date order, whether more were left out)."""
    filters = filters or Filters()
    place = ("place__name", "place__country__name")
    events = (
        _between(Event.objects.all(), first, last)
        .select_related("place__country")
        .only("title", "status", "start_date", "end_date", "place", *place)
    )
    entries = (
        _between(DiaryEntry.objects.filter(event__isnull=True), first, last)
        .select_related("place__country")
        .only("title", "start_date", "end_date", "place", *place)
    )
    if filters.country is not None:
        events = events.filter(place__country=filters.country)
        entries = entries.filter(place__country=filters.country)
    if filters.taking_part is not None:
        events = events.filter(
            pk__in=Participation.objects.filter(person=filters.taking_part).values("event")
        )
        entries = entries.filter(people=filters.taking_part)
    live_items = CoverageItem.objects.exclude(status=CoverageItem.Status.CANCELLED)
    if filters.on_coverage:
        wanted = live_items.filter(filters.coverage())
        events = events.filter(Exists(wanted.filter(event=OuterRef("pk"))))
        entries = entries.filter(Exists(wanted.filter(entry=OuterRef("pk"))))
    if filters.gaps_only:
        events = events.exclude(
            status__in=[Event.Status.CANCELLED, Event.Status.POSTPONED]
        ).exclude(Exists(live_items.filter(event=OuterRef("pk"))))
        entries = entries.exclude(Exists(live_items.filter(entry=OuterRef("pk"))))
    events = list(events.order_by("start_date", "title", "pk")[: SUBJECT_LIMIT + 1])
    entries = list(entries.order_by("start_date", "title", "pk")[: SUBJECT_LIMIT + 1])
    more = len(events) > SUBJECT_LIMIT or len(entries) > SUBJECT_LIMIT
    subjects = [Subject(event, False) for event in events[:SUBJECT_LIMIT]] + [
        Subject(entry, True) for entry in entries[:SUBJECT_LIMIT]
    ]
    _attach_items(subjects, filters)
    subjects.sort(key=lambda subject: (subject.start, str(subject.row).lower()))
    return subjects, more


def _attach_items(subjects, filters):
    """Each subject's coverage, in one query."""
    event_ids = [subject.row.pk for subject in subjects if not subject.is_entry]
    entry_ids = [subject.row.pk for subject in subjects if subject.is_entry]
    if not subjects:
        return
    items = (
        CoverageItem.objects.filter(Q(event_id__in=event_ids) | Q(entry_id__in=entry_ids))
        .filter(filters.coverage())
        .select_related("assignee", "section")
        # What a row shows: a week holds a thousand items, their notes and the people's
        # whole accounts are not read for nothing.
        .only(*ITEM_ROW, "section__name", *(f"assignee__{name}" for name in PERSON_NAME))
        .order_by("due", "pk")
    )
    by_subject = {}
    for item in mark_late(items):
        by_subject.setdefault(
            (item.entry_id is not None, item.entry_id or item.event_id), []
        ).append(item)
    for subject in subjects:
        subject.items = by_subject.get((subject.is_entry, subject.row.pk), [])


def days(first, last, subjects):
    """[(day, [subjects on that day])] for every day first…last."""
    result = []
    day = first
    while day <= last:
        result.append((day, [s for s in subjects if s.start <= day <= s.end]))
        day += datetime.timedelta(days=1)
    return result


def mark_late(items):
    """`item.is_late` for each: open (not yet filed) and past its due time."""
    items = list(items)
    now = timezone.now()
    for item in items:
        item.is_late = item.status in OPEN and item.due < now
    return items


def late_items(limit=LIST_LENGTH):
    """Open coverage past its due time, the most overdue first."""
    return mark_late(
        CoverageItem.objects.filter(status__in=OPEN, due__lt=timezone.now())
        .select_related("event", "entry", "assignee")
        .order_by("due", "pk")[:limit]
    )


def filed_items(limit=LIST_LENGTH):
    """Filed and waiting for the desk, waiting longest first."""
    return mark_late(
        CoverageItem.objects.filter(status=CoverageItem.Status.FILED)
        .select_related("event", "entry", "assignee", "story")
        .order_by("due", "pk")[:limit]
    )


def assignments_of(user, limit=LIST_LENGTH):
    """`user`'s open assignments (filed ones too: the desk may send them back), due soonest
    first."""
    return mark_late(
        CoverageItem.objects.filter(
            assignee=user,
            status__in=[*OPEN, CoverageItem.Status.FILED],
        )
        .select_related("event", "entry", "section", "story")
        .order_by("due", "pk")[:limit]
    )
