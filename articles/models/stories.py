"""Stories and what hangs off them: corrections, quotes, status changes and revisions."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models.images import Image
from articles.models.sections import Agency, Section
from core.caching import KeyedQuerySet
from core.html import sanitize_html
from core.slug_urls import slug_url
from core.text import unique_slug
from events.models import Agreement, Event, Organization, Person, Place


class ArticleQuerySet(KeyedQuerySet):
    def published(self, *, about_country=None, now=None):
        """The one door for the public: published, due, and not under embargo. Nothing else
        is ever shown. A story is public from its publication time or, when it has an embargo
        ending later, from the embargo's end (`Article.public_from`).

        `about_country`: only the stories about that country (its rows in CountryStory), with
        the same time bound on the row's copied publication time, so that the country's page,
        read along that index, steps over the scheduled stories instead of reading them.

        `now`: the moment to publish at, when the caller gives it (a query built once and run
        at each moment: core/caching/fixed_shape.py); the present otherwise."""
        now = now or timezone.now()
        stories = self.filter(
            Q(embargoed_until__isnull=True) | Q(embargoed_until__lte=now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )
        if about_country is not None:
            stories = stories.filter(
                country_links__country=about_country, country_links__published_at__lte=now
            )
        return stories

    def scheduled(self, now=None):
        """Published but not public yet (at `now`, the present if not given): its
        publication time or its embargo still ahead. The clock makes these public without a
        write (caching.due and the story index keep their pages and counts to that moment,
        `Article.public_from`)."""
        now = now or timezone.now()
        return self.filter(
            Q(published_at__gt=now) | Q(embargoed_until__gt=now), status=Article.Status.PUBLISHED
        )

    def unreleased(self):
        """Published with a publication time still ahead: nobody, partner or reader, has it."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def released(self):
        """Published and due, embargoed or not: what partners receiving embargoed copy may
        have (distribution). Never the public's door: that is `published()`."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def under_embargo(self):
        """Released to the partners receiving embargoed copy, not yet to anyone else."""
        return self.released().filter(embargoed_until__gt=timezone.now())

    def latest_first(self):
        return self.order_by("-published_at", "-pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255, unique=True, help_text="The story's address on the site; keep it short."
    )
    summary = models.TextField(blank=True, help_text="One or two sentences under the headline.")
    body = models.TextField(
        blank=True, help_text="HTML; anything outside the allowed tags is removed when saved."
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The agency credited, when the story is theirs.",
    )
    dateline_place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="datelined_articles",
        verbose_name="dateline",
    )
    bylines = models.CharField(
        max_length=255, blank=True, help_text="As printed: “Jane Roe and John Doe”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The account that wrote the story.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="When the story goes public. A time in the future schedules it.",
    )
    embargoed_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Partners receiving embargoed copy get the story at its publication time; "
        "the public and every other partner only from this time. Editors only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    view_count = models.PositiveBigIntegerField(default=0, editable=False)
    lead_image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="lead_of_articles"
    )
    people = models.ManyToManyField(Person, blank=True, related_name="articles")
    events = models.ManyToManyField(Event, blank=True, related_name="articles")
    agreements = models.ManyToManyField(Agreement, blank=True, related_name="articles")
    places = models.ManyToManyField(Place, blank=True, related_name="articles")
    organizations = models.ManyToManyField(Organization, blank=True, related_name="articles")
    related_articles = models.ManyToManyField("self", blank=True)
    language = models.CharField(max_length=10, default="en", help_text="BCP 47 tag, e.g. en.")
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one at every save; a save based on an older version is refused.",
    )
    source_fingerprint = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="SHA-256 of the imported story's identity (format, agency, date and "
        "headline), not of the file's bytes: a re-export of the same story updates this draft.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_article", "Can publish, schedule and withdraw stories"),
            ("edit_any_article", "Can edit stories written by others and published stories"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["section", "-published_at"], name="article_section_published"),
            models.Index(fields=["-view_count"], name="article_most_read"),
            # The front page's most read (articles/front_page.py): the published stories walked
            # in order of views from the index alone, five read (SQLite, having no statistics,
            # otherwise walked the publication index and read every story's row: 17 ms at 5,000).
            models.Index(
                fields=["status", "-view_count", "-published_at", "embargoed_until"],
                name="article_status_most_read",
            ),
            # What changed since: the API's `ordering=updated_at` and the desk's default list
            # (1 s at a million stories without it).
            models.Index(fields=["updated_at", "id"], name="article_updated"),
            # The desk's home page (desk/home.py): a writer's drafts, newest first; the
            # stories in review, waiting longest first.
            models.Index(
                fields=["created_by", "status", "-updated_at"], name="article_writer_status"
            ),
            models.Index(fields=["status", "updated_at"], name="article_status_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="A published story needs a publication time.",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, revision_author=None, revision_note="", **kwargs):
        """Save, sanitising the body, and keep a revision of the words.

        Every writer (admin, API, importer, shell) comes through here, so the body is
        sanitised and a revision kept in one place. Every save moves `version` on, so a form
        opened before it can tell it is stale; saves limited by `update_fields` to fields
        other than the words (a status change) keep no revision.
        """
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        update_fields = kwargs.get("update_fields")
        keeps_revision = update_fields is None or bool(set(update_fields) & REVISED_FIELDS)
        if self.pk is not None:
            self.version += 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        with transaction.atomic():
            super().save(*args, **kwargs)
            if keeps_revision:
                Revision.objects.create(
                    article=self,
                    version=self.version,
                    headline=self.headline,
                    summary=self.summary,
                    body=self.body,
                    created_by=revision_author,
                    note=revision_note,
                )

    def get_absolute_url(self):
        return slug_url("articles:article_detail", self.slug)

    @property
    def public_from(self):
        """When the public may see it (once published): its publication time, or the end of
        its embargo when that is later. None without a publication time."""
        if self.published_at is None:
            return None
        if self.embargoed_until is not None and self.embargoed_until > self.published_at:
            return self.embargoed_until
        return self.published_at

    @property
    def is_published(self):
        """True when the public may see it: the same rule as ArticleQuerySet.published()."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.public_from <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published but not public yet (a time or an embargo ahead): as `scheduled()`."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.public_from > timezone.now()
        )

    @property
    def is_released(self):
        """Published and due, embargoed or not: ArticleQuerySet.released()."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_under_embargo(self):
        """Released to the partners receiving embargoed copy, not yet to the public."""
        return self.is_released and self.public_from > timezone.now()

    @property
    def has_embargo_ahead(self):
        """An embargo not yet over, whatever the status: what the desk marks a story with."""
        return self.embargoed_until is not None and self.embargoed_until > timezone.now()


# The words of a story that revisions keep.
REVISED_FIELDS = {"headline", "summary", "body"}


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="Plain text, shown under the story as written.")
    published_at = models.DateTimeField("date", default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "published_at"]

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”"


class Quote(models.Model):
    text = models.TextField(help_text="The words as quoted, without the quotation marks.")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    speaker_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="When the speaker is an institution, not a person: “the press service of …”.",
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes"
    )
    evidence = models.TextField(blank=True, help_text="The sentence of the story it comes from.")

    class Meta:
        ordering = ["article", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(speaker__isnull=False) | ~Q(speaker_name=""),
                name="quote_has_a_speaker",
                violation_error_message="Name the speaker: a person or an institution.",
            ),
        ]

    def __str__(self):
        return f"{self.speaker_label}: “{self.text[:60]}”"

    @property
    def speaker_label(self):
        return self.speaker.name if self.speaker_id else self.speaker_name


class StatusChange(models.Model):
    """One step of a story through the workflow: who moved it, when, from what to what."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    published_at = models.DateTimeField(
        "publication time", null=True, blank=True, help_text="As set by this change."
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "changed_at", "pk"]
        indexes = [models.Index(fields=["article", "changed_at"])]

    def __str__(self):
        return f"{self.article}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Revision(models.Model):
    """The words of a story as saved once; every save keeps one, restoring makes a new one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(help_text="The story's version this revision saved.")
    headline = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=255, blank=True, help_text="“Restored from version 3”.")

    class Meta:
        ordering = ["article", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="revision_once_per_version")
        ]

    def __str__(self):
        return f"{self.article}, version {self.version}"
