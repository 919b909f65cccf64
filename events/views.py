"""Public pages for the people, events, agreements and places stories are about."""

from django.shortcuts import get_object_or_404, render

from articles.models import Article
from events.models import Agreement, Country, Event, Organization, Person, Place


def _entity_page(request, model, slug, template, context_name, articles_lookup):
    entity = get_object_or_404(model, slug=slug)
    articles = Article.objects.published().filter(**{articles_lookup: entity}).latest_first()
    return render(request, template, {context_name: entity, "articles": articles[:50]})


def person_detail(request, slug):
    return _entity_page(request, Person, slug, "events/person_detail.html", "person", "people")


def event_detail(request, slug):
    return _entity_page(request, Event, slug, "events/event_detail.html", "event", "events")


def agreement_detail(request, slug):
    return _entity_page(
        request, Agreement, slug, "events/agreement_detail.html", "agreement", "agreements"
    )


def place_detail(request, slug):
    return _entity_page(request, Place, slug, "events/place_detail.html", "place", "places")


def country_detail(request, slug):
    return _entity_page(
        request, Country, slug, "events/country_detail.html", "country", "people__country"
    )


def organization_detail(request, slug):
    return _entity_page(
        request,
        Organization,
        slug,
        "events/organization_detail.html",
        "organization",
        "organizations",
    )
