"""The world's objects as links: a few fields and where to find more (what a story shows of
the people, events… it mentions). They know no story: the stories' serializers use them."""

from rest_framework import serializers

from core.api_support.fields import (
    ApiUrlField,
    HtmlUrlField,
    PrefetchedListSerializer,
)
from events.models import (
    Agreement,
    Country,
    Event,
    Organization,
    Person,
    Place,
)


class CountryLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("country-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Country
        fields = ["slug", "name", "iso_code", "url", "html_url"]


class OrganizationLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("organization-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Organization
        list_serializer_class = PrefetchedListSerializer
        fields = ["slug", "name", "short_name", "url", "html_url"]


class PlaceLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("place-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Place
        list_serializer_class = PrefetchedListSerializer
        fields = ["slug", "name", "kind", "url", "html_url"]


class PersonLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("person-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Person
        list_serializer_class = PrefetchedListSerializer
        fields = ["slug", "name", "url", "html_url"]


class EventLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("event-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Event
        list_serializer_class = PrefetchedListSerializer
        fields = ["slug", "title", "start_date", "url", "html_url"]


class AgreementLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("agreement-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Agreement
        list_serializer_class = PrefetchedListSerializer
        fields = ["slug", "title", "short_title", "url", "html_url"]
