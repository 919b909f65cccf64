"""Stories and what hangs off them: sections, agencies, images, corrections and quotes."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from events.models import Agreement, Country, Event, Organization, Person, Place
from newsroom.caching import KeyedQuerySet
from newsroom.html import sanitize_html
from newsroom.images import (
    RENDITION_WIDTHS,
    clean_image_bytes,
    make_rendition,
    validate_image_file,
)
from newsroom.slug_urls import slug_url
from newsroom.task_queue import enqueue
from newsroom.text import unique_slug


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation; lower comes first."
    )

    objects = KeyedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:section_detail", self.slug)


class Agency(models.Model):
    """A wire service or news agency credited for a story."""

    name = models.CharField(
        max_length=255, unique=True, help_text="National News Agency of Uzbekistan"
    )
    short_name = models.CharField(max_length=30, unique=True, help_text="As credited: UzA.")
    url = models.URLField("website", blank=True)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.short_name


class Image(models.Model):
    """A picture in the desk's library, with the words a reader and a screen reader need."""

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text="JPEG, PNG, GIF or WebP, up to 10 MB and 40 megapixels. "
        "Location and camera data are removed when it is saved.",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        "alt text",
        max_length=255,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=255, blank=True, help_text="Photographer / agency.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    renditions = models.JSONField(
        default=dict, editable=False, help_text="Width in pixels → stored file name."
    )

    objects = KeyedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        is_new_upload = bool(self.file) and not self.file._committed
        if is_new_upload:
            self.file = clean_image_bytes(self.file)
        super().save(*args, **kwargs)
        if is_new_upload:
            # Seconds of work for a large picture: a worker does it (articles/tasks.py).
            from articles import tasks  # tasks import this module

            enqueue(tasks.make_renditions, self.pk)

    def store_renditions(self):
        """Scaled copies for the widths the templates ask for, made once after upload."""
        storage = self.file.storage
        extension = Path(self.file.name).suffix.lower()
        renditions = {}
        for width in RENDITION_WIDTHS:
            if self.width and width < self.width:
                name = storage.save(
                    f"renditions/{self.pk}/{width}{extension}",
                    ContentFile(make_rendition(self.file, width)),
                )
                renditions[str(width)] = name
        self.renditions = renditions
        # A save, not an update(): the pages showing the picture are purged from every cache
        # (the story page was cached with the original only).
        self.save(update_fields=["renditions"])

    def rendition_url(self, width):
        """URL of the smallest copy at least `width` wide, or of the original."""
        fitting = sorted(int(size) for size in self.renditions if int(size) >= width)
        if fitting:
            return self.file.storage.url(self.renditions[str(fitting[0])])
        return self.file.url

    @property
    def srcset(self):
        """`srcset` for an <img>: every rendition and the original, with their widths."""
        storage = self.file.storage
        entries = [
            f"{storage.url(name)} {width}w"
            for width, name in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        ]
        if self.width:
            entries.append(f"{self.file.url} {self.width}w")
        return ", ".join(entries)


class ArticleQuerySet(KeyedQuerySet):
    def published(self):
        """The one door for the public: published and due. Nothing else is ever shown."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published with a publication time still in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

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
    def is_published(self):
        """True when the public may see it: the same rule as ArticleQuerySet.published()."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


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


# Kept in step with the stories by articles/story_index.py: what would otherwise be counted or
# searched across a million stories on every uncached read.


class StoryCount(models.Model):
    """How many stories with the status "published" something has: a section, a person, …
    (`link` names the Article field), and every story (`link` "all", `object_id` 0).

    Scheduled stories are counted too: the clock publishes them without a write, so a reader's
    count subtracts those still in the future (ScheduledLink), and a count is exact at every
    moment without anything running when a story comes due.
    """

    class Link(models.TextChoices):
        ALL = "all"
        SECTION = "section"
        PEOPLE = "people"
        EVENTS = "events"
        AGREEMENTS = "agreements"
        PLACES = "places"
        ORGANIZATIONS = "organizations"

    link = models.CharField(max_length=16, choices=Link.choices)
    object_id = models.PositiveBigIntegerField()
    stories = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "object_id"], name="story_count_once")
        ]

    def __str__(self):
        return f"{self.link} {self.object_id}: {self.stories}"


class ScheduledLinkQuerySet(models.QuerySet):
    def ahead(self):
        """The rows of stories still waiting: what a count subtracts."""
        return self.filter(published_at__gt=timezone.now())

    def come_due(self):
        """The rows of stories the clock has published: they no longer matter."""
        return self.exclude(published_at__gt=timezone.now())


class ScheduledLink(models.Model):
    """What a scheduled story will count for (`StoryCount`'s link and object) and when: a
    reader's count subtracts the rows still in the future, along one index, where joining the
    scheduled stories to a person's links took 0.1–0.3 s at a million stories. Rows whose time
    has passed no longer matter and are pruned as others are written."""

    link = models.CharField(max_length=16, choices=StoryCount.Link.choices)
    object_id = models.PositiveBigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()

    objects = ScheduledLinkQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["link", "object_id", "published_at"], name="scheduled_link_due"),
            models.Index(fields=["published_at"], name="scheduled_link_prune"),
        ]

    def __str__(self):
        return f"{self.link} {self.object_id}: story {self.article_id} at {self.published_at}"


class CountryStory(models.Model):
    """A story about a country: it links one of the country's people or places, or is
    datelined there. A country's page lists these newest first, along one index, where an OR
    of three subqueries read every story of its people (0.4 s at a million stories).
    `published_at` is the story's, copied so that the index gives the page's order."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="country_links")
    published_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "article"], name="country_story_once")
        ]
        indexes = [
            models.Index(
                fields=["country", "-published_at", "-article"], name="country_story_latest"
            ),
            models.Index(fields=["article"], name="country_story_article"),
        ]

    def __str__(self):
        return f"{self.country_id}: {self.article_id}"


class EntityProposal(models.Model):
    """A new person, organisation, place or event the proposer (articles/proposer) found in a
    story, with the sentence that says so, and what the desk did with it.

    One row serves three ends: a *created* row is the evidence an entity keeps of the story and
    sentence it came from (shown on its admin page); a *dismissed* row stops the editor
    offering the name again for that story; a *proposed* row is a draft that
    `import_story --propose-drafts` left for the desk to confirm. A proposal is not an entity:
    nothing here is on any public page until someone creates the entity from it.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        PLACE = "place", "Place"
        EVENT = "event", "Event"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed, waiting for the desk"
        CREATED = "created", "Created"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="entity_proposals",
        help_text="The story that names it; empty for a story not saved yet.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=255)
    mention = models.CharField(max_length=255, help_text="The words of the story that name it.")
    evidence = models.TextField(help_text="The sentence of the story that says so.")
    title = models.CharField("post", max_length=255, blank=True)
    organization_name = models.CharField("organisation", max_length=255, blank=True)
    country_name = models.CharField("country", max_length=100, blank=True)
    aliases = models.TextField(blank=True, help_text="One per line: an acronym, a surname.")
    category = models.CharField(max_length=20, blank=True, help_text="Airport, venue, summit, …")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="story_evidence"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="story_evidence",
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="story_evidence"
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="story_evidence"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "name"],
                name="entity_proposal_once_per_story",
                violation_error_message="This story already has this proposal.",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} “{self.name}”"

    @property
    def entity(self):
        return self.person or self.organization or self.place or self.event
