"""The desk's diary: coverage planned for events, who covers what by when, and its history.

Nothing here is ever public. No public view, feed, sitemap, search or API reads these tables,
and articles/ and events/ never import this app: the diary listens to the stories (signals.py)
and reads the world; a planned event that is not public yet is a `DiaryEntry` here, not a row
of events.Event, so the world's public querysets need no rule to hide it (docs/how-to/
planning.md says why).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from articles.models import Article, Section
from events.models import Event, Organization, Person, Place


class DiaryEntry(models.Model):
    """Something coming that the world does not know yet (a visit announced to the desk only):
    the desk plans its coverage here, and makes it a public event when it may be known."""

    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Event.Kind.choices, default=Event.Kind.MEETING)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Empty for a one-day event.")
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who convenes it.",
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="+", help_text="Who the desk knows takes part."
    )
    notes = models.TextField(
        blank=True, help_text="For the desk only: sources, accreditation, what is embargoed."
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The public event this entry became.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "diary entry"
        verbose_name_plural = "diary entries"
        ordering = ["start_date", "title"]
        indexes = [
            # The diary's days: the entries not yet public, by date.
            models.Index(
                fields=["start_date"], condition=Q(event__isnull=True), name="diary_entry_day"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="diary_entry_ends_after_it_starts",
                violation_error_message="An event cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_internal(self):
        return self.event_id is None


class CoverageItem(models.Model):
    """One piece of coverage the desk plans for an event: what, for which section, by whom,
    by when."""

    class Kind(models.TextChoices):
        STORY = "story", "Story"
        LIVE = "live", "Live page"
        PICTURES = "pictures", "Pictures"
        VIDEO = "video", "Video"
        FACT_BOX = "fact_box", "Fact box"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ASSIGNED = "assigned", "Assigned"
        IN_PROGRESS = "in_progress", "In progress"
        FILED = "filed", "Filed"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        DiaryEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coverage_items",
        verbose_name="diary entry",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STORY)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="covered by",
        help_text="Empty: waiting on the desk to find someone.",
    )
    due = models.DateTimeField(help_text="When the desk expects it filed.")
    notes = models.TextField(blank=True, help_text="For the reporter: angle, contacts, length.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField(max_length=255, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    story = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The story or live page this coverage became.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "coverage item"
        ordering = ["due", "pk"]
        indexes = [
            # "My assignments": a reporter's open items, due soonest first.
            models.Index(
                fields=["assignee", "due"],
                condition=Q(status__in=["planned", "assigned", "in_progress", "filed"]),
                name="coverage_assignee_open",
            ),
            # The calendar feed: a person's items around now, done ones too.
            models.Index(fields=["assignee", "due"], name="coverage_assignee_due"),
            # "Today and tomorrow": what is late, the most overdue first…
            models.Index(
                fields=["due"],
                condition=Q(status__in=["planned", "assigned", "in_progress"]),
                name="coverage_open_due",
            ),
            # …and what is filed, waiting longest first.
            models.Index(fields=["status", "due"], name="coverage_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, entry__isnull=True)
                | Q(event__isnull=True, entry__isnull=False),
                name="coverage_of_one_event_or_entry",
                violation_error_message="Coverage is of one event or one diary entry.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="coverage_cancelled_with_reason",
                violation_error_message="Say why the coverage is cancelled.",
            ),
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(assignee__isnull=False),
                name="coverage_assigned_to_someone",
                violation_error_message="An assigned item needs someone to cover it.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self):
        """The event or diary entry covered (whichever it is)."""
        return self.event if self.event_id else self.entry

    @property
    def is_open(self):
        return self.status not in (self.Status.DONE, self.Status.CANCELLED)


class CoverageChange(models.Model):
    """One move of a coverage item: who (nobody when the story moved it), when, and why."""

    item = models.ForeignKey(CoverageItem, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=CoverageItem.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CoverageItem.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["item", "changed_at", "pk"]
        indexes = [models.Index(fields=["item", "changed_at"], name="coverage_change_item")]

    def __str__(self):
        return f"{self.item}: {self.from_status or '—'} → {self.to_status}"


def feed_digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet):
    def for_secret(self, secret):
        return self.filter(digest=feed_digest(secret)).select_related("user").first()


class CalendarFeed(models.Model):
    """A person's private calendar address. Only the secret's digest is kept: a copy of the
    database gives nobody's assignments away; a lost address is replaced, which revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = "calendar feed"

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @classmethod
    def issue(cls, user):
        """A new secret for `user` (the old one, if any, stops working); returns the secret,
        which is shown once and never stored."""
        secret = secrets.token_urlsafe(32)
        cls.objects.update_or_create(user=user, defaults={"digest": feed_digest(secret)})
        return secret
