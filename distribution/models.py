"""Subscribers, the outbox of story events, and each event's deliveries with every attempt."""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from articles.models import Agency, Article, Section
from distribution.addresses import EndpointRefused, check_endpoint_url
from events.models import Event, Person


def new_secret():
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """A partner's system that receives every story change it asked for, pushed and signed."""

    class Format(models.TextChoices):
        NINJS_2_2 = "ninjs-2.2", "IPTC ninjs 2.2"
        NINJS_3_1 = "ninjs-3.1", "IPTC ninjs 3.1"
        API_JSON = "api-json", "The API's JSON (as /api/articles/<slug>/)"

    name = models.CharField(max_length=200, unique=True, help_text="The partner and its system.")
    endpoint_url = models.URLField(
        "endpoint URL",
        max_length=500,
        help_text="Where each story change is POSTed. https:// only; redirects are not followed.",
    )
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        editable=False,
        help_text="Signs every push (HMAC-SHA256); shown once, when the subscriber is created.",
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.NINJS_2_2)
    receives_all = models.BooleanField(
        "every story",
        default=True,
        help_text="Untick to receive only the stories in the sections, from the agencies, or "
        "about the people or events chosen below.",
    )
    sections = models.ManyToManyField(Section, blank=True, related_name="+")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    people = models.ManyToManyField(Person, blank=True, related_name="+")
    events = models.ManyToManyField(Event, blank=True, related_name="+")
    on_published = models.BooleanField("published", default=True)
    on_updated = models.BooleanField("updated", default=True)
    on_corrected = models.BooleanField("corrected", default=True)
    on_withdrawn = models.BooleanField(
        "withdrawn", default=True, help_text="A kill notice: take the story down."
    )
    receives_embargoed = models.BooleanField(
        "receives embargoed copy",
        default=False,
        help_text="Gets a story under embargo at its publication time, the embargo in the "
        "push (the partner holds it until then); others get it when the embargo ends.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to pause: changes are kept and go out, in order, on resuming.",
    )
    paused_reason = models.CharField(max_length=255, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.endpoint_url:
            try:
                check_endpoint_url(self.endpoint_url)
            except EndpointRefused as refused:
                raise ValidationError({"endpoint_url": str(refused)}) from refused

    def wants(self, kind):
        return getattr(self, f"on_{kind}")

    def receives(self, article):
        """Does a change to `article` concern this subscriber? (Its links as loaded.)"""
        if self.receives_all:
            return True
        return (
            (article.section_id is not None and article.section_id in self._ids("sections"))
            or (article.agency_id is not None and article.agency_id in self._ids("agencies"))
            or bool({person.pk for person in article.people.all()} & self._ids("people"))
            or bool({event.pk for event in article.events.all()} & self._ids("events"))
        )

    def _ids(self, field):
        return {item.pk for item in getattr(self, field).all()}


class StoryEvent(models.Model):
    """One change to a story that subscribers may hear about: the outbox.

    Written in the transaction of the change itself (distribution/signals.py), so there is no
    event without its change and no change without its event. Deliveries fan out from it in
    a worker.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        UPDATED = "updated", "Updated"
        CORRECTED = "corrected", "Corrected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Every subscriber"
        EMBARGOED = "embargoed", "Subscribers receiving embargoed copy"
        UNEMBARGOED = "unembargoed", "Subscribers not receiving embargoed copy"

    event_id = models.UUIDField(
        "event id",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Sent with every delivery; receivers deduplicate on it.",
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        default=Audience.EVERYONE,
        help_text="A story under embargo goes to those receiving embargoed copy first, to the "
        "others when the embargo ends: two events.",
    )
    deliver_after = models.DateTimeField(
        default=timezone.now,
        help_text="A scheduled story's publication (or an embargo's end) is fanned out and "
        "pushed when due.",
    )
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["fanned_out_at", "deliver_after"], name="storyevent_to_fan_out"),
            models.Index(fields=["article", "-id"], name="storyevent_article"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def concerns(self, subscriber):
        """Is `subscriber` in this event's audience (embargoed copy or not)?"""
        if self.audience == self.Audience.EMBARGOED:
            return subscriber.receives_embargoed
        if self.audience == self.Audience.UNEMBARGOED:
            return not subscriber.receives_embargoed
        return True


class Delivery(models.Model):
    """One event for one subscriber, until it is delivered, fails for good or is cancelled."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(StoryEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    # The event's story again: the order per (subscriber, story) is looked up on every send.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending it until then."
    )
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="A task to send it is waiting in the queue since then."
    )
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event", "subscriber"], name="delivery_once_per_event")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["subscriber", "article", "status"], name="delivery_story_order"),
        ]

    def __str__(self):
        return f"{self.event} → {self.subscriber}"


class DeliveryAttempt(models.Model):
    """One POST of a delivery: what the receiver answered, how fast, or what went wrong."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField("response time (ms)", null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "pk"]

    def __str__(self):
        return f"{self.delivery}: {self.status_code or self.error}"
