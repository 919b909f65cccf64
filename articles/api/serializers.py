"""How the API shows stories and sections (the desk's tools write stories: desk.py).

Public serializers show published stories only (the views' querysets go through
`Article.objects.published()`, and so do the related stories prefetched here).
"""

import mimetypes

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.links import StoriesAboutItMixin, StoryLinkSerializer
from articles.entity_links import ENTITY_LINKS
from articles.models import Agency, Article, Correction, Image, Quote, Section
from articles.rendering import kept_resolved_body
from core.api_support.fields import (
    ApiUrlField,
    HtmlUrlField,
    PrefetchedListSerializer,
    WebsiteField,
)
from events.api.links import (
    AgreementLinkSerializer,
    EventLinkSerializer,
    OrganizationLinkSerializer,
    PersonLinkSerializer,
    PlaceLinkSerializer,
)

# Sections

# The entities a story links to, each kind's field (people, events… without related stories).
LINK_FIELDS_OF_KINDS = [link.field for link in ENTITY_LINKS]


class SectionLinkSerializer(serializers.ModelSerializer):
    url = ApiUrlField("section-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Section
        fields = ["slug", "name", "url", "html_url"]


class SectionSerializer(SectionLinkSerializer):
    class Meta(SectionLinkSerializer.Meta):
        fields = ["slug", "name", "description", "position", "url", "html_url"]

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset


class SectionDetailSerializer(StoriesAboutItMixin, SectionSerializer):
    stories_link = "section"
    stories_filter = "section"

    class Meta(SectionSerializer.Meta):
        fields = [*SectionSerializer.Meta.fields, "story_count", "stories", "stories_url"]

    @classmethod
    def optimize_queryset(cls, queryset):
        return cls.with_published_stories(queryset)


# What a story shows beside its words


class AgencySerializer(serializers.ModelSerializer):
    website = WebsiteField()

    class Meta:
        model = Agency
        fields = ["name", "short_name", "website"]


class ImageRenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    url = serializers.URLField()


def rendition_links(image, absolute):
    """An image's scaled copies, narrowest first: [{"width": 640, "url": …}], `absolute(path)`
    making each address absolute."""
    storage = image.file.storage
    return [
        {"width": int(width), "url": absolute(storage.url(name))}
        for width, name in sorted(image.renditions.items(), key=lambda item: int(item[0]))
    ]


class LeadImageSerializer(serializers.ModelSerializer):
    url = serializers.ImageField(source="file", read_only=True, help_text="The original.")
    content_type = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()

    class Meta:
        model = Image
        fields = [
            "url",
            "content_type",
            "width",
            "height",
            "alt_text",
            "caption",
            "credit",
            "renditions",
        ]

    def get_content_type(self, image) -> str | None:
        return mimetypes.guess_type(image.file.name)[0]

    @extend_schema_field(ImageRenditionSerializer(many=True))
    def get_renditions(self, image):
        """Scaled copies, narrowest first, for `srcset`; the original is `url`."""
        return rendition_links(image, self.context["request"].build_absolute_uri)


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        list_serializer_class = PrefetchedListSerializer
        fields = ["kind", "text", "published_at"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = PersonLinkSerializer(
        read_only=True, allow_null=True, help_text="Null when an institution spoke."
    )
    speaker_name = serializers.CharField(source="speaker_label", read_only=True)
    event = EventLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Quote
        fields = ["text", "speaker", "speaker_name", "event"]


# Stories


class ArticleSerializer(serializers.ModelSerializer):
    """A story in a list: everything but its body, quotes and related stories."""

    section = SectionLinkSerializer(read_only=True, allow_null=True)
    agency = AgencySerializer(read_only=True, allow_null=True, help_text="The agency credited.")
    dateline = PlaceLinkSerializer(source="dateline_place", read_only=True, allow_null=True)
    lead_image = LeadImageSerializer(read_only=True, allow_null=True)
    people = PersonLinkSerializer(many=True, read_only=True)
    events = EventLinkSerializer(many=True, read_only=True)
    agreements = AgreementLinkSerializer(many=True, read_only=True)
    places = PlaceLinkSerializer(many=True, read_only=True)
    organizations = OrganizationLinkSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)
    url = ApiUrlField("article-detail")
    html_url = HtmlUrlField()
    ninjs_url = ApiUrlField("article-ninjs", help_text="This story as IPTC ninjs.")

    class Meta:
        model = Article
        fields = [
            "slug",
            "headline",
            "summary",
            "section",
            "agency",
            "dateline",
            "bylines",
            "language",
            "published_at",
            "updated_at",
            "lead_image",
            *LINK_FIELDS_OF_KINDS,  # what a story links to (articles/entity_links.py)
            "corrections",
            "url",
            "html_url",
            "ninjs_url",
        ]

    # The rows a story is read with; what it links to comes apart (prefetched here, read as
    # plain rows by articles/api/entries.py).
    JOINED = ("section", "agency", "dateline_place", "lead_image")

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.select_related(*cls.JOINED).prefetch_related(
            *LINK_FIELDS_OF_KINDS, "corrections"
        )


class ArticleDetailSerializer(ArticleSerializer):
    """A whole story: its body, its quotes and the published stories related to it."""

    body = serializers.SerializerMethodField(
        help_text="Sanitised HTML; links to people, events and agreements and library pictures "
        "as they are now, with absolute addresses."
    )
    quotes = QuoteSerializer(many=True, read_only=True)
    related_articles = StoryLinkSerializer(
        source="published_related", many=True, read_only=True, help_text="Published ones only."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "quotes", "related_articles"]

    def get_body(self, article) -> str:
        return kept_resolved_body(article, self.context["request"])

    @classmethod
    def optimize_queryset(cls, queryset):
        return (
            super()
            .optimize_queryset(queryset)
            .prefetch_related(
                Prefetch("quotes", queryset=Quote.objects.select_related("speaker", "event")),
                Prefetch(
                    "related_articles",
                    queryset=Article.objects.published().latest_first(),
                    to_attr="published_related",
                ),
            )
        )


# The desk's write API
