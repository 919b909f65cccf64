"""Query parameters of the events app's collections: `/api/events/?person=…&date_after=…`.

Every filter that names an object takes its slug, and an unknown slug is a 400 that says so.
Dates follow one rule across the API: `…_after` includes the day it names, `…_before` does
not, so `date_after=2024-10-01&date_before=2024-11-01` is exactly October.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q

from core.api_support.filters import (
    NameSearchFilter,
    StableOrderingFilter,
    self_and_descendant_ids,
    slug_filter,
)
from events.models import (
    Agreement,
    AgreementParty,
    Country,
    Event,
    EventSeries,
    Organization,
    Participation,
    Person,
    Place,
    Position,
)


def country_filter(field_name, help_text, **kwargs):
    return slug_filter(Country.objects.all(), field_name, "country", help_text, **kwargs)


def organization_filter(field_name, help_text, **kwargs):
    return slug_filter(Organization.objects.all(), field_name, "organization", help_text, **kwargs)


def place_filter(field_name, help_text, **kwargs):
    return slug_filter(Place.objects.all(), field_name, "place", help_text, **kwargs)


class CountryFilterSet(django_filters.FilterSet):
    organization = organization_filter("organizations", "Members of this organization (slug).")
    q = NameSearchFilter("name", "aliases")
    ordering = StableOrderingFilter(fields=["name", "iso_code"])

    class Meta:
        model = Country
        fields = []


class OrganizationFilterSet(django_filters.FilterSet):
    member = country_filter("member_countries", "Organizations this country belongs to (slug).")
    parent = organization_filter("parent", "Bodies directly under this organization (slug).")
    q = NameSearchFilter("name", "short_name", "aliases")
    ordering = StableOrderingFilter(fields=["name"])

    class Meta:
        model = Organization
        fields = []


class PlaceFilterSet(django_filters.FilterSet):
    country = country_filter("country", "Places in this country (slug).")
    kind = django_filters.ChoiceFilter(choices=Place.Kind.choices)
    within = place_filter(
        "parent", "Places inside this place, at any depth (slug).", method="filter_within"
    )
    q = NameSearchFilter("name", "aliases")
    ordering = StableOrderingFilter(fields=["name"])

    class Meta:
        model = Place
        fields = []

    def filter_within(self, queryset, name, place):
        return queryset.filter(pk__in=self_and_descendant_ids(place) - {place.pk})


class PersonFilterSet(django_filters.FilterSet):
    country = country_filter("country", "People of this country (slug).")
    organization = organization_filter(
        "positions__organization",
        "People who have held a position in this organization or a body inside it (slug).",
        method="filter_organization",
    )
    q = NameSearchFilter("name", "aliases")
    ordering = StableOrderingFilter(fields=["name"])

    class Meta:
        model = Person
        fields = []

    def filter_organization(self, queryset, name, organization):
        positions = Position.objects.filter(
            person=OuterRef("pk"), organization__in=self_and_descendant_ids(organization)
        )
        return queryset.filter(Exists(positions))


class EventFilterSet(django_filters.FilterSet):
    date_after = django_filters.DateFilter(
        method="filter_date_after", help_text="Events still going on this day or later."
    )
    date_before = django_filters.DateFilter(
        method="filter_date_before", help_text="Events that start before this day."
    )
    person = slug_filter(
        Person.objects.all(),
        "participants",
        "person",
        "Events this person took part in (slug).",
        method="filter_person",
    )
    place = place_filter(
        "place", "Events at this place or a place inside it (slug).", method="filter_place"
    )
    organization = organization_filter(
        "organization",
        "Events convened by this organization or a body inside it (slug).",
        method="filter_organization",
    )
    series = slug_filter(
        EventSeries.objects.all(), "series", "event series", "Events of this series (slug)."
    )
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Event.Status.choices)
    q = NameSearchFilter("title", "aliases")
    ordering = StableOrderingFilter(fields=["start_date", "title"])

    class Meta:
        model = Event
        fields = []

    def filter_date_after(self, queryset, name, day):
        # A one-day event has no end date: it ends when it starts.
        return queryset.filter(Q(end_date__gte=day) | Q(end_date__isnull=True, start_date__gte=day))

    def filter_date_before(self, queryset, name, day):
        return queryset.filter(start_date__lt=day)

    def filter_person(self, queryset, name, person):
        return queryset.filter(pk__in=Participation.objects.filter(person=person).values("event"))

    def filter_place(self, queryset, name, place):
        return queryset.filter(place__in=self_and_descendant_ids(place))

    def filter_organization(self, queryset, name, organization):
        return queryset.filter(organization__in=self_and_descendant_ids(organization))


class AgreementFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices)
    party = country_filter(
        "parties__country", "Agreements this country is a party to (slug).", method="filter_party"
    )
    party_status = django_filters.ChoiceFilter(
        choices=AgreementParty.Status.choices,
        method="filter_party_status",
        help_text="Agreements with a party at this status; with `party`, that party's status.",
    )
    event = slug_filter(
        Event.objects.all(), "adopted_at", "event", "Agreements signed or adopted at this event."
    )
    signed_after = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="gte", help_text="Signed on this day or later."
    )
    signed_before = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="lt", help_text="Signed before this day."
    )
    q = NameSearchFilter("title", "short_title", "aliases")
    ordering = StableOrderingFilter(fields=["signed_on", "title"])

    class Meta:
        model = Agreement
        fields = []

    def filter_party(self, queryset, name, country):
        # With `party_status`, both describe the same party row: "Uzbekistan has ratified",
        # not "Uzbekistan is a party and some country has ratified".
        status = self.form.cleaned_data.get("party_status")
        return self.with_party(queryset, country=country, status=status)

    def filter_party_status(self, queryset, name, status):
        if self.form.cleaned_data.get("party"):
            return queryset  # filter_party has applied both
        return self.with_party(queryset, status=status)

    @staticmethod
    def with_party(queryset, **conditions):
        conditions = {field: value for field, value in conditions.items() if value}
        parties = AgreementParty.objects.filter(agreement=OuterRef("pk"), **conditions)
        return queryset.filter(Exists(parties))
