"""The world the stories report on: countries, organizations, places, people, events, agreements."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from newsroom.caching import KeyedQuerySet
from newsroom.images import clean_image_bytes, validate_image_file
from newsroom.slug_urls import slug_url
from newsroom.text import split_lines

ALIASES_HELP = (
    "Other names stories use, one per line (for example “Putin” or “the Kremlin leader”). "
    "The mention linker finds the name and every alias, whole words only."
)


def not_before(earlier, later, *, name, message):
    """A database rule: date field `later` is not before `earlier` when both are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )


class Linkable(models.Model):
    """Something the mention linker can find in a text by its name or one of its aliases."""

    aliases = models.TextField("aliases", blank=True, help_text=ALIASES_HELP)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def alias_list(self):
        return split_lines(self.aliases)

    @property
    def display_name(self):
        return self.name

    def linker_names(self):
        """Every name this object is known by: its own first, then its aliases."""
        names = [self.display_name, *self.alias_list]
        return list(dict.fromkeys(name for name in names if name))


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


class EventSeries(models.Model):
    """A recurring kind of event, so readers can step from one summit to the next."""

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="series"
    )
    description = models.TextField(blank=True)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "event series"

    def __str__(self):
        return self.name


class Event(Linkable):
    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit"
        SESSION = "session", "Session"
        INFORMAL_MEETING = "informal_meeting", "Informal meeting"
        MEETING = "meeting", "Meeting"
        VISIT = "visit", "Visit"
        CEREMONY = "ceremony", "Ceremony"
        CONFERENCE = "conference", "Conference"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"
        PROPOSED = "proposed", "Proposed"

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HELD)
    start_date = models.DateField(null=True, blank=True, help_text="Empty while not yet set.")
    end_date = models.DateField(null=True, blank=True, help_text="Empty for a one-day event.")
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text="Who convenes it.",
    )
    series = models.ForeignKey(
        EventSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="part of",
        help_text="A larger event this one belongs to: an arrival that is part of a summit.",
    )
    summary = models.TextField(blank=True)
    participants = models.ManyToManyField(
        Person, through="Participation", related_name="events", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [F("start_date").desc(nulls_first=True), "title"]
        indexes = [
            models.Index(fields=["series", "start_date"]),
            # The desk's diary (planning/diary.py): the events of a day or a week.
            models.Index(fields=["start_date"], name="event_start_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=F("start_date")),
                name="event_ends_after_it_starts",
                violation_error_message="An event cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("events:event_detail", self.slug)

    @property
    def display_name(self):
        return self.title


class Participation(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        HOST = "host", "Host"
        ATTENDEE = "attendee", "Attendee"
        RECEIVED_BY = "received_by", "Received by"
        PROPOSER = "proposer", "Proposer"
        AWARDEE = "awardee", "Awardee"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ATTENDEE)
    evidence = models.TextField(blank=True, help_text="The words of a story that say so.")

    class Meta:
        ordering = ["event", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="participation_unique_role",
                violation_error_message="This person already has this role at this event.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}) at {self.event}"


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
