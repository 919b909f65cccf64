"""Query-parameter filtering shared by every endpoint: strict, and named so a client can fix it.

A misspelt parameter (`?secton=world`) is the dangerous kind of bad input: ignored, it answers
with every story and looks like success. So a list accepts exactly the parameters its FilterSet
and its pagination declare, and an item (found by its slug) only the few it documents.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from core.text import search_terms

# Every endpoint accepts DRF's format override (`?format=json`).
ALWAYS_ACCEPTED = frozenset({"format"})

# Places and organizations nest (the Kremlin in Moscow; a council inside the CIS). Filters that
# take one also match what is inside it, this many levels down.
MAX_NESTING = 5


def check_query_params(request, accepted):
    """Raise a 400 naming every query parameter not in `accepted`, or given with no value.

    An empty value (`?section=`) is refused too rather than read as "no filter": the client
    meant something by sending the parameter, and a schema-typed one (a date) has no empty form.
    """
    accepted = ALWAYS_ACCEPTED | set(accepted)
    offer = ", ".join(sorted(accepted))
    errors = {
        name: [f"Unknown query parameter. This endpoint accepts: {offer}."]
        for name in request.query_params
        if name not in accepted
    }
    for name, values in request.query_params.lists():
        if name in accepted and any(not value.strip() for value in values):
            errors[name] = ["Give a value, or leave the parameter out."]
    if errors:
        raise ValidationError(dict(sorted(errors.items())))


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend for lists, refusing query parameters nobody declared."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        declared = set(filterset_class.base_filters) if filterset_class else set()
        paging = getattr(view.paginator, "query_params", ()) if view.paginator else ()
        check_query_params(request, declared | set(paging))
        if declared.isdisjoint(request.query_params):
            # No filter asked for: django-filter would build its FilterSet and form, every
            # filter leaving the list as it is (tests/api/test_filters_not_given.py).
            return queryset
        return super().filter_queryset(request, queryset, view)


def unknown_name_message(noun, key, placeholder):
    """The one wording of "this names nothing", for filters and writes alike (the CI's
    schemathesis hooks recognise it): "There is no section with the slug “wrld”."."""
    return f"There is no {noun} with the {key} “{placeholder}”."


def slug_filter(queryset, field_name, noun, help_text, key="slug", **kwargs):
    """A filter taking the slug (or another unique `key`) of one object: an unknown one is a
    400 that says so.

    `field_name` is the lookup (and, with a `method`, what the schema describes the value by).
    """
    return django_filters.ModelChoiceFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name=key,
        help_text=help_text,
        error_messages={"invalid_choice": unknown_name_message(noun, key, "%(value)s")},
        **kwargs,
    )


def self_and_descendant_ids(root, max_depth=MAX_NESTING):
    """The ids of `root` and of everything nested under it through `parent`."""
    manager = type(root)._default_manager
    found, level = {root.pk}, {root.pk}
    for _ in range(max_depth):
        level = set(manager.filter(parent__in=level).values_list("pk", flat=True)) - found
        if not level:
            break
        found |= level
    return found


class AwareDateTimeField(forms.DateTimeField):
    """An ISO 8601 date and time, or a date (its midnight in the site's time zone), like
    Django's own field, handed on in UTC: PostgreSQL refuses offsets past ±15:59 that ISO 8601
    and Python allow (`+17:38` was a 500). Also refuses times that exist in Python but not
    once converted to UTC (year 1 with a positive offset), which would fail in the query too.
    """

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None:
            try:
                result = result.astimezone(datetime.UTC)
            except OverflowError:
                raise forms.ValidationError("This time is out of range.", code="invalid") from None
        return result


class DateTimeParamFilter(django_filters.IsoDateTimeFilter):
    field_class = AwareDateTimeField


def ends_with_primary_key(ordering, model):
    """Does `ordering` (a list of order_by() terms) end with `model`'s primary key?"""
    last = ordering[-1] if ordering else None
    return isinstance(last, str) and last.lstrip("-") in {"pk", model._meta.pk.name}


def with_total_order(queryset):
    """`queryset` in its model's default order, made explicit and ending with the primary key.

    Explicit because Django drops `Meta.ordering` from a query with an aggregate (the
    agreements' ratification counts); ending with the key so that rows sharing a name or a
    date keep their place from one page to the next. The `ordering` parameter replaces it.
    """
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    if not ends_with_primary_key(ordering, queryset.model):
        ordering.append("pk")
    return queryset.order_by(*ordering)


class StableOrderingFilter(django_filters.OrderingFilter):
    """`?ordering=` from a fixed list, ending with the primary key in the same direction.

    The tie-break makes the order total: pages never swap two rows that share a date, and the
    keyset cursor of the story list has a unique position to start from.
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param]
        if not ordering:
            return qs
        return qs.order_by(*ordering, "-pk" if ordering[-1].startswith("-") else "pk")


class NameSearchFilter(django_filters.CharFilter):
    """`?q=` over a few name fields: every word must appear in one of them, any case."""

    def __init__(self, *fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("help_text", f"Words to find in the {' or '.join(fields)}.")
        super().__init__(**kwargs)

    def filter(self, qs, value):
        for term in search_terms(value):
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": term})
            qs = qs.filter(matches)
        return qs
