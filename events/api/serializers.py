"""How the API shows countries, organizations, places, people, events and agreements.

Three sizes for each: a *link* (links.py: a few fields and where to find more, what a story
shows of the people it mentions), the *list* entry, and the *item* with everything, including
the latest published stories about it. Each list or item serializer's `optimize_queryset()`
loads what it shows, in a fixed number of queries however many rows are on the page.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.links import StoriesAboutItMixin
from core.api_support.fields import (
    WebsiteField,
)
from events.api.links import (
    AgreementLinkSerializer,
    CountryLinkSerializer,
    EventLinkSerializer,
    OrganizationLinkSerializer,
    PersonLinkSerializer,
    PlaceLinkSerializer,
)
from events.models import (
    AgreementParty,
    Event,
    EventSeries,
    Participation,
    Position,
)
from events.ratification import with_ratification_counts


class EventSeriesSerializer(serializers.ModelSerializer):
    """A recurring kind of event; its events are `/api/events/?series=<slug>`."""

    class Meta:
        model = EventSeries
        fields = ["slug", "name"]


def aliases_field():
    return serializers.ListField(
        source="alias_list",
        child=serializers.CharField(),
        read_only=True,
        help_text="Other names stories use for it.",
    )


# Countries


class CountrySerializer(CountryLinkSerializer):
    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset


class CountryDetailSerializer(CountrySerializer):
    organizations = OrganizationLinkSerializer(
        many=True, read_only=True, help_text="Organizations it is a member of."
    )

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "organizations"]

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.prefetch_related("organizations")


# Organizations


class OrganizationSerializer(OrganizationLinkSerializer):
    parent = OrganizationLinkSerializer(
        read_only=True, allow_null=True, help_text="The body it belongs to."
    )
    website = WebsiteField()

    class Meta(OrganizationLinkSerializer.Meta):
        fields = ["slug", "name", "short_name", "parent", "website", "url", "html_url"]

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.select_related("parent")


class OrganizationDetailSerializer(StoriesAboutItMixin, OrganizationSerializer):
    aliases = aliases_field()
    member_countries = CountryLinkSerializer(many=True, read_only=True)
    children = OrganizationLinkSerializer(
        many=True, read_only=True, help_text="Bodies that belong to it."
    )
    stories_link = "organizations"
    stories_filter = "organization"

    class Meta(OrganizationSerializer.Meta):
        fields = [
            *OrganizationSerializer.Meta.fields,
            "description",
            "aliases",
            "member_countries",
            "children",
            "story_count",
            "stories",
            "stories_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        queryset = (
            super().optimize_queryset(queryset).prefetch_related("member_countries", "children")
        )
        return cls.with_published_stories(queryset)


# Places


class PlaceSerializer(PlaceLinkSerializer):
    parent = PlaceLinkSerializer(read_only=True, allow_null=True, help_text="The place it is in.")
    country = CountryLinkSerializer(read_only=True, allow_null=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, read_only=True, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, read_only=True, allow_null=True
    )

    class Meta(PlaceLinkSerializer.Meta):
        fields = [
            "slug",
            "name",
            "kind",
            "parent",
            "country",
            "latitude",
            "longitude",
            "url",
            "html_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.select_related("parent", "country")


class PlaceDetailSerializer(StoriesAboutItMixin, PlaceSerializer):
    aliases = aliases_field()
    children = PlaceLinkSerializer(many=True, read_only=True, help_text="Places inside it.")
    stories_link = "places"
    stories_filter = "place"

    class Meta(PlaceSerializer.Meta):
        fields = [
            *PlaceSerializer.Meta.fields,
            "aliases",
            "children",
            "story_count",
            "stories",
            "stories_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        queryset = super().optimize_queryset(queryset).prefetch_related("children")
        return cls.with_published_stories(queryset)


# People


class PositionSerializer(serializers.ModelSerializer):
    organization = OrganizationLinkSerializer(read_only=True, allow_null=True)
    country = CountryLinkSerializer(read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True, help_text="Still held.")

    class Meta:
        model = Position
        fields = ["title", "organization", "country", "start_date", "end_date", "is_current"]


class PersonSerializer(PersonLinkSerializer):
    country = CountryLinkSerializer(read_only=True, allow_null=True)
    photo = serializers.ImageField(read_only=True, allow_null=True, help_text="Null when none.")
    positions = PositionSerializer(
        many=True, read_only=True, help_text="Positions held, the current ones first."
    )

    class Meta(PersonLinkSerializer.Meta):
        fields = ["slug", "name", "country", "photo", "positions", "url", "html_url"]

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.select_related("country").prefetch_related(
            Prefetch(
                "positions", queryset=Position.objects.select_related("organization", "country")
            )
        )


class PersonParticipationSerializer(serializers.ModelSerializer):
    event = EventLinkSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["event", "role"]


class PersonDetailSerializer(StoriesAboutItMixin, PersonSerializer):
    aliases = aliases_field()
    participations = PersonParticipationSerializer(
        many=True, read_only=True, help_text="Events they took part in, and their role."
    )
    stories_link = "people"
    stories_filter = "person"

    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields,
            "aliases",
            "bio",
            "photo_credit",
            "participations",
            "story_count",
            "stories",
            "stories_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        queryset = (
            super()
            .optimize_queryset(queryset)
            .prefetch_related(
                Prefetch(
                    "participations",
                    queryset=Participation.objects.select_related("event").order_by(
                        "-event__start_date", "event__title"
                    ),
                )
            )
        )
        return cls.with_published_stories(queryset)


# Events


class EventSerializer(EventLinkSerializer):
    end_date = serializers.DateField(
        read_only=True, allow_null=True, help_text="Null for a one-day event."
    )
    place = PlaceLinkSerializer(read_only=True, allow_null=True)
    organization = OrganizationLinkSerializer(
        read_only=True, allow_null=True, help_text="Who convenes it."
    )
    series = EventSeriesSerializer(read_only=True, allow_null=True)
    parent = EventLinkSerializer(
        read_only=True, allow_null=True, help_text="The larger event it is part of."
    )

    class Meta(EventLinkSerializer.Meta):
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "place",
            "organization",
            "series",
            "parent",
            "url",
            "html_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.select_related("place", "organization", "series", "parent")


class EventParticipantSerializer(serializers.ModelSerializer):
    person = PersonLinkSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["person", "role"]


class EventDetailSerializer(StoriesAboutItMixin, EventSerializer):
    aliases = aliases_field()
    participants = EventParticipantSerializer(
        source="participations", many=True, read_only=True, help_text="Who took part, and how."
    )
    agreements = AgreementLinkSerializer(
        many=True, read_only=True, help_text="Agreements signed or adopted there."
    )
    parts = EventLinkSerializer(
        source="children", many=True, read_only=True, help_text="Events that are part of it."
    )
    previous_in_series = serializers.SerializerMethodField()
    next_in_series = serializers.SerializerMethodField()
    stories_link = "events"
    stories_filter = "event"

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "summary",
            "aliases",
            "participants",
            "agreements",
            "parts",
            "previous_in_series",
            "next_in_series",
            "story_count",
            "stories",
            "stories_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        queryset = (
            super()
            .optimize_queryset(queryset)
            .prefetch_related(
                Prefetch("participations", queryset=Participation.objects.select_related("person")),
                "agreements",
                "children",
            )
        )
        return cls.with_published_stories(queryset)

    # One query each, on an item only: a list never shows them.

    def _neighbour(self, event, later):
        if event.series_id is None or event.start_date is None:
            return None
        lookup, order = (
            ("start_date__gt", "start_date") if later else ("start_date__lt", "-start_date")
        )
        neighbour = (
            Event.objects.filter(series_id=event.series_id, **{lookup: event.start_date})
            .order_by(order, "title")
            .first()
        )
        return EventLinkSerializer(neighbour, context=self.context).data if neighbour else None

    @extend_schema_field(EventLinkSerializer(allow_null=True))
    def get_previous_in_series(self, event):
        return self._neighbour(event, later=False)

    @extend_schema_field(EventLinkSerializer(allow_null=True))
    def get_next_in_series(self, event):
        return self._neighbour(event, later=True)


# Agreements


class AgreementSerializer(AgreementLinkSerializer):
    adopted_at = EventLinkSerializer(
        read_only=True, allow_null=True, help_text="Where it was signed or adopted."
    )
    party_count = serializers.IntegerField(read_only=True, help_text="Countries party to it.")
    ratified_count = serializers.IntegerField(
        read_only=True, help_text="Parties it binds: ratified or acceded."
    )

    class Meta(AgreementLinkSerializer.Meta):
        fields = [
            "slug",
            "title",
            "short_title",
            "kind",
            "signed_on",
            "period_start",
            "period_end",
            "adopted_at",
            "party_count",
            "ratified_count",
            "url",
            "html_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        return with_ratification_counts(queryset.select_related("adopted_at"))


class AgreementPartySerializer(serializers.ModelSerializer):
    country = CountryLinkSerializer(read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["country", "status", "signed_on", "ratified_on"]


class AgreementDetailSerializer(StoriesAboutItMixin, AgreementSerializer):
    aliases = aliases_field()
    parties = AgreementPartySerializer(
        many=True, read_only=True, help_text="Each country's signature and ratification."
    )
    initiators = PersonLinkSerializer(many=True, read_only=True)
    stories_link = "agreements"
    stories_filter = "agreement"

    class Meta(AgreementSerializer.Meta):
        fields = [
            *AgreementSerializer.Meta.fields,
            "summary",
            "aliases",
            "parties",
            "initiators",
            "story_count",
            "stories",
            "stories_url",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        queryset = (
            super()
            .optimize_queryset(queryset)
            .prefetch_related(
                Prefetch("parties", queryset=AgreementParty.objects.select_related("country")),
                "initiators",
            )
        )
        return cls.with_published_stories(queryset)
