"""The base every public read endpoint builds on, and the API's own small views."""

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError

from core.api_support.caching import ConditionalGetMixin, cache_seconds
from core.api_support.filters import StrictFilterBackend, check_query_params, with_total_order
from core.api_support.pagination import PageNumberPagination
from core.api_support.throttling import AnonymousReadThrottle
from core.caching import public_page


class StrictQueryParamsMixin:
    """Lists take the parameters their FilterSet and pagination declare; items, found by their
    key alone, take only `format` and those listed for their action in `item_query_params`.
    Anything else is a 400, never silently ignored. Also: an unknown `?format=` is a 400."""

    # {action: (parameter, …)} for items: `{"ninjs": ("ninjs_version",)}`.
    item_query_params = {}

    def filter_queryset(self, queryset):
        if self.action == "list":
            return super().filter_queryset(queryset)
        check_query_params(self.request, self.item_query_params.get(self.action, ()))
        return queryset

    def perform_content_negotiation(self, request, force=False):
        # DRF answers an unknown `?format=` with a bare 404, as if the item did not exist.
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            offered = ", ".join(sorted({renderer.format for renderer in self.get_renderers()}))
            raise ValidationError(
                {"format": [f"Unknown format. This endpoint offers: {offered}."]}
            ) from None


class PublicReadOnlyViewSet(
    StrictQueryParamsMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet
):
    """A collection anyone may read, and its items by slug.

    Anonymous by design: what the API shows does not depend on who asks, so every response
    may be cached by any cache, and nobody needs a session or a token to read.

    Subclasses set `queryset` (or override `base_queryset()`), `filterset_class`,
    `list_serializer_class` for the collection (compact) and `serializer_class` for the item
    (complete). Each serializer's `optimize_queryset()` loads what it shows, so a page costs a
    fixed number of queries whatever its size.
    """

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonymousReadThrottle]
    filter_backends = [StrictFilterBackend]
    pagination_class = PageNumberPagination
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    list_serializer_class = None

    def base_queryset(self):
        """Every row the public may see, before filters and optimisation."""
        return self.queryset.all()

    def get_queryset(self):
        queryset = self.get_serializer_class().optimize_queryset(self.base_queryset())
        return with_total_order(queryset)

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """The endpoint behind the page cache: an anonymous read that another reader asked for
        since the last content change is answered without running DRF at all."""
        view = super().as_view(actions, **initkwargs)

        def count_cached_read(request, *args, **kwargs):
            # The rate limit counts every read, cached or not; a refused client gets the
            # view's own answer (the endpoint refuses it again, with DRF's 429 and Retry-After).
            for throttle in cls.throttle_classes:
                if not throttle().allow_request(request, None):
                    return view(request, *args, **kwargs)
            return None

        return public_page(
            view,
            on_cached_hit=count_cached_read,
            max_age=cache_seconds,
            vary_on=("HTTP_ACCEPT",),  # the format a client asks for may change the answer
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A partner's page may read the API from the browser: nothing here depends on cookies
        # or credentials, so any origin may, errors and validators included.
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response


def documented(noun, plural):
    """The docs' summaries and grouping for a collection and its items."""
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}", tags=[plural]),
        retrieve=extend_schema(summary=f"One {noun}, by slug", tags=[plural]),
    )


@csrf_exempt  # a PUT to a wrong address is a 404, not a CSRF page: nothing is written here
def not_found(request, unmatched=""):
    """Any /api/ address that names no endpoint: a JSON 404, like the endpoints' own."""
    return JsonResponse(
        {"detail": f"There is no API endpoint at {request.path}. The API root lists them all."},
        status=404,
    )
