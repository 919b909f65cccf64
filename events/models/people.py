"""People and the posts they hold."""

from django.db import models
from django.db.models import F, Q

from core.images import clean_image_bytes, validate_image_file
from core.slug_urls import slug_url
from events.models.base import Linkable, not_before
from events.models.places import Country, Organization


class Person(Linkable):
    name = models.CharField(max_length=255, help_text="As the desk writes it: Shavkat Mirziyoyev.")
    slug = models.SlugField(max_length=255, unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    photo = models.ImageField(
        upload_to="people/%Y/",
        blank=True,
        validators=[validate_image_file],
        help_text="JPEG, PNG, GIF or WebP. Location and camera data are removed when saved.",
    )
    photo_credit = models.CharField(max_length=255, blank=True)
    bio = models.TextField("biography", blank=True, help_text="Plain text; a few sentences.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.photo and not self.photo._committed:
            self.photo = clean_image_bytes(self.photo)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:person_detail", self.slug)


def held_on(day, prefix=""):
    """The condition on a position (reached through `prefix`, as "positions__") that it was
    held on a given date (an open start or end counts as 'always')."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


class PositionQuerySet(models.QuerySet):
    def held_on(self, day):
        """Positions held on a given date (an open start or end counts as 'always')."""
        return self.filter(held_on(day))


class Position(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=255, help_text="For example “President of Uzbekistan”.")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="positions"
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="positions"
    )
    start_date = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    end_date = models.DateField(null=True, blank=True, help_text="Empty while still held.")
    evidence = models.TextField(blank=True, help_text="The words of a story that say so.")

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = [F("end_date").desc(nulls_first=True), F("start_date").desc(nulls_last=True)]
        constraints = [
            not_before(
                "start_date",
                "end_date",
                name="position_ends_after_it_starts",
                message="A position cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.title}"

    @property
    def is_current(self):
        return self.end_date is None
