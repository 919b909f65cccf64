"""Events, their series and who took part."""

from django.db import models
from django.db.models import F, Q

from core.caching import KeyedQuerySet
from core.slug_urls import slug_url
from events.models.base import Linkable
from events.models.people import Person
from events.models.places import Organization, Place


class EventSeries(models.Model):
    """A recurring kind of event, so readers can step from one summit to the next."""

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="series"
    )
    description = models.TextField(blank=True)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "event series"

    def __str__(self):
        return self.name


class Event(Linkable):
    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit"
        SESSION = "session", "Session"
        INFORMAL_MEETING = "informal_meeting", "Informal meeting"
        MEETING = "meeting", "Meeting"
        VISIT = "visit", "Visit"
        CEREMONY = "ceremony", "Ceremony"
        CONFERENCE = "conference", "Conference"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"
        PROPOSED = "proposed", "Proposed"

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HELD)
    start_date = models.DateField(null=True, blank=True, help_text="Empty while not yet set.")
    end_date = models.DateField(null=True, blank=True, help_text="Empty for a one-day event.")
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text="Who convenes it.",
    )
    series = models.ForeignKey(
        EventSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="part of",
        help_text="A larger event this one belongs to: an arrival that is part of a summit.",
    )
    summary = models.TextField(blank=True)
    participants = models.ManyToManyField(
        Person, through="Participation", related_name="events", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [F("start_date").desc(nulls_first=True), "title"]
        indexes = [
            models.Index(fields=["series", "start_date"]),
            # The desk's diary (planning/diary.py): the events of a day or a week.
            models.Index(fields=["start_date"], name="event_start_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=F("start_date")),
                name="event_ends_after_it_starts",
                violation_error_message="An event cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("events:event_detail", self.slug)

    @property
    def display_name(self):
        return self.title


class Participation(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        HOST = "host", "Host"
        ATTENDEE = "attendee", "Attendee"
        RECEIVED_BY = "received_by", "Received by"
        PROPOSER = "proposer", "Proposer"
        AWARDEE = "awardee", "Awardee"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ATTENDEE)
    evidence = models.TextField(blank=True, help_text="The words of a story that say so.")

    class Meta:
        ordering = ["event", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="participation_unique_role",
                violation_error_message="This person already has this role at this event.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}) at {self.event}"
