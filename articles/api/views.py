"""Stories and sections: the public read API (with ninjs) and the desk's write API."""

import hashlib
from functools import partial

from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from articles import workflow
from articles.api import entries, ninjs
from articles.api.desk import (
    DeskArticleCreateSerializer,
    DeskArticleEditSerializer,
    DeskArticleSerializer,
)
from articles.api.filters import ArticleFilterSet, DeskArticleFilterSet, SectionFilterSet
from articles.api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    SectionDetailSerializer,
    SectionSerializer,
)
from articles.models import Article, Section
from articles.story_page import kinds as story_kinds
from core.api_support.caching import set_last_modified
from core.api_support.filters import (
    ALWAYS_ACCEPTED,
    StrictFilterBackend,
    check_query_params,
    with_total_order,
)
from core.api_support.pagination import (
    PAGE_SIZE_PARAM,
    KeysetCursorPagination,
    PageNumberPagination,
)
from core.api_support.rendering import KeptJSONRenderer, RenderedJSON
from core.api_support.throttling import DeskUserThrottle
from core.api_support.viewsets import PublicReadOnlyViewSet, StrictQueryParamsMixin, documented
from core.caching import fragments


@documented("section", "sections")
class SectionViewSet(PublicReadOnlyViewSet):
    """The site's sections, in navigation order."""

    queryset = Section.objects.all()
    list_serializer_class = SectionSerializer
    serializer_class = SectionDetailSerializer
    filterset_class = SectionFilterSet


# What the first page of all stories may be asked with (and no filter, nor a cursor).
FIRST_PAGE_PARAMS = ALWAYS_ACCEPTED | {PAGE_SIZE_PARAM}


def digest(address):
    """A short name for what a reader asked for: a slug or a query string may be longer than
    a cache key may be (250 characters for memcached, which Django warns about)."""
    return hashlib.sha256(address.encode()).hexdigest()


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
    retrieve=extend_schema(
        summary="One published story, by slug",
        description="One story with everything it is linked to, its quotes and its related "
        "stories.",
        tags=["stories"],
    ),
)
class ArticleViewSet(PublicReadOnlyViewSet):
    """Published stories, with the people, events, agreements, places and organizations they
    are about. Drafts, scheduled and withdrawn stories are never shown."""

    list_serializer_class = ArticleSerializer
    serializer_class = ArticleDetailSerializer
    filterset_class = ArticleFilterSet
    pagination_class = KeysetCursorPagination
    item_query_params = {"ninjs": ("ninjs_version",)}
    # Sends the JSON kept with a page or item as it was rendered (api_support/rendering.py).
    renderer_classes = [KeptJSONRenderer]

    def base_queryset(self):
        # A method, not a `queryset` attribute: published() reads the clock at every request.
        return Article.objects.published()

    def get_serializer_class(self):
        if self.action == "ninjs":
            # ninjs needs the links a list entry loads, not the item's quotes and related stories.
            return ArticleSerializer
        return super().get_serializer_class()

    def list(self, request, *args, **kwargs):
        """A page of stories. For readers, the first page asked for without filters is made
        once per change and address: a fragment under the keys of everything it shows, its
        list's (`a`, which a new story purges) among them, and no later than the next
        scheduled story becomes due. Other pages are made of entries kept one by one
        (`page_of_entries`)."""
        if request.user.is_authenticated:
            return super().list(request, *args, **kwargs)
        if request.query_params.keys() <= FIRST_PAGE_PARAMS:
            # An address whose page was made was valid (a bad page size is a 400, never
            # kept), and stays valid: its parameters name no row. Only first pages: deep
            # pages, one address per cursor, would fill the cache with pages few read twice.
            name = f"api-story-list:{digest(request.build_absolute_uri())}"
            return Response(fragments.fragment(name, self.rendered_page_of_entries))
        return Response(self.page_of_entries())

    def rendered_page_of_entries(self):
        return RenderedJSON(self.page_of_entries())

    def page_of_entries(self):
        """The page's data, each entry made once per change and site address for readers (a
        fragment under the keys of the rows it shows); only the entries to make have their
        relations read, and they are written as plain dicts (`entries.py`: the serializers'
        output, at a fraction of the cost)."""
        request = self.request
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        addresses = entries.Addresses(request)
        names = [f"api-story:{article.pk}:{addresses.host}/" for article in page]
        kept = fragments.kept_fragments(names)
        to_make = {name: article for article, name in zip(page, names, strict=True)}
        to_make = {name: article for name, article in to_make.items() if name not in kept}
        # (Nothing to make, nothing to read: a page whose entries are all kept reads no link.)
        ids = [article.pk for article in to_make.values()]
        links = entries.links_of_stories(ids, addresses) if ids else {}
        kept.update(
            fragments.remake_many(
                {
                    name: partial(entries.story_entry, article, links, addresses)
                    for name, article in to_make.items()
                }
            )
        )
        return self.get_paginated_response([kept[name] for name in names]).data

    def retrieve(self, request, *args, **kwargs):
        """One story; for readers made once per change, slug and site address (a fragment
        under the keys of everything it shows, the story's own among them: a new slug, a
        withdrawal or an edit purges it), so a reader who comes after the first reads no row."""
        if request.user.is_authenticated or self.action != "retrieve":
            data, changed = self.story_item()
        else:
            # The parameters first: a bad one is a 400 whether or not the story is kept.
            check_query_params(request, self.item_query_params.get(self.action, ()))
            slug, base = self.kwargs[self.lookup_field], request.build_absolute_uri("/")
            name = f"api-story-item:{digest(f'{slug} {base}')}"
            data, changed = fragments.fragment(name, self.rendered_story_item)
        response = Response(data)
        set_last_modified(response, changed)
        return response

    def story_item(self):
        """(the story as the item shows it, when it last changed); a 404 when the slug names no
        published story, which no fragment keeps."""
        article = self.get_object()
        return entries.story_item(article, self.request), last_changed(article)

    def rendered_story_item(self):
        data, changed = self.story_item()
        return RenderedJSON(data), changed

    def get_queryset(self):
        if self.action == "retrieve" or (
            self.action == "list" and not self.request.user.is_authenticated
        ):
            # Written by entries.py, which reads the relations itself as plain rows: only the
            # rows a story joins (the serializers' prefetches, built and dropped, cost time).
            return with_total_order(self.base_queryset().select_related(*ArticleSerializer.JOINED))
        queryset = super().get_queryset()
        if (
            self.action == "ninjs"
        ):  # a live story's entries join its ninjs (articles/story_page/kinds.py)
            queryset = queryset.select_related(*story_kinds.related_names())
        return queryset

    @extend_schema(
        summary="One published story as IPTC ninjs",
        tags=["stories"],
        parameters=[
            OpenApiParameter(
                "ninjs_version",
                str,
                enum=[*ninjs.VERSIONS],
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
    # The project's token authentication (settings' REST_FRAMEWORK; accounts/authentication.py).
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
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
