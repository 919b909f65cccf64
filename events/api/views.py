"""The public collections of the world the stories report on: anyone may read them."""

from core.api_support.viewsets import PublicReadOnlyViewSet, documented
from events.api import filters, serializers
from events.models import Agreement, Country, Event, Organization, Person, Place


@documented("country", "countries")
class CountryViewSet(PublicReadOnlyViewSet):
    """Countries: the parties to agreements, the home of people and places."""

    queryset = Country.objects.all()
    list_serializer_class = serializers.CountrySerializer
    serializer_class = serializers.CountryDetailSerializer
    filterset_class = filters.CountryFilterSet


@documented("organization", "organizations")
class OrganizationViewSet(PublicReadOnlyViewSet):
    """Organizations: the CIS and its bodies, and whoever else convenes events."""

    queryset = Organization.objects.all()
    list_serializer_class = serializers.OrganizationSerializer
    serializer_class = serializers.OrganizationDetailSerializer
    filterset_class = filters.OrganizationFilterSet


@documented("place", "places")
class PlaceViewSet(PublicReadOnlyViewSet):
    """Places: cities, venues, residences; nested (the Kremlin is in Moscow)."""

    queryset = Place.objects.all()
    list_serializer_class = serializers.PlaceSerializer
    serializer_class = serializers.PlaceDetailSerializer
    filterset_class = filters.PlaceFilterSet


@documented("person", "people")
class PersonViewSet(PublicReadOnlyViewSet):
    """People stories are about, with the positions they hold and have held."""

    queryset = Person.objects.all()
    list_serializer_class = serializers.PersonSerializer
    serializer_class = serializers.PersonDetailSerializer
    filterset_class = filters.PersonFilterSet


@documented("event", "events")
class EventViewSet(PublicReadOnlyViewSet):
    """Events: summits, sessions, visits; with who took part and the stories about them."""

    queryset = Event.objects.all()
    list_serializer_class = serializers.EventSerializer
    serializer_class = serializers.EventDetailSerializer
    filterset_class = filters.EventFilterSet


@documented("agreement", "agreements")
class AgreementViewSet(PublicReadOnlyViewSet):
    """Agreements: treaties, programmes, decisions; each country's signature and ratification."""

    queryset = Agreement.objects.all()
    list_serializer_class = serializers.AgreementSerializer
    serializer_class = serializers.AgreementDetailSerializer
    filterset_class = filters.AgreementFilterSet
