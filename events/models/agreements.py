"""Agreements and the countries party to them."""

from django.db import models
from django.db.models import F

from core.slug_urls import slug_url
from events.models.base import Linkable, not_before
from events.models.events import Event
from events.models.people import Person
from events.models.places import Country


class Agreement(Linkable):
    class Kind(models.TextChoices):
        TREATY = "treaty", "Treaty"
        AGREEMENT = "agreement", "Agreement"
        PROGRAMME = "programme", "Programme"
        ADDRESS = "address", "Address"
        DECISION = "decision", "Decision"
        DECLARATION = "declaration", "Declaration"

    title = models.CharField(max_length=500)
    short_title = models.CharField(max_length=255, blank=True)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    adopted_at = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The event where it was signed or adopted.",
    )
    signed_on = models.DateField("date", null=True, blank=True, help_text="Signed or adopted on.")
    period_start = models.DateField(null=True, blank=True, help_text="For programmes: first day.")
    period_end = models.DateField(null=True, blank=True, help_text="For programmes: last day.")
    initiators = models.ManyToManyField(Person, blank=True, related_name="initiated_agreements")
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [F("signed_on").desc(nulls_last=True), "title"]
        constraints = [
            not_before(
                "period_start",
                "period_end",
                name="agreement_period_ends_after_it_starts",
                message="The period cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.short_title or self.title

    def get_absolute_url(self):
        return slug_url("events:agreement_detail", self.slug)

    @property
    def display_name(self):
        return self.title

    def linker_names(self):
        return list(dict.fromkeys([*super().linker_names(), *filter(None, [self.short_title])]))


class AgreementParty(models.Model):
    """One country's standing on one agreement, as in the UN Treaty Collection's tables."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SIGNED = "signed", "Signed"
        RATIFIED = "ratified", "Ratified"
        ACCEDED = "acceded", "Acceded"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="agreement_parties")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    signed_on = models.DateField(null=True, blank=True)
    ratified_on = models.DateField(
        null=True, blank=True, help_text="Ratification, acceptance or accession."
    )
    evidence = models.TextField(blank=True, help_text="The words of a story that say so.")

    class Meta:
        ordering = ["agreement", "country__name"]
        verbose_name_plural = "agreement parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "country"],
                name="agreement_party_once_per_country",
                violation_error_message="This country is already a party to this agreement.",
            ),
            not_before(
                "signed_on",
                "ratified_on",
                name="agreement_party_ratified_after_signed",
                message="A country cannot ratify before it signs.",
            ),
        ]

    def __str__(self):
        return f"{self.country} — {self.agreement} ({self.get_status_display()})"

    @property
    def is_in_force_for_party(self):
        return self.status in {self.Status.RATIFIED, self.Status.ACCEDED}
