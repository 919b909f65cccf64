"""The API's URLs: one router for every app's endpoints, the OpenAPI schema and its docs."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework import permissions, routers
from rest_framework.reverse import reverse

from articles.api.views import ArticleViewSet, DeskArticleViewSet, SectionViewSet
from core.api_support.throttling import AnonymousReadThrottle
from core.api_support.viewsets import not_found
from events.api.views import (
    AgreementViewSet,
    CountryViewSet,
    EventViewSet,
    OrganizationViewSet,
    PersonViewSet,
    PlaceViewSet,
)
from live.api.views import LiveEntryViewSet


class ApiRootView(routers.APIRootView):
    """Newsroom's API: every collection, the OpenAPI schema and the interactive docs."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonymousReadThrottle]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {
            **response.data,
            "schema": reverse("api-schema", request=request),
            "docs": reverse("api-docs", request=request),
        }
        return response


class Router(routers.DefaultRouter):
    APIRootView = ApiRootView
    # One address per resource: no `/api/articles.json` beside `/api/articles/`.
    include_format_suffixes = False


router = Router()
router.register("articles", ArticleViewSet, basename="article")
router.register("sections", SectionViewSet, basename="section")
router.register("people", PersonViewSet, basename="person")
router.register("events", EventViewSet, basename="event")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("places", PlaceViewSet, basename="place")
router.register("countries", CountryViewSet, basename="country")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("desk/articles", DeskArticleViewSet, basename="desk-article")

urlpatterns = [
    *router.urls,
    path(
        "articles/<slug:article_slug>/entries/",
        LiveEntryViewSet.as_view({"get": "list"}),
        name="article-live-entries",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        # Swagger UI's page carries one inline <style> block; inline script stays forbidden.
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    # Last: any other address under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^(?P<unmatched>[\s\S]*)$", not_found),  # [\s\S]: even a newline
]
