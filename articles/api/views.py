"""Stories and sections: the public read API (with ninjs) and the desk's write API."""

from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles import story_pages, workflow
from articles.api import ninjs
from articles.api.filters import ArticleFilterSet, DeskArticleFilterSet, SectionFilterSet
from articles.api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    DeskArticleCreateSerializer,
    DeskArticleEditSerializer,
    DeskArticleSerializer,
    SectionDetailSerializer,
    SectionSerializer,
)
from articles.models import Article, Section
from newsroom.api_support.caching import set_last_modified
from newsroom.api_support.filters import StrictFilterBackend
from newsroom.api_support.pagination import KeysetCursorPagination, PageNumberPagination
from newsroom.api_support.throttling import DeskUserThrottle
from newsroom.api_support.views import PublicReadOnlyViewSet, StrictQueryParamsMixin, documented


@documented("section", "sections")
class SectionViewSet(PublicReadOnlyViewSet):
    """The site's sections, in navigation order."""

    queryset = Section.objects.all()
    list_serializer_class = SectionSerializer
    serializer_class = SectionDetailSerializer
    filterset_class = SectionFilterSet


def last_changed(article):
    """When the story itself last changed for a reader: an edit, or going public."""
    return max(article.updated_at, article.published_at)


@extend_schema_view(
    list=extend_schema(
        summary="List published stories",
        description="Newest first; pages follow `next` (a cursor), never page numbers, so a "
        "deep page costs what the first does.",
        tags=["stories"],
    ),
    retrieve=extend_schema(summary="One published story, by slug", tags=["stories"]),
)
class ArticleViewSet(PublicReadOnlyViewSet):
    """Published stories, with the people, events, agreements, places and organizations they
    are about. Drafts, scheduled and withdrawn stories are never shown."""

    list_serializer_class = ArticleSerializer
    serializer_class = ArticleDetailSerializer
    filterset_class = ArticleFilterSet
    pagination_class = KeysetCursorPagination
    item_query_params = {"ninjs": ("ninjs_version",)}

    def base_queryset(self):
        # A method, not a `queryset` attribute: published() reads the clock at every request.
        return Article.objects.published()

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "ninjs":  # a live story's entries join its ninjs (story_pages.py)
            queryset = queryset.select_related(*story_pages.related_names())
        return queryset

    def get_serializer_class(self):
        if self.action == "ninjs":
            # ninjs needs the links a list entry loads, not the item's quotes and related stories.
            return ArticleSerializer
        return super().get_serializer_class()

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        response = Response(self.get_serializer(article).data)
        set_last_modified(response, last_changed(article))
        return response

    @extend_schema(
        summary="One published story as IPTC ninjs",
        tags=["stories"],
        parameters=[
            OpenApiParameter(
                "ninjs_version",
                str,
                enum=list(ninjs.VERSIONS),
                default=ninjs.DEFAULT_VERSION,
                description="The version of the standard to answer in.",
            )
        ],
        responses={200: ninjs.NINJS_RESPONSE_SCHEMA},
    )
    @action(detail=True, url_path="ninjs", url_name="ninjs")
    def ninjs(self, request, slug=None):
        version = request.query_params.get("ninjs_version") or ninjs.DEFAULT_VERSION
        if version not in ninjs.VERSIONS:
            raise ValidationError(
                {"ninjs_version": [f"Choose one of: {', '.join(ninjs.VERSIONS)}."]}
            )
        article = self.get_object()
        response = Response(ninjs.ninjs_document(article, request, version))
        set_last_modified(response, last_changed(article))
        return response


class DeskPermission(permissions.BasePermission):
    """The admin's rules (`articles/workflow.py`): reporters write and edit their own drafts,
    editors everything. Which statuses and times a write may set is checked by the serializer,
    which sees what the write asks for."""

    message = "Your account may not do this: reporters write and edit their own drafts."

    def has_permission(self, request, view):
        if request.method == "POST":
            return workflow.can_create(request.user)
        return request.user.is_active and request.user.has_perm("articles.change_article")

    def has_object_permission(self, request, view, article):
        if request.method in permissions.SAFE_METHODS:
            return True
        return workflow.can_edit(request.user, article)


@extend_schema_view(
    list=extend_schema(summary="List the stories you may work on", tags=["desk"]),
    retrieve=extend_schema(summary="One story, in any state", tags=["desk"]),
    create=extend_schema(summary="Write a story", tags=["desk"]),
    update=extend_schema(summary="Replace a story", tags=["desk"]),
    partial_update=extend_schema(
        summary="Change a story, or move it through the workflow", tags=["desk"]
    ),
)
class DeskArticleViewSet(
    StrictQueryParamsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The desk's tools: every state, by id, with a token. Editors see every story; a
    reporter sees their own. Never cached: what it shows depends on who asks."""

    serializer_class = DeskArticleSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated, DeskPermission]
    throttle_classes = [DeskUserThrottle]
    filter_backends = [StrictFilterBackend]
    filterset_class = DeskArticleFilterSet
    pagination_class = PageNumberPagination
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return Article.objects.none()
        user = self.request.user
        if user.has_perm("articles.edit_any_article"):
            stories = Article.objects.all()
        else:
            stories = Article.objects.filter(created_by=user)
        return DeskArticleSerializer.optimize_queryset(stories).order_by("-updated_at", "-pk")

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return DeskArticleEditSerializer
        if self.action == "create":
            return DeskArticleCreateSerializer
        return DeskArticleSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response
