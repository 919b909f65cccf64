"""A live story's entries in the API: `/api/articles/<slug>/entries/`, newest first, paged by
cursor, `?since=<entry id>` for what is newer than the entries a client holds."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from articles.models import Article
from core.api_support.pagination import KeysetCursorPagination
from core.api_support.viewsets import PublicReadOnlyViewSet
from live.models import LiveEntry


class LiveEntrySerializer(serializers.ModelSerializer):
    html_url = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()

    class Meta:
        model = LiveEntry
        fields = [
            "id",
            "html_url",
            "created_at",
            "edited_at",
            "author_name",
            "body",
            "quote",
            "quote_by",
            "image",
            "is_key_event",
            "key_event_title",
        ]

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.select_related("image")

    def get_html_url(self, entry) -> str:
        path = f"{self.context['article'].get_absolute_url()}#entry-{entry.pk}"
        return self.context["request"].build_absolute_uri(path)

    def get_image(self, entry) -> str | None:
        if entry.image is None:
            return None
        return self.context["request"].build_absolute_uri(entry.image.file.url)


class LiveEntryFilterSet(django_filters.FilterSet):
    since = django_filters.NumberFilter(
        field_name="pk",
        lookup_expr="gt",
        min_value=0,
        label="Only entries newer than this entry id (the newest one you hold).",
    )

    class Meta:
        model = LiveEntry
        fields = []


@extend_schema(
    summary="A published live story's entries",
    tags=["stories"],
    responses={
        200: LiveEntrySerializer(many=True),
        404: OpenApiResponse(description="No such published live story."),
    },
)
class LiveEntryViewSet(PublicReadOnlyViewSet):
    """Entries of a published live story, newest first; deleted entries are never shown."""

    list_serializer_class = LiveEntrySerializer
    serializer_class = LiveEntrySerializer
    filterset_class = LiveEntryFilterSet
    pagination_class = KeysetCursorPagination
    lookup_field = "pk"

    def article(self):
        if not hasattr(self, "_article"):
            self._article = get_object_or_404(
                Article.objects.published().filter(live_coverage__isnull=False),
                slug=self.kwargs["article_slug"],
            )
        return self._article

    def base_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LiveEntry.objects.none()
        return LiveEntry.objects.visible().filter(coverage_id=self.article().pk).order_by("-pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["article"] = self.article()
        return context
