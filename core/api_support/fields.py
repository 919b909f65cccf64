"""Serializer fields every endpoint uses: links to an object's public page and its API item."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.slug_urls import slug_url


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.ReadOnlyField):
    """The object's public page, absolute: its `get_absolute_url()` on the host that asked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "get_absolute_url")
        kwargs.setdefault("help_text", "The public page on the site.")
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # Called directly: DRF would first inspect the method's signature, for every link of
        # every row (a few milliseconds per API page).
        return instance.get_absolute_url()

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value)


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The object's item in this API, found by its slug: `ApiUrlField("person-detail")`."""

    def __init__(self, view_name, **kwargs):
        kwargs.setdefault("lookup_field", "slug")
        kwargs.setdefault("help_text", "This object in the API.")
        super().__init__(view_name=view_name, **kwargs)

    def get_url(self, obj, view_name, request, format):
        return request.build_absolute_uri(slug_url(view_name, obj.slug))

    def to_representation(self, value):
        # A plain string, where DRF's field returns a `Hyperlink`: a string that also holds
        # the object it links to. Rendered, both are the same text; kept in a fragment, the
        # Hyperlink would pickle its object (a story with every prefetched relation), and each
        # reader would unpickle twenty of them for one API page.
        return self.get_url(value, self.view_name, self.context["request"], None)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class WebsiteField(serializers.ReadOnlyField):
    """An optional `url` model field: null when there is none, rather than an empty string
    that is not a URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "url")
        kwargs.setdefault("help_text", "Its own website, if known.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class PrefetchedListSerializer(serializers.ListSerializer):
    """A nested list (`people = PersonLinkSerializer(many=True)`) read from the rows that
    `prefetch_related()` loaded, when it did.

    DRF would reach them through `story.people.all()`: a new related manager and a cloned
    queryset for every list of every row, a fifth of the time an API page takes. Set it as
    `list_serializer_class` in a link serializer's Meta.
    """

    def get_attribute(self, instance):
        prefetched = getattr(instance, "_prefetched_objects_cache", {})
        if self.source in prefetched:
            return prefetched[self.source]  # an evaluated queryset: iterated, not queried
        return super().get_attribute(instance)
