"""Where things happen and who acts: countries, organizations, places."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.slug_urls import slug_url
from events.models.base import Linkable


class Country(Linkable):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    iso_code = models.CharField(
        "ISO 3166 code",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1.")],
        help_text="Two capital letters of ISO 3166-1 alpha-2, for example UZ.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^[A-Z]{2}$"), name="country_iso_code_two_capitals"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("events:country_detail", self.slug)


class Organization(Linkable):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text="For example CIS.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this one belongs to: CIS for the Council of Heads of State.",
    )
    member_countries = models.ManyToManyField(Country, blank=True, related_name="organizations")
    description = models.TextField(blank=True)
    url = models.URLField("website", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("events:organization_detail", self.slug)

    def linker_names(self):
        return list(dict.fromkeys([*super().linker_names(), *filter(None, [self.short_name])]))


class Place(Linkable):
    class Kind(models.TextChoices):
        CITY = "city", "City"
        REGION = "region", "Region"
        VENUE = "venue", "Venue"
        AIRPORT = "airport", "Airport"
        RESIDENCE = "residence", "Residence"

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CITY)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The place this one is in: Moscow for the Kremlin.",
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="places"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("events:place_detail", self.slug)
