"""People, events, agreements, places, countries, organizations and sections in the API:
their own fields, their filters, and only published stories listed and counted on them."""

import datetime

import pytest

from tests.api.conftest import results, slugs
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    ArticleFactory,
    CountryFactory,
    EventFactory,
    EventSeriesFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("collection", "field", "factory", "filter_name"),
    [
        ("people", "people", PersonFactory, "person"),
        ("events", "events", EventFactory, "event"),
        ("agreements", "agreements", AgreementFactory, "agreement"),
        ("places", "places", PlaceFactory, "place"),
        ("organizations", "organizations", OrganizationFactory, "organization"),
    ],
)
def test_item_lists_and_counts_only_its_published_stories(
    api_client, stories_about, collection, field, factory, filter_name
):
    subject = factory()
    stories = stories_about(**{field: [subject]})
    item = api_client.get(f"/api/{collection}/{subject.slug}/").json()
    assert item["story_count"] == 1
    assert [story["slug"] for story in item["stories"]] == [stories["published"].slug]
    assert item["stories_url"] == f"http://testserver/api/articles/?{filter_name}={subject.slug}"
    assert slugs(api_client.get(item["stories_url"])) == [stories["published"].slug]


def test_section_item_lists_and_counts_only_its_published_stories(api_client):
    section = SectionFactory()
    published = ArticleFactory(section=section)
    for state in ["draft", "in_review", "scheduled", "withdrawn"]:
        ArticleFactory(section=section, **{state: True})
    item = api_client.get(f"/api/sections/{section.slug}/").json()
    assert item["story_count"] == 1
    assert [story["slug"] for story in item["stories"]] == [published.slug]


def test_item_shows_the_latest_ten_stories_and_counts_them_all(api_client):
    person = PersonFactory()
    for hours in range(1, 13):
        ArticleFactory(
            published_at=datetime.datetime(2024, 1, 1, hours, tzinfo=datetime.UTC)
        ).people.add(person)
    item = api_client.get(f"/api/people/{person.slug}/").json()
    assert item["story_count"] == 12
    published = [story["published_at"] for story in item["stories"]]
    assert len(published) == 10
    assert published == sorted(published, reverse=True)
    assert published[0].startswith("2024-01-01T12:00")


def test_unknown_item_is_a_json_404(api_client):
    for collection in [
        "people",
        "events",
        "agreements",
        "places",
        "countries",
        "organizations",
        "sections",
    ]:
        response = api_client.get(f"/api/{collection}/no-such-thing/")
        assert response.status_code == 404, collection
        assert response.json()["detail"]


# People


def test_person_item_has_positions_participations_and_aliases(api_client, linked_story):
    person = api_client.get("/api/people/shavkat-mirziyoyev/").json()
    assert person["country"]["iso_code"] == "UZ"
    assert person["positions"][0]["title"] == "President of Uzbekistan"
    assert person["positions"][0]["is_current"] is True
    assert person["participations"] == [
        {
            "event": {
                "slug": "cis-summit",
                "title": "CIS summit",
                "start_date": "2024-10-08",
                "url": "http://testserver/api/events/cis-summit/",
                "html_url": "http://testserver/events/cis-summit/",
            },
            "role": "attendee",
        }
    ]
    assert person["html_url"] == "http://testserver/people/shavkat-mirziyoyev/"


def test_people_filter_by_country_organization_and_name(api_client):
    uzbekistan, russia = CountryFactory(slug="uzbekistan"), CountryFactory(slug="russia")
    cis = OrganizationFactory(slug="cis")
    council = OrganizationFactory(slug="council", parent=cis)
    uzbek = PersonFactory(name="Shavkat Mirziyoyev", country=uzbekistan, aliases="Mirziyoev")
    russian = PersonFactory(name="Vladimir Putin", country=russia)
    PositionFactory(person=russian, organization=council, title="Chair")
    assert slugs(api_client.get("/api/people/?country=uzbekistan")) == [uzbek.slug]
    # A position in a body inside the CIS counts as the CIS.
    assert slugs(api_client.get("/api/people/?organization=cis")) == [russian.slug]
    assert slugs(api_client.get("/api/people/?q=mirziyoev")) == [uzbek.slug]
    assert slugs(api_client.get("/api/people/?q=putin")) == [russian.slug]


def test_people_are_listed_by_name_and_orderable(api_client):
    PersonFactory(name="Bea"), PersonFactory(name="Al"), PersonFactory(name="Cy")
    names = [entry["name"] for entry in results(api_client.get("/api/people/"))]
    assert names == ["Al", "Bea", "Cy"]
    reverse = [entry["name"] for entry in results(api_client.get("/api/people/?ordering=-name"))]
    assert reverse == ["Cy", "Bea", "Al"]


# Events


def test_event_item_has_participants_place_series_and_neighbours(api_client):
    series = EventSeriesFactory(name="CIS summits")
    kremlin = PlaceFactory(slug="kremlin")
    first = EventFactory(slug="summit-2023", series=series, start_date=datetime.date(2023, 10, 13))
    middle = EventFactory(
        slug="summit-2024", series=series, start_date=datetime.date(2024, 10, 8), place=kremlin
    )
    last = EventFactory(slug="summit-2025", series=series, start_date=datetime.date(2025, 10, 10))
    EventFactory(slug="elsewhere", start_date=datetime.date(2024, 10, 9))
    part = EventFactory(slug="arrival", parent=middle)
    ParticipationFactory(event=middle, person=PersonFactory(slug="host"), role="host")
    AgreementFactory(slug="signed-there", adopted_at=middle)

    event = api_client.get(f"/api/events/{middle.slug}/").json()
    assert event["place"]["slug"] == "kremlin"
    assert event["series"] == {"slug": series.slug, "name": "CIS summits"}
    assert event["previous_in_series"]["slug"] == first.slug
    assert event["next_in_series"]["slug"] == last.slug
    assert [(p["person"]["slug"], p["role"]) for p in event["participants"]] == [("host", "host")]
    assert [agreement["slug"] for agreement in event["agreements"]] == ["signed-there"]
    assert [child["slug"] for child in event["parts"]] == [part.slug]
    assert api_client.get(f"/api/events/{first.slug}/").json()["previous_in_series"] is None


def test_events_filter_by_dates_overlapping_the_range(api_client):
    day = datetime.date
    EventFactory(slug="september", start_date=day(2024, 9, 30))
    spanning = EventFactory(slug="spanning", start_date=day(2024, 9, 29), end_date=day(2024, 10, 2))
    october = EventFactory(slug="october", start_date=day(2024, 10, 8))
    EventFactory(slug="november", start_date=day(2024, 11, 1))
    listed = slugs(api_client.get("/api/events/?date_after=2024-10-01&date_before=2024-11-01"))
    assert sorted(listed) == sorted([spanning.slug, october.slug])


def test_events_filter_by_person_place_organization_kind_status_and_series(api_client):
    moscow = PlaceFactory(slug="moscow")
    kremlin = PlaceFactory(slug="kremlin", parent=moscow)
    cis = OrganizationFactory(slug="cis")
    council = OrganizationFactory(slug="council", parent=cis)
    series = EventSeriesFactory(slug="summits")
    summit = EventFactory(
        slug="summit",
        kind="summit",
        status="held",
        place=kremlin,
        organization=council,
        series=series,
    )
    visit = EventFactory(slug="visit", kind="visit", status="scheduled")
    person = PersonFactory(slug="guest")
    ParticipationFactory(event=summit, person=person, role="attendee")
    ParticipationFactory(event=summit, person=person, role="proposer")  # two roles, one event
    assert slugs(api_client.get("/api/events/?person=guest")) == [summit.slug]
    assert slugs(api_client.get("/api/events/?place=moscow")) == [summit.slug]
    assert slugs(api_client.get("/api/events/?organization=cis")) == [summit.slug]
    assert slugs(api_client.get("/api/events/?kind=visit")) == [visit.slug]
    assert slugs(api_client.get("/api/events/?status=held")) == [summit.slug]
    assert slugs(api_client.get("/api/events/?series=summits")) == [summit.slug]


# Agreements


def test_agreement_item_has_the_party_table_and_ratification_progress(api_client):
    treaty = AgreementFactory(slug="treaty")
    kazakhstan = CountryFactory(name="Kazakhstan", slug="kazakhstan")
    AgreementPartyFactory(
        agreement=treaty,
        country=kazakhstan,
        status="ratified",
        signed_on=datetime.date(2023, 10, 13),
        ratified_on=datetime.date(2024, 3, 1),
    )
    AgreementPartyFactory(agreement=treaty, country=CountryFactory(name="Armenia"), status="signed")
    AgreementPartyFactory(
        agreement=treaty, country=CountryFactory(name="Belarus"), status="acceded"
    )
    item = api_client.get("/api/agreements/treaty/").json()
    assert (item["ratified_count"], item["party_count"]) == (2, 3)
    assert [party["country"]["name"] for party in item["parties"]] == [
        "Armenia",
        "Belarus",
        "Kazakhstan",
    ]
    kazakh = item["parties"][2]
    assert (kazakh["status"], kazakh["signed_on"], kazakh["ratified_on"]) == (
        "ratified",
        "2023-10-13",
        "2024-03-01",
    )
    [entry] = results(api_client.get("/api/agreements/"))
    assert (entry["ratified_count"], entry["party_count"]) == (2, 3)


def test_agreements_filter_party_and_status_as_one_condition(api_client):
    uzbekistan, russia = CountryFactory(slug="uzbekistan"), CountryFactory(slug="russia")
    ratified_by_uz = AgreementFactory(slug="a")
    AgreementPartyFactory(agreement=ratified_by_uz, country=uzbekistan, status="ratified")
    signed_by_uz = AgreementFactory(slug="b")
    AgreementPartyFactory(agreement=signed_by_uz, country=uzbekistan, status="signed")
    AgreementPartyFactory(agreement=signed_by_uz, country=russia, status="ratified")
    both = "/api/agreements/?party=uzbekistan&party_status=ratified"
    assert slugs(api_client.get(both)) == [ratified_by_uz.slug]
    assert sorted(slugs(api_client.get("/api/agreements/?party=uzbekistan"))) == ["a", "b"]
    assert sorted(slugs(api_client.get("/api/agreements/?party_status=ratified"))) == ["a", "b"]
    assert slugs(api_client.get("/api/agreements/?party_status=pending")) == []


def test_agreements_filter_by_kind_event_and_signature_date(api_client):
    summit = EventFactory(slug="summit")
    treaty = AgreementFactory(slug="treaty", kind="treaty", signed_on=datetime.date(2024, 10, 8))
    programme = AgreementFactory(
        slug="programme", kind="programme", adopted_at=summit, signed_on=datetime.date(2017, 12, 26)
    )
    assert slugs(api_client.get("/api/agreements/?kind=programme")) == [programme.slug]
    assert slugs(api_client.get("/api/agreements/?event=summit")) == [programme.slug]
    assert slugs(api_client.get("/api/agreements/?signed_after=2024-01-01")) == [treaty.slug]
    assert slugs(api_client.get("/api/agreements/?signed_before=2024-10-08")) == [programme.slug]


# Places, countries, organizations, sections


def test_places_have_coordinates_as_numbers_and_filter_by_nesting(api_client, linked_story):
    moscow = api_client.get("/api/places/moscow/").json()
    assert (moscow["latitude"], moscow["longitude"]) == (55.7558, 37.6173)
    assert [child["slug"] for child in moscow["children"]] == ["kremlin"]
    assert slugs(api_client.get("/api/places/?within=moscow")) == ["kremlin"]
    assert slugs(api_client.get("/api/places/?kind=venue")) == ["kremlin"]
    assert sorted(slugs(api_client.get("/api/places/?country=uzbekistan"))) == ["moscow"]


def test_countries_and_organizations_show_memberships(api_client, linked_story):
    country = api_client.get("/api/countries/uzbekistan/").json()
    assert country["iso_code"] == "UZ"
    assert [org["slug"] for org in country["organizations"]] == ["cis"]
    assert slugs(api_client.get("/api/countries/?organization=cis")) == ["uzbekistan"]
    organization = api_client.get("/api/organizations/cis/").json()
    assert [member["slug"] for member in organization["member_countries"]] == ["uzbekistan"]
    assert slugs(api_client.get("/api/organizations/?member=uzbekistan")) == ["cis"]
    assert slugs(api_client.get("/api/organizations/?q=independent")) == ["cis"]


def test_sections_come_in_navigation_order(api_client):
    SectionFactory(slug="sport", position=2)
    SectionFactory(slug="world", position=1)
    assert slugs(api_client.get("/api/sections/")) == ["world", "sport"]
    assert slugs(api_client.get("/api/sections/?ordering=-position")) == ["sport", "world"]


def test_page_number_pagination_counts_and_links(api_client):
    for number in range(5):
        PersonFactory(name=f"Person {number}")
    first = api_client.get("/api/people/?page_size=2").json()
    assert first["count"] == 5
    assert first["next"] == "http://testserver/api/people/?page=2&page_size=2"
    last = api_client.get("/api/people/?page_size=2&page=3").json()
    assert [entry["name"] for entry in last["results"]] == ["Person 4"]
    assert last["next"] is None
