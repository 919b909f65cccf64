"""Where stories are filed and whom they are credited to: sections and agencies."""

from django.db import models

from core.caching import KeyedQuerySet
from core.slug_urls import slug_url


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
