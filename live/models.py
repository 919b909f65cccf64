"""Live coverage: a live story is an Article; this app holds its open/closed state and its entries.

A `LiveCoverage` row makes a story live (its primary key is the story's), so articles/ never
needs to know live stories exist. Each `LiveEntry` is one timestamped update by one writer. A
deleted entry is kept as a tombstone with its words wiped: readers' open pages learn from the
update poll that it is gone (and remove it), and nothing of what it said remains to leak.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article, Image
from core.caching import KeyedQuerySet
from core.html import sanitize_html
from events.models import Event


class LiveCoverage(models.Model):
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="live_coverage",
        verbose_name="story",
        help_text="The story readers open; its entries appear under its text.",
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_coverages",
        help_text="The event covered: its page says “Live now” while the coverage is open.",
    )
    is_open = models.BooleanField(
        "open",
        default=True,
        help_text="Reporters post while it is open; closing it shows readers that it ended.",
    )
    opened_at = models.DateTimeField("coverage started", default=timezone.now)
    closed_at = models.DateTimeField("coverage ended", null=True, blank=True)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        verbose_name = "live story"
        verbose_name_plural = "live stories"
        ordering = ["-opened_at"]

    def __str__(self):
        return str(self.article)

    def save(self, *args, update_fields=None, **kwargs):
        super().save(*args, update_fields=update_fields, **kwargs)
        # (Opening or closing saves its own fields only: the event is as it was.)
        event_saved = update_fields is None or "event" in update_fields
        if self.event_id is not None and event_saved:
            # A story covering an event live is one of the event's stories: its page lists
            # it, its feed and the API filtered by the event name it. Linked here, where every
            # writer passes (the desk, the API, a shell); adding a link already there is a no-op.
            self.article.events.add(self.event_id)

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class LiveEntryQuerySet(KeyedQuerySet):
    def visible(self):
        """Entries readers may see on a public live story: not deleted."""
        return self.filter(deleted_at__isnull=True)

    def newest_first(self):
        return self.order_by("-pk")


class LiveEntry(models.Model):
    coverage = models.ForeignKey(LiveCoverage, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_entries",
    )
    author_name = models.CharField(
        max_length=255, blank=True, help_text="As shown to readers; the writer's name when posted."
    )
    body = models.TextField(
        blank=True, help_text="HTML; anything outside the allowed tags is removed when saved."
    )
    image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="live_entries"
    )
    quote = models.TextField(blank=True, help_text="Words quoted, without quotation marks.")
    quote_by = models.CharField("quote by", max_length=255, blank=True)
    is_key_event = models.BooleanField(
        "key event", default=False, help_text="Pinned at the top, in the key events."
    )
    key_event_title = models.CharField(
        "key event title", max_length=140, blank=True, help_text="Short: the key events list."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moves on with every edit, pin and deletion: readers' pages replace an entry whose
    # version they hold is older.
    version = models.PositiveIntegerField(default=1, editable=False)
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "live entry"
        verbose_name_plural = "live entries"
        ordering = ["-pk"]
        indexes = [
            # The update poll: what changed lately in one live story.
            models.Index(fields=["coverage", "changed_at"], name="live_entry_changed"),
            models.Index(fields=["coverage", "is_key_event"], name="live_entry_key_events"),
        ]

    def __str__(self):
        return f"{self.coverage}: entry {self.pk}"

    def save(self, *args, **kwargs):
        """Every writer comes through here, so the body is always sanitised."""
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.coverage.get_absolute_url()}#entry-{self.pk}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_edited(self):
        return self.edited_at is not None
