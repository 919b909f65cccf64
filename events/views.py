"""Public pages for the people, events, agreements and places stories are about.

Each page loads its lists with one query per kind of thing, however long the lists are, and
takes stories only through `Article.objects.published()` (by way of `published_stories`).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.validators import slug_re
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from articles.models import Article, Quote
from articles.story_lists import published_stories, rendered, story_list_page
from core.caching import fragment
from core.caching.fixed_shape import FixedShape
from core.caching.keys import record_objects
from core.pagination import paginate
from events.calendar import calendar_of
from events.models import (
    Agreement,
    Country,
    Event,
    Organization,
    Participation,
    Person,
    Place,
    Position,
)
from events.ratification import with_ratification_counts

PEOPLE_PER_PAGE = 60
COUNTRY_PEOPLE_SHOWN = 24


def person_detail(request, slug):
    person = kept_row(request, Person, PERSON_ROWS, slug)
    return render(
        request,
        "events/person_detail.html",
        {
            "person": person,
            **kept_for_readers(request, f"person-page:{person.pk}", lambda: person_lists(person)),
            **stories_page(request, person, "people"),
        },
    )


def person_lists(person):
    """What a person's page lists besides their stories: the same for every reader until a
    change purges it, so made once per change for readers (`kept_for_readers`)."""
    record_objects(person)  # read outside: a new position or role purges the person's key
    positions = PERSON_POSITIONS(person=person.pk)
    participations = PERSON_PARTICIPATIONS(person=person.pk)
    lists = {
        "current_positions": [position for position in positions if position.is_current],
        "past_positions": [position for position in positions if not position.is_current],
        "events_with_roles": grouped_roles(participations, "event"),
        "agreements": PERSON_AGREEMENTS(person=person.pk),
        "quotes": QUOTES_BY(person=person.pk, now=timezone.now()),
    }
    return {
        "current_positions": lists["current_positions"],  # the header and the JSON-LD
        "side_column": rendered("events/person_side_column.html", lists),
        "quotes_section": rendered("events/person_quotes.html", lists),
    }


def event_detail(request, slug):
    event = kept_row(request, Event, EVENT_ROWS, slug)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            **kept_for_readers(request, f"event-page:{event.pk}", lambda: event_lists(event)),
            **stories_page(request, event, "events"),
        },
    )


def event_lists(event):
    """What an event's page lists besides its stories (see `person_lists`)."""
    record_objects(event)  # read outside: a new participant or sub-event purges its key
    participations = EVENT_PARTICIPATIONS(event=event.pk)
    prefetch_related_objects(
        [participation.person for participation in participations],
        Prefetch(
            "positions",
            queryset=Position.objects.held_on(event.start_date or timezone.localdate()),
            to_attr="positions_then",
        ),
    )
    series_events = SERIES_EVENTS(series=event.series_id) if event.series_id else []
    previous_event, next_event = neighbours(series_events, event)
    lists = {
        "event": event,
        "participants_with_roles": grouped_roles(participations, "person"),
        "agreements": EVENT_AGREEMENTS(event=event.pk),
        "sub_events": SUB_EVENTS(event=event.pk),
        "series_events": series_events,
        "quotes": QUOTES_AT(event=event.pk, now=timezone.now()),
    }
    return {
        "previous_event": previous_event,  # the series' links above the stories
        "next_event": next_event,
        "side_column": rendered("events/event_side_column.html", lists),
        "quotes_section": rendered("events/event_quotes.html", lists),
    }


def stories_page(request, owner, link):
    """The page's `page` of the stories linking `owner` by `link`, and their teasers
    (`story_list`): the first page kept for readers (articles/story_lists.py)."""
    page, story_list = story_list_page(request, owner, link)
    return {"page": page, "story_list": story_list}


def kept_for_readers(request, name, make):
    """`make()`, kept as a fragment under the keys of what it loaded (made again after a
    change purges one of them: core/caching/fragments.py); signed-in users never read or
    fill a cache, so theirs is made for them."""
    if request.user.is_authenticated:
        return make()
    return fragment(name, make)


def kept_row(request, model, rows_by_slug, slug):
    """The page's own row, found by its slug and kept for readers as its lists are: an edit,
    a new slug or a deletion purges the row's key, and a 404 is never kept. The cache's name
    for it is a digest: a slug is as long as a reader makes it, and one longer than the field
    names no row at all. `rows_by_slug`: the FixedShape of the rows of `model` at a slug."""
    if len(slug) > model._meta.get_field("slug").max_length:
        raise Http404(f"No {model._meta.verbose_name} is called that.")

    def row():
        for found in rows_by_slug(slug=slug):
            return found
        raise Http404(f"No {model._meta.verbose_name} is called that.")

    digest = hashlib.sha256(slug.encode()).hexdigest()
    return kept_for_readers(request, f"{model._meta.model_name}:{digest}", row)


# The pages' own rows, built once per connection (core/caching/fixed_shape.py).
PERSON_ROWS = FixedShape(
    lambda slug: Person.objects.select_related("country").filter(slug=slug), slug=str
)
EVENT_ROWS = FixedShape(
    lambda slug: Event.objects.select_related(
        "place__country", "place__parent__country", "organization", "series", "parent"
    ).filter(slug=slug),
    slug=str,
)


def agreement_detail(request, slug):
    agreement = get_object_or_404(
        with_ratification_counts(Agreement.objects.select_related("adopted_at__place")),
        slug=slug,
    )
    return render(
        request,
        "events/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": agreement.parties.select_related("country").order_by("country__name"),
            "initiators": agreement.initiators.all(),
            "page": paginate(request, published_stories().filter(agreements=agreement)),
        },
    )


def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent", "country"), slug=slug)
    stories = published_stories().filter(
        Q(pk__in=Article.places.through.objects.filter(place=place).values("article"))
        | Q(dateline_place=place)
    )
    return render(
        request,
        "events/place_detail.html",
        {
            "place": place,
            "places_within": place.children.all(),
            "events": place.events.order_by(F("start_date").desc(nulls_last=True)),
            "page": paginate(request, stories),
        },
    )


def country_detail(request, slug):
    country = get_object_or_404(Country, slug=slug)
    # Stories about its people or its places, or datelined there: one row each in
    # CountryStory, read newest first along its index.
    stories = published_stories(about_country=country)
    stories = stories.order_by("-country_links__published_at", "-country_links__article_id")
    # A country of the synthetic million has 1,900 people: the page names the first few,
    # and the people index lists them all.
    people = list(country.people.order_by("name", "pk")[: COUNTRY_PEOPLE_SHOWN + 1])
    return render(
        request,
        "events/country_detail.html",
        {
            "country": country,
            "people": people[:COUNTRY_PEOPLE_SHOWN],
            "more_people": len(people) > COUNTRY_PEOPLE_SHOWN,
            "page": paginate(request, stories),
        },
    )


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    return render(
        request,
        "events/organization_detail.html",
        {
            "organization": organization,
            "bodies": organization.children.all(),
            "member_countries": organization.member_countries.all(),
            "events": organization.events.select_related("place").order_by(
                F("start_date").desc(nulls_last=True)
            ),
            "page": paginate(request, published_stories().filter(organizations=organization)),
        },
    )


def event_list(request):
    today = timezone.localdate()
    events = Event.objects.select_related("place")
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming_events": events.filter(start_date__gte=today).order_by("start_date", "title"),
            "page": paginate(
                request,
                events.filter(start_date__lt=today).order_by("-start_date", "title"),
            ),
        },
    )


def person_list(request):
    people = Person.objects.select_related("country").order_by("name", "pk")
    country = None
    if "country" in request.GET:  # /people/?country=uzbekistan, from a country's page
        slug = request.GET["country"]
        if not slug_re.fullmatch(slug):  # nothing a database could choke on (a NUL)
            raise Http404("No such country.")
        country = get_object_or_404(Country, slug=slug)
        people = people.filter(country=country)
    return render(
        request,
        "events/person_list.html",
        {"country": country, "page": paginate(request, people, per_page=PEOPLE_PER_PAGE)},
    )


def agreement_list(request):
    agreements = with_ratification_counts(
        Agreement.objects.select_related("adopted_at").order_by(
            F("signed_on").desc(nulls_last=True), "title", "pk"
        )
    )
    return render(request, "events/agreement_list.html", {"page": paginate(request, agreements)})


def event_calendar(request, slug):
    # An event without a date cannot go in a calendar, and its page offers no file.
    event = get_object_or_404(
        Event.objects.select_related("place__country"), slug=slug, start_date__isnull=False
    )
    return calendar_response(request, [event], event.title, filename=f"{event.slug}.ics")


def calendar(request):
    events = Event.objects.select_related("place__country").order_by("start_date", "pk")
    return calendar_response(request, events, f"{settings.SITE_NAME}: events")


def calendar_response(request, events, name, filename=None):
    response = HttpResponse(
        calendar_of(events, request, name), content_type="text/calendar; charset=utf-8"
    )
    if filename:
        # One event: offer it as a file to add; the whole calendar is for subscribing to.
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def published_quotes(now=None):
    """Quotes from published stories only (published at `now`: the present if not given),
    with the story and the occasion."""
    return Quote.objects.filter(article__in=Article.objects.published(now=now)).select_related(
        "article", "event", "speaker"
    )


# The person's and the event's lists, built once per connection (core/caching/fixed_shape.py):
# building and compiling them was a third of these pages made from nothing.
PERSON_POSITIONS = FixedShape(
    lambda person: Position.objects.filter(person=person).select_related("organization", "country"),
    person=int,
)
PERSON_PARTICIPATIONS = FixedShape(
    lambda person: (
        Participation.objects.filter(person=person)
        .select_related("event", "event__place")
        .order_by(F("event__start_date").desc(nulls_last=True), "event__title", "role")
    ),
    person=int,
)
PERSON_AGREEMENTS = FixedShape(
    lambda person: with_ratification_counts(Agreement.objects.filter(initiators=person)),
    person=int,
)
QUOTES_BY = FixedShape(
    lambda person, now: published_quotes(now).filter(speaker=person),
    person=int,
    now=datetime.datetime,
)
EVENT_PARTICIPATIONS = FixedShape(
    lambda event: Participation.objects.filter(event=event).select_related("person"), event=int
)
EVENT_AGREEMENTS = FixedShape(
    lambda event: with_ratification_counts(Agreement.objects.filter(adopted_at=event)), event=int
)
SUB_EVENTS = FixedShape(
    lambda event: Event.objects.filter(parent=event).order_by(
        F("start_date").asc(nulls_last=True), "title"
    ),
    event=int,
)
# Every event of a series in date order (undated ones last).
SERIES_EVENTS = FixedShape(
    lambda series: (
        Event.objects.filter(series=series)
        .select_related("place")
        .order_by(F("start_date").asc(nulls_last=True), "pk")
    ),
    series=int,
)
QUOTES_AT = FixedShape(
    lambda event, now: published_quotes(now).filter(event=event),
    event=int,
    now=datetime.datetime,
)


def grouped_roles(participations, key):
    """[(event or person, ["Chair", "Host"]), …] in the participations' order: a person may
    have several roles at one event."""
    roles = {}
    for participation in participations:
        roles.setdefault(getattr(participation, key), []).append(participation.get_role_display())
    return list(roles.items())


def neighbours(events, event):
    """The events just before and just after `event` in `events`, each None at an end."""
    keys = [other.pk for other in events]
    if event.pk not in keys:
        return None, None
    index = keys.index(event.pk)
    previous_event = events[index - 1] if index > 0 else None
    next_event = events[index + 1] if index + 1 < len(events) else None
    return previous_event, next_event
