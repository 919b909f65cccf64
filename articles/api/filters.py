"""Query parameters of the story lists: `/api/articles/?person=…&published_after=…&q=…`."""

import django_filters
from django_filters.constants import EMPTY_VALUES

from articles.models import Agency, Article, Section
from articles.search import search_articles
from core.api_support.filters import DateTimeParamFilter, StableOrderingFilter, slug_filter
from events.models import Agreement, Event, Organization, Person, Place


def section_filter():
    return slug_filter(Section.objects.all(), "section", "section", "Stories in this section.")


class SearchFilter(django_filters.CharFilter):
    """`?q=`: the site's ranked story search (`articles.search`), best match first unless an
    `ordering` is asked for."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Words that must all appear in the headline, summary or body; best match first.",
        )
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return search_articles(qs, value)


class ArticleFilterSet(django_filters.FilterSet):
    section = section_filter()
    person = slug_filter(Person.objects.all(), "people", "person", "Stories about this person.")
    event = slug_filter(Event.objects.all(), "events", "event", "Stories about this event.")
    agreement = slug_filter(
        Agreement.objects.all(), "agreements", "agreement", "Stories about this agreement."
    )
    place = slug_filter(Place.objects.all(), "places", "place", "Stories about this place.")
    organization = slug_filter(
        Organization.objects.all(),
        "organizations",
        "organization",
        "Stories about this organization.",
    )
    agency = slug_filter(
        Agency.objects.all(),
        "agency",
        "agency",
        "Stories credited to this agency, by its short name (UzA).",
        key="short_name",
    )
    published_after = DateTimeParamFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text="Published at this time or later (a date means its midnight).",
    )
    published_before = DateTimeParamFilter(
        field_name="published_at",
        lookup_expr="lt",
        help_text="Published before this time (a date means its midnight).",
    )
    updated_after = DateTimeParamFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Changed at this time or later: what a copy kept in sync needs to fetch.",
    )
    # Filters apply in the order declared. After the others: the search ranks the most recent
    # matches among the stories they leave. Before `ordering`: an explicit ordering must
    # override the search's best-match order.
    q = SearchFilter()
    ordering = StableOrderingFilter(
        fields=["published_at", "updated_at"],
        help_text="Default: newest first (`-published_at`); with `q`, best match first.",
    )

    class Meta:
        model = Article
        fields = []


class SectionFilterSet(django_filters.FilterSet):
    ordering = StableOrderingFilter(
        fields=["position", "name"], help_text="Default: the site's navigation order."
    )

    class Meta:
        model = Section
        fields = []


class DeskArticleFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Article.Status.choices)
    section = section_filter()
    q = SearchFilter()
    ordering = StableOrderingFilter(
        fields=["updated_at", "created_at", "published_at"],
        help_text="Default: last changed first (`-updated_at`).",
    )

    class Meta:
        model = Article
        fields = []
