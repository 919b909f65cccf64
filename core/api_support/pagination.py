"""Pagination for every list: page numbers for the small collections, a keyset cursor for stories.

Both refuse what they cannot honour with a 400 naming the parameter, where DRF's own classes
silently fall back to a default page size or answer 404 ("Invalid cursor"). A page past the last
is a 404 that names the last page.
"""

import binascii
import datetime
import json
from base64 import urlsafe_b64decode, urlsafe_b64encode

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, OrderBy, Q
from django.utils import timezone
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.api_support.filters import ends_with_primary_key

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGE_SIZE_PARAM = "page_size"


def _term_name(term):
    """An order_by() term as a field name, "-" first when descending: "-published_at"."""
    if isinstance(term, str):
        return term
    if (
        isinstance(term, OrderBy)
        and isinstance(term.expression, F)
        and not (term.nulls_first or term.nulls_last)
    ):
        return f"{'-' if term.descending else ''}{term.expression.name}"
    raise TypeError(f"Keyset pagination orders by field names, not by {term!r}.")


def page_size_from(request, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE):
    """The `page_size` the client asked for, or a 400 when it is not a number from 1 to 100."""
    raw = request.query_params.get(PAGE_SIZE_PARAM)
    if raw is None:
        return default
    try:
        size = int(raw)
    except ValueError:
        size = None
    if size is None or not 1 <= size <= maximum:
        raise ValidationError(
            {PAGE_SIZE_PARAM: [f"Give a whole number from 1 to {maximum}; “{raw}” is not."]}
        )
    return size


def page_size_schema():
    return {
        "name": PAGE_SIZE_PARAM,
        "required": False,
        "in": "query",
        "description": f"Results per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    }


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2&page_size=50`, with the total `count`: for collections that are small enough
    to count (sections, people, events, …)."""

    page_size_query_param = PAGE_SIZE_PARAM
    max_page_size = MAX_PAGE_SIZE
    query_params = ("page", PAGE_SIZE_PARAM)

    def get_page_size(self, request):
        return page_size_from(request)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError(
                {self.page_query_param: [f"Give a page number from 1; “{raw}” is not one."]}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except pagination.NotFound:
            # The only InvalidPage left once the number is a positive integer: past the end.
            # A 404, not a 400: the request is well formed (the schema allows any page from 1),
            # the page it names just does not exist (yet: the list may grow).
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            number = self.get_page_number(request, None)
            raise NotFound(f"There is no page {number}: the last page is {last}.") from None

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            page_size_schema(),
        ]


class KeysetCursorPagination(pagination.BasePagination):
    """`?cursor=…`: each page starts strictly after the last story of the page before.

    The cursor holds the sort values of that last story (publication time and id, or search
    rank, time and id), so page 1000 costs the same index walk as page 1 and a story published
    while a client pages through cannot shift or repeat what it sees. DRF's CursorPagination
    keeps only the first sort value and an offset for ties, which drifts when many stories
    share a publication time (bulk imports do).

    The order is the queryset's own (`order_by()` from the filters, or the model's default);
    it must end in the primary key so that every position is unique.
    """

    page_size = DEFAULT_PAGE_SIZE
    cursor_query_param = "cursor"
    query_params = (cursor_query_param, PAGE_SIZE_PARAM)
    invalid_cursor = "This cursor is not one this API gave out: start again without it."

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = page_size_from(request)
        self.ordering = self._ordering_of(queryset)
        self.fields = [self._field_of(queryset, term.lstrip("-")) for term in self.ordering]
        cursor = self._decode(request.query_params.get(self.cursor_query_param))

        if cursor is None:
            self.backwards, self.position = False, None
            rows = queryset.order_by(*self.ordering)
        else:
            self.backwards, self.position = cursor
            order = self._reversed(self.ordering) if self.backwards else self.ordering
            rows = queryset.filter(self._beyond(self.position, self.backwards)).order_by(*order)
        page = list(rows[: self.page_size + 1])
        has_more = len(page) > self.page_size
        self.page = page[: self.page_size]
        if self.backwards:
            self.page.reverse()
            self.has_next, self.has_previous = True, has_more
        else:
            self.has_next, self.has_previous = has_more, cursor is not None
        return self.page

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_next_link(self):
        if not self.has_next:
            return None
        # An empty page reached by walking back still leads forward from where it stood.
        values = self._values_of(self.page[-1]) if self.page else self.position
        return self._link(values, backwards=False)

    def get_previous_link(self):
        if not self.has_previous:
            return None
        values = self._values_of(self.page[0]) if self.page else self.position
        return self._link(values, backwards=True)

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page; null on the last."},
                "previous": {**link, "description": "The page before; null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: copy it from the `next` or `previous` "
                "link of the page before. Start without it.",
                "schema": {"type": "string"},
            },
            page_size_schema(),
        ]

    # The order and the values that mark a position in it.

    @staticmethod
    def _ordering_of(queryset):
        ordering = [
            _term_name(term) for term in queryset.query.order_by or queryset.model._meta.ordering
        ]
        if not ends_with_primary_key(ordering, queryset.model):
            raise ValueError(
                f"Order {queryset.model.__name__} by a unique key last (…, '-pk'), not {ordering}: "
                "otherwise two rows can share a position and a page can skip or repeat them."
            )
        return ordering

    @staticmethod
    def _field_of(queryset, name):
        if name in queryset.query.annotations:
            return queryset.query.annotations[name].output_field
        meta = queryset.model._meta
        try:
            return meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            raise ValueError(f"Cannot page {meta.model.__name__} by {name!r}.") from None

    @staticmethod
    def _reversed(ordering):
        return [term[1:] if term.startswith("-") else f"-{term}" for term in ordering]

    def _beyond(self, values, backwards):
        """Rows after `values` in the page order (before them when `backwards`).

        (a, b, c) after (x, y, z) is a>x, or a=x and b>y, or a=x and b=y and c>z, with > read
        as < for a descending term. The first term is also bounded on its own (a ≥ x), which
        lets the database walk the index from the position instead of scanning to it.
        """
        condition = Q()
        equal_so_far = Q()
        for term, value in zip(self.ordering, values, strict=True):
            name = term.lstrip("-")
            descending = term.startswith("-") != backwards
            condition |= equal_so_far & Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
            equal_so_far &= Q(**{name: value})
        first = self.ordering[0]
        bound = "lte" if first.startswith("-") != backwards else "gte"
        return Q(**{f"{first.lstrip('-')}__{bound}": values[0]}) & condition

    # The cursor itself: the position's values as JSON, in URL-safe base64.

    def _values_of(self, row):
        return [getattr(row, term.lstrip("-")) for term in self.ordering]

    def _link(self, values, backwards):
        encoded = [self._encode_value(value) for value in values]
        token = json.dumps({"v": encoded, "b": backwards}, separators=(",", ":"))
        cursor = urlsafe_b64encode(token.encode()).decode().rstrip("=")
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, cursor
        )

    @staticmethod
    def _encode_value(value):
        if isinstance(value, datetime.date):  # datetimes too
            return value.isoformat()
        return value

    def _decode(self, raw):
        if raw is None:
            return None
        try:
            token = json.loads(urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
            backwards, raw_values = token["b"], token["v"]
            if not isinstance(backwards, bool) or len(raw_values) != len(self.fields):
                raise ValueError
            values = [
                self._decode_value(field, value)
                for field, value in zip(self.fields, raw_values, strict=True)
            ]
        except (
            ValueError,
            TypeError,
            KeyError,
            OverflowError,
            binascii.Error,
            DjangoValidationError,
        ):
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from None
        return backwards, values

    @staticmethod
    def _decode_value(field, raw):
        """A value from a cursor, checked as the field would check it: a forged cursor must not
        reach the database as a naive time or an integer too large for the column."""
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise ValueError
        value = field.to_python(raw)
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            raise ValueError
        field.run_validators(value)
        return value
