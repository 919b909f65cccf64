"""Each list costs a fixed number of SQL queries, at most 8, whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AgreementPartyFactory,
    ArticleFactory,
    CorrectionFactory,
    CountryFactory,
    EventFactory,
    EventSeriesFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
ROWS = 100


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    """The endpoints' own queries, not the page cache's (which starts its generation with one)."""
    settings.NEWSROOM_PAGE_CACHE = False


def linked_world():
    """A few of everything that rows link to, shared by all of them."""
    country = CountryFactory()
    organization = OrganizationFactory(parent=OrganizationFactory())
    organization.member_countries.add(country)
    place = PlaceFactory(country=country, parent=PlaceFactory())
    return country, organization, place


def make_articles():
    country, organization, place = linked_world()
    people = [PersonFactory(country=country) for _ in range(3)]
    events = [EventFactory(place=place) for _ in range(2)]
    agreement = AgreementFactory()
    section, agency, image = SectionFactory(), AgencyFactory(), ImageFactory()
    for _ in range(ROWS):
        story = ArticleFactory(
            section=section, agency=agency, dateline_place=place, lead_image=image
        )
        story.people.add(*people)
        story.events.add(*events)
        story.agreements.add(agreement)
        story.places.add(place)
        story.organizations.add(organization)
        CorrectionFactory(article=story)


def make_people():
    country, organization, _ = linked_world()
    for _ in range(ROWS):
        person = PersonFactory(country=country)
        PositionFactory(person=person, organization=organization, country=country)
        PositionFactory(person=person, title="Minister", country=country)


def make_events():
    _, organization, place = linked_world()
    series, parent = EventSeriesFactory(), EventFactory()
    for _ in range(ROWS - 1):
        EventFactory(place=place, organization=organization, series=series, parent=parent)


def make_agreements():
    event = EventFactory()
    countries = [CountryFactory() for _ in range(3)]
    for _ in range(ROWS):
        agreement = AgreementFactory(adopted_at=event)
        for country in countries:
            AgreementPartyFactory(agreement=agreement, country=country, status="ratified")


def make_places():
    country, _, parent = linked_world()
    for _ in range(ROWS):
        PlaceFactory(country=country, parent=parent)


def make_organizations():
    country, parent, _ = linked_world()
    for _ in range(ROWS):
        OrganizationFactory(parent=parent).member_countries.add(country)


def make_countries():
    for _ in range(ROWS):
        CountryFactory()


def make_sections():
    for _ in range(ROWS):
        SectionFactory()


LISTS = {
    "articles": make_articles,
    "people": make_people,
    "events": make_events,
    "agreements": make_agreements,
    "places": make_places,
    "organizations": make_organizations,
    "countries": make_countries,
    "sections": make_sections,
}


def queries_for(api_client, path):
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(path)
    assert response.status_code == 200, response.content
    return len(response.json()["results"]), len(captured)


@pytest.mark.parametrize("collection", LISTS)
def test_list_query_count_does_not_grow_with_the_page_size(api_client, collection):
    from core.caching import due

    LISTS[collection]()
    due.due_times()  # the schedule of stories to come, read once for every page after a change
    shown_10, queries_10 = queries_for(api_client, f"/api/{collection}/?page_size=10")
    shown_100, queries_100 = queries_for(api_client, f"/api/{collection}/?page_size=100")
    assert (shown_10, shown_100) == (10, 100)
    print(f"\n/api/{collection}/: {queries_10} queries for 10 rows, {queries_100} for 100")
    assert queries_10 == queries_100
    assert queries_100 <= MAX_QUERIES


def test_a_story_list_entry_is_made_once_for_every_reader(api_client):
    make_articles()
    # A page past the first, where each entry is kept on its own (the first page is kept
    # whole: below).
    second_page = api_client.get("/api/articles/?page_size=40").json()["next"]
    first = api_client.get(second_page)
    with CaptureQueriesContext(connection) as captured:
        again = api_client.get(second_page)
    # The page's rows only: each entry was made once, with its people, events, places…
    assert len(captured) == 1
    assert again.content == first.content
    assert len(again.json()["results"]) == 40


def test_the_first_page_of_stories_is_made_once_for_every_reader(api_client):
    make_articles()
    first = api_client.get("/api/articles/?page_size=100")
    with CaptureQueriesContext(connection) as captured:
        again = api_client.get("/api/articles/?page_size=100")
    assert len(captured) == 0  # kept whole, under the keys of all it shows
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_filtered_search_stays_within_the_budget(api_client):
    from core.caching import due

    make_articles()
    due.due_times()  # the schedule of stories to come, read once for every page after a change
    section = SectionFactory._meta.model.objects.first()
    _, queries = queries_for(
        api_client, f"/api/articles/?q=story&section={section.slug}&page_size=100"
    )
    # More than the plain list: looking up the section the filter names, and the search's
    # most recent matches (articles/search.py), looked for in up to four windows of time
    # (here all four: the archive has fewer matches than the search ranks).
    assert queries <= MAX_QUERIES + 4


def test_a_story_item_is_made_once_for_every_reader(api_client):
    from tests.factories import QuoteFactory

    make_articles()
    story = ArticleFactory._meta.model.objects.first()
    QuoteFactory(article=story, text="Said once.")
    story.related_articles.add(ArticleFactory())
    first = api_client.get(f"/api/articles/{story.slug}/")
    with CaptureQueriesContext(connection) as captured:
        again = api_client.get(f"/api/articles/{story.slug}/")
    assert len(captured) == 0  # kept whole by its slug, under the keys of all it shows
    assert again.content == first.content
    assert again["Last-Modified"] == first["Last-Modified"]
    assert "Said once." in again.text and len(again.json()["related_articles"]) == 1
