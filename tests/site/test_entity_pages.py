"""Person, event, agreement, place, country and organization pages, and their indexes."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events.models import AgreementParty, Participation
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    ArticleFactory,
    CountryFactory,
    EventFactory,
    EventSeriesFactory,
    ParticipationFactory,
    PersonFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


INLINE_TAG = re.compile(r"</?(?:a|abbr|em|label|mark|span|strong|time)\b[^>]*>")


def text_of(html):
    """The page's words as a reader sees them: inline tags dropped, other tags a space."""
    return " ".join(re.sub(r"<[^>]+>", " ", INLINE_TAG.sub("", html)).split())


# Person


def test_person_page_shows_positions_current_and_past(client, world):
    page = client.get(world.putin.get_absolute_url()).text
    assert "<h1>Vladimir Putin</h1>" in page
    current, past = page.index("President of Russia"), page.index("Prime Minister of Russia")
    assert current < past
    assert "8 May 2008 – 7 May 2012" in page


def test_person_page_lists_events_with_every_role(client, world):
    page = text_of(client.get(world.putin.get_absolute_url()).text)
    assert "CIS Council of Heads of State session Chair, Host · 8 October 2024 · Kremlin" in page


def test_person_page_lists_agreements_initiated_stories_and_quotes(client, world):
    page = client.get(world.putin.get_absolute_url()).text
    assert "Agreements initiated" in page
    assert "Treaty on the International Organization for the Russian Language" in page
    assert "2 of 4 ratified" in page
    assert "Presidents gather at the Kremlin" in page
    assert "For us, the CIS member states are our closest neighbors." in page
    assert 'href="/feeds/people/vladimir-putin/"' in page


def test_person_page_shows_the_photo_with_credit(client, world):

    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), "gray").save(buffer, "JPEG")
    world.putin.photo = SimpleUploadedFile("putin.jpg", buffer.getvalue(), "image/jpeg")
    world.putin.photo_credit = "Kremlin press service"
    world.putin.save()
    page = client.get(world.putin.get_absolute_url()).text
    assert f'<img src="{world.putin.photo.url}" alt="Vladimir Putin"' in page
    assert "Photo: Kremlin press service" in page
    assert f'<meta property="og:image" content="http://testserver{world.putin.photo.url}">' in page


def test_person_without_a_photo_has_no_picture(client, world):
    page = client.get(world.mirziyoyev.get_absolute_url()).text
    assert "<img" not in page
    assert "og:image" not in page


# Event


def test_event_page_shows_the_facts(client, world):
    page = text_of(client.get(world.session.get_absolute_url()).text)
    assert "When 8 October 2024" in page
    assert "Where Kremlin, Moscow" in page
    assert "Status Held" in page
    assert "Organizer CIS Council of Heads of State" in page
    assert "The leaders met in the Kremlin." in page


def test_event_page_lists_participants_with_roles_and_their_position_then(client, world):
    page = text_of(client.get(world.session.get_absolute_url()).text)
    assert "Vladimir Putin Chair, Host; President of Russia" in page
    assert "Shavkat Mirziyoyev Attendee; President of Uzbekistan" in page


def test_event_page_steps_through_its_series(client, world):
    page = client.get(world.session.get_absolute_url()).text
    assert re.search(r'<a rel="prev" href="/events/cis-summit-2023/">.*CIS summit in Bishkek', page)
    assert re.search(
        r'<a rel="next" href="/events/cis-summit-2025/">.*CIS summit in Dushanbe', page
    )
    first = client.get(world.bishkek_summit.get_absolute_url()).text
    assert 'rel="prev"' not in first
    assert 'rel="next" href="/events/cis-session-2024/"' in first


def test_event_page_lists_agreements_adopted_there(client, world):
    page = client.get(world.bishkek_summit.get_absolute_url()).text
    assert "Agreements adopted" in page
    assert 'href="/agreements/russian-language-treaty/"' in page


def test_event_without_a_series_has_no_series_navigation(client, db):
    page = client.get(EventFactory(title="Lone visit").get_absolute_url()).text
    assert 'rel="prev"' not in page and 'rel="next"' not in page


def test_undated_event_says_so_and_offers_no_calendar_file(client, db):
    event = EventFactory(start_date=None, status="proposed")
    page = text_of(client.get(event.get_absolute_url()).text)
    assert "When Date not set" in page
    assert "Add to calendar" not in page


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ((2017, 10, 10), (2017, 10, 11), "10–11 October 2017"),
        ((2024, 9, 30), (2024, 10, 2), "30 September – 2 October 2024"),
        ((2024, 12, 31), (2025, 1, 1), "31 December 2024 – 1 January 2025"),
    ],
)
def test_event_dates_read_naturally(client, db, start, end, shown):
    event = EventFactory(start_date=datetime.date(*start), end_date=datetime.date(*end))
    assert shown in text_of(client.get(event.get_absolute_url()).text)


# Agreement


def test_agreement_page_has_a_status_table_in_the_manner_of_the_un_treaty_collection(client, world):
    page = client.get(world.treaty.get_absolute_url()).text
    words = text_of(page)
    assert "Country Signed on Ratified on Status" in words
    assert "Kazakhstan — — Signed" in words
    assert "Kyrgyzstan 13 Oct 2023 1 Jun 2024 Ratified" in words
    assert "Russia 13 Oct 2023 22 Apr 2024 Ratified" in words
    assert "Uzbekistan 13 Oct 2023 — Signed" in words
    assert "2 of 4 ratified" in words
    assert re.search(r'<progress id="[^"]+" max="4" value="2">', page)


def test_agreement_page_shows_kind_date_place_initiators_and_stories(client, world):
    page = text_of(client.get(world.treaty.get_absolute_url()).text)
    assert "Kind Treaty" in page
    assert "Date 13 October 2023" in page
    assert "Adopted at CIS summit in Bishkek, Bishkek" in page
    assert "Initiated by Vladimir Putin" in page
    assert "Presidents gather at the Kremlin" in page


def test_accession_counts_as_ratification(client, world):
    AgreementParty.objects.filter(country=world.kazakhstan).update(
        status=AgreementParty.Status.ACCEDED, ratified_on=datetime.date(2024, 8, 1)
    )
    assert "3 of 4 ratified" in client.get(world.treaty.get_absolute_url()).text


def test_agreement_without_parties_says_none_are_recorded(client, db):
    page = client.get(AgreementFactory().get_absolute_url()).text
    assert "No signatories recorded yet." in page
    assert "<progress" not in page


# Places, countries, organizations


def test_place_page_lists_events_there_and_stories_datelined_or_about_it(client, world):
    datelined = ArticleFactory(headline="Datelined in Moscow", dateline_place=world.moscow)
    page = client.get(world.moscow.get_absolute_url()).text
    assert "Presidents gather at the Kremlin" in page  # linked to Moscow and datelined there
    assert page.count("Presidents gather at the Kremlin") == 1
    assert datelined.headline in page
    assert 'href="/places/kremlin/">Kremlin</a>' in page  # a place within


def test_country_page_lists_its_people_and_stories_once_each(client, world):
    page = client.get(world.russia.get_absolute_url()).text
    assert "Vladimir Putin" in page
    # Linked to Putin (Russian) and to Moscow (in Russia): still listed once.
    assert page.count(">Presidents gather at the Kremlin</a>") == 1


def test_a_country_of_many_people_names_a_few_and_links_to_them_all(client):
    country = CountryFactory(name="Populous")
    elsewhere = PersonFactory(name="Zed Elsewhere", country=CountryFactory())
    people = [PersonFactory(name=f"Citizen {n:02}", country=country) for n in range(30)]
    page = client.get(country.get_absolute_url()).text
    assert "Citizen 00" in page and "Citizen 23" in page and "Citizen 24" not in page
    everyone = f'href="/people/?country={country.slug}">Everyone from Populous</a>'
    assert everyone in page

    listed = client.get(f"/people/?country={country.slug}").text
    assert "<h1>People of Populous</h1>" in listed
    assert all(person.name in listed for person in people)
    assert elsewhere.name not in listed


def test_a_country_of_few_people_names_them_all_with_no_link(client, world):
    page = client.get(world.russia.get_absolute_url()).text
    assert "Everyone from" not in page


@pytest.mark.parametrize("country", ["nowhere", "", "a%00b", "%F0%9F%8C%8D"])
def test_the_people_of_a_country_that_is_not_there_are_a_404(client, country):
    assert client.get(f"/people/?country={country}").status_code == 404


def test_organization_page_lists_bodies_events_and_stories(client, world):
    page = client.get(world.cis.get_absolute_url()).text
    assert "<h1>Commonwealth of Independent States (CIS)</h1>" in page
    assert 'href="/organizations/cis-council/"' in page
    assert "Presidents gather at the Kremlin" in page
    council = client.get(world.council.get_absolute_url()).text
    assert "CIS Council of Heads of State session" in council


# Indexes


def test_event_index_separates_coming_events_from_past_ones(client, world):
    coming = EventFactory(
        title="Summit next month", start_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    page = client.get("/events/").text
    upcoming, past = page.split('id="past-heading"')
    assert coming.title in upcoming and world.session.title not in upcoming
    assert world.session.title in past and coming.title not in past


def test_people_index_lists_everyone_alphabetically(client, world):
    page = client.get("/people/").text
    assert page.index("Shavkat Mirziyoyev") < page.index("Vladimir Putin")


def test_agreement_index_shows_progress(client, world):
    page = client.get("/agreements/").text
    assert world.treaty.title in page and "2 of 4 ratified" in page


@pytest.mark.parametrize(
    "path",
    [
        "/people/nobody/",
        "/events/nothing/",
        "/agreements/none/",
        "/places/nowhere/",
        "/countries/atlantis/",
        "/organizations/spectre/",
    ],
)
def test_unknown_entities_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


# Query counts: one query per kind of thing, however many things


def crowded_person(count):
    person = PersonFactory()
    for number in range(count):
        person.positions.create(title=f"Post {number}")
        ParticipationFactory(person=person, role=Participation.Role.CHAIR)
        agreement = AgreementFactory()
        agreement.initiators.add(person)
        AgreementPartyFactory(agreement=agreement)
        story = ArticleFactory()
        story.people.add(person)
        QuoteFactory(article=story, speaker=person)
    return person


def crowded_event(count):
    series = EventSeriesFactory()
    event = EventFactory(series=series)
    for _ in range(count):
        person = PersonFactory()
        person.positions.create(title="Minister")
        ParticipationFactory(event=event, person=person)
        AgreementPartyFactory(agreement=AgreementFactory(adopted_at=event))
        EventFactory(series=series)
        EventFactory(parent=event)
        story = ArticleFactory()
        story.events.add(event)
        QuoteFactory(article=story, event=event)
    return event


def crowded_agreement(count):
    agreement = AgreementFactory()
    for _ in range(count):
        AgreementPartyFactory(agreement=agreement)
        agreement.initiators.add(PersonFactory())
        ArticleFactory().agreements.add(agreement)
    return agreement


@pytest.mark.parametrize(
    ("build", "first_reader_queries", "later_queries"),
    # An event's page also asks whether a live story covers it now (live/templatetags).
    [(crowded_person, 7, 0), (crowded_event, 10, 0), (crowded_agreement, 5, 5)],
    ids=["person", "event", "agreement"],
)
def test_entity_page_queries_do_not_grow_with_what_it_lists(
    client, django_assert_num_queries, settings, build, first_reader_queries, later_queries
):
    from core.caching import due

    settings.NEWSROOM_PAGE_CACHE = False  # the page's own queries, not the cache's
    small, large = build(1), build(30)
    # What every page shares is read once after a change: the site's sections (the
    # navigation) and the schedule of stories to come.
    client.get("/people/")
    due.due_times()
    with django_assert_num_queries(first_reader_queries):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(first_reader_queries):
        response = client.get(large.get_absolute_url())
    assert response.status_code == 200
    # The page's row and lists, its stories' first page and "Live now" among them, were made
    # once: nothing is read again until a change.
    with django_assert_num_queries(later_queries):
        again = client.get(large.get_absolute_url())
    assert again.text == response.text
