"""The story index: counts and links kept in step with the stories (articles/story_index.py)."""

from django.db import models
from django.utils import timezone

from articles.models.stories import Article
from events.models import Country

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
    def ahead(self, now=None):
        """The rows of stories still waiting (at `now`, the present if not given): what a
        count subtracts."""
        return self.filter(published_at__gt=now or timezone.now())

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
