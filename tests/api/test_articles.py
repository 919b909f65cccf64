"""/api/articles/: only published stories, with their links, filters, order and cursor pages."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.api.conftest import hours_ago, results, slugs
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

UNPUBLISHED = ["draft", "in_review", "scheduled", "withdrawn"]


def test_story_list_shows_only_the_published_story(api_client, stories_in_every_state):
    listed = slugs(api_client.get("/api/articles/"))
    assert listed == [stories_in_every_state["published"].slug]


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_story_item_is_a_json_404(api_client, stories_in_every_state, state):
    story = stories_in_every_state[state]
    for path in [f"/api/articles/{story.slug}/", f"/api/articles/{story.slug}/ninjs/"]:
        response = api_client.get(path)
        assert response.status_code == 404
        assert response.headers["Content-Type"] == "application/json"
        assert "detail" in response.json()


def test_story_item_carries_its_links_as_compact_objects(api_client, linked_story):
    response = api_client.get(f"/api/articles/{linked_story.slug}/")
    assert response.status_code == 200
    story = response.json()
    assert story["html_url"] == "http://testserver/stories/leaders-meet/"
    assert story["url"] == "http://testserver/api/articles/leaders-meet/"
    assert story["ninjs_url"] == "http://testserver/api/articles/leaders-meet/ninjs/"
    assert story["people"] == [
        {
            "slug": "shavkat-mirziyoyev",
            "name": "Shavkat Mirziyoyev",
            "url": "http://testserver/api/people/shavkat-mirziyoyev/",
            "html_url": "http://testserver/people/shavkat-mirziyoyev/",
        }
    ]
    assert [event["slug"] for event in story["events"]] == ["cis-summit"]
    assert [agreement["slug"] for agreement in story["agreements"]] == ["treaty"]
    assert sorted(place["slug"] for place in story["places"]) == ["kremlin", "moscow"]
    assert [org["short_name"] for org in story["organizations"]] == ["CIS"]
    assert story["section"]["slug"] == linked_story.section.slug
    assert story["agency"] == {
        "name": "National News Agency of Uzbekistan",
        "short_name": "UzA",
        "website": "https://uza.uz/",
    }
    assert story["dateline"]["slug"] == "moscow"
    assert story["bylines"] == "Jane Roe"
    assert story["corrections"][0]["text"] == "An earlier version misspelt the venue."
    assert story["quotes"][0]["speaker"]["slug"] == "shavkat-mirziyoyev"
    assert story["quotes"][0]["event"]["slug"] == "cis-summit"
    assert "<strong>met</strong>" in story["body"]  # the allow-list's bold


def test_related_stories_list_only_published_ones(api_client, linked_story):
    story = api_client.get(f"/api/articles/{linked_story.slug}/").json()
    assert [related["slug"] for related in story["related_articles"]] == ["earlier-story"]


def test_lead_image_has_absolute_urls_dimensions_and_renditions(api_client, linked_story):
    image = api_client.get(f"/api/articles/{linked_story.slug}/").json()["lead_image"]
    assert image["url"].startswith("http://testserver/media/images/")
    assert (image["width"], image["height"]) == (700, 400)
    assert image["alt_text"] == "A test picture"
    assert image["content_type"] == "image/jpeg"
    assert [rendition["width"] for rendition in image["renditions"]] == [320, 640]
    assert all(r["url"].startswith("http://testserver/media/") for r in image["renditions"])


def test_list_entries_leave_out_body_quotes_and_related(api_client, linked_story):
    [entry] = [e for e in results(api_client.get("/api/articles/")) if e["slug"] == "leaders-meet"]
    assert not {"body", "quotes", "related_articles"} & set(entry)
    assert entry["people"][0]["slug"] == "shavkat-mirziyoyev"


@pytest.mark.parametrize(
    ("parameter", "field", "factory"),
    [
        ("person", "people", PersonFactory),
        ("event", "events", EventFactory),
        ("agreement", "agreements", AgreementFactory),
        ("place", "places", PlaceFactory),
        ("organization", "organizations", OrganizationFactory),
    ],
)
def test_link_filter_lists_only_published_stories_about_it(
    api_client, stories_about, parameter, field, factory
):
    subject = factory()
    stories = stories_about(**{field: [subject]})
    ArticleFactory(headline="About something else")
    listed = slugs(api_client.get(f"/api/articles/?{parameter}={subject.slug}"))
    assert listed == [stories["published"].slug]


def test_section_filter_lists_the_sections_published_stories(api_client):
    world, sport = SectionFactory(slug="world"), SectionFactory(slug="sport")
    in_world = ArticleFactory(section=world)
    ArticleFactory(section=world, draft=True)
    ArticleFactory(section=sport)
    assert slugs(api_client.get("/api/articles/?section=world")) == [in_world.slug]


def test_agency_filter_takes_the_agencys_short_name(api_client):
    uza = AgencyFactory(short_name="UzA")
    theirs = ArticleFactory(agency=uza)
    ArticleFactory(agency=AgencyFactory(short_name="TASS"))
    assert slugs(api_client.get("/api/articles/?agency=UzA")) == [theirs.slug]


def test_publication_time_filters_form_a_half_open_interval(api_client):
    day = datetime.datetime(2024, 10, 8, tzinfo=datetime.UTC)
    before = ArticleFactory(slug="before", published_at=day - datetime.timedelta(minutes=1))
    at_start = ArticleFactory(slug="at-start", published_at=day)
    late = ArticleFactory(slug="late", published_at=day + datetime.timedelta(hours=23))
    next_day = ArticleFactory(slug="next-day", published_at=day + datetime.timedelta(days=1))
    listed = slugs(
        api_client.get("/api/articles/?published_after=2024-10-08&published_before=2024-10-09")
    )
    assert listed == [late.slug, at_start.slug]
    assert before.slug not in listed and next_day.slug not in listed


def test_publication_time_filters_accept_iso_times_with_offsets(api_client):
    story = ArticleFactory(published_at=datetime.datetime(2024, 10, 8, 9, 0, tzinfo=datetime.UTC))
    # 12:00 in Tashkent (+05:00) is 07:00 UTC: the story at 09:00 UTC is after it.
    assert slugs(api_client.get("/api/articles/?published_after=2024-10-08T12:00:00%2B05:00")) == [
        story.slug
    ]
    assert slugs(api_client.get("/api/articles/?published_after=2024-10-08T15:00:00%2B05:00")) == []


def test_updated_after_finds_stories_changed_since(api_client):
    old = ArticleFactory()
    recent = ArticleFactory()
    Article.objects.filter(pk=old.pk).update(updated_at=hours_ago(48))
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    assert slugs(api_client.get("/api/articles/", {"updated_after": since})) == [recent.slug]


def test_search_finds_published_stories_best_match_first(api_client, stories_in_every_state):
    in_body = ArticleFactory(headline="Talks", body="<p>The summit went well.</p>")
    in_headline = ArticleFactory(headline="Summit opens", published_at=hours_ago(30))
    ArticleFactory(headline="Summit draft", draft=True)
    ArticleFactory(headline="Summit scheduled", scheduled=True)
    assert slugs(api_client.get("/api/articles/?q=summit")) == [in_headline.slug, in_body.slug]


def test_search_with_an_ordering_follows_the_ordering(api_client):
    older = ArticleFactory(headline="Summit opens", published_at=hours_ago(30))
    newer = ArticleFactory(headline="Talks", body="<p>The summit went well.</p>")
    listed = slugs(api_client.get("/api/articles/?q=summit&ordering=-published_at"))
    assert listed == [newer.slug, older.slug]


def test_stories_are_newest_first_by_default_and_orderable(api_client):
    old = ArticleFactory(published_at=hours_ago(3))
    new = ArticleFactory(published_at=hours_ago(1))
    middle = ArticleFactory(published_at=hours_ago(2))
    assert slugs(api_client.get("/api/articles/")) == [new.slug, middle.slug, old.slug]
    assert slugs(api_client.get("/api/articles/?ordering=published_at")) == [
        old.slug,
        middle.slug,
        new.slug,
    ]


def walk(api_client, url):
    """Follow `next` links from `url`; return every page's slugs."""
    pages = []
    while url:
        response = api_client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([entry["slug"] for entry in body["results"]])
        url = body["next"]
    return pages


def test_cursor_pages_cover_every_story_once_even_when_times_are_equal(api_client):
    # Bulk imports give many stories the same publication time: the cursor must still
    # neither skip nor repeat any of them.
    same_time = hours_ago(5)
    stories = [ArticleFactory(published_at=same_time) for _ in range(7)]
    stories += [ArticleFactory(published_at=hours_ago(hours)) for hours in (1, 2, 9)]
    pages = walk(api_client, "/api/articles/?page_size=3")
    assert [len(page) for page in pages] == [3, 3, 3, 1]
    walked = [slug for page in pages for slug in page]
    expected = sorted(stories, key=lambda story: (story.published_at, story.pk), reverse=True)
    assert walked == [story.slug for story in expected]


def test_cursor_pages_in_ascending_order_and_with_a_search(api_client):
    for hours in range(5, 0, -1):
        ArticleFactory(headline=f"Summit day {hours}", published_at=hours_ago(hours))
    ascending = walk(api_client, "/api/articles/?ordering=published_at&page_size=2")
    flat = [slug for page in ascending for slug in page]
    published = [api_client.get(f"/api/articles/{slug}/").json()["published_at"] for slug in flat]
    assert published == sorted(published) and len(flat) == 5
    searched = walk(api_client, "/api/articles/?q=summit&page_size=2")
    assert sorted(slug for page in searched for slug in page) == sorted(flat)


def test_previous_link_leads_back_to_the_page_before(api_client):
    for hours in range(1, 6):
        ArticleFactory(published_at=hours_ago(hours))
    first = api_client.get("/api/articles/?page_size=2").json()
    assert first["previous"] is None
    second = api_client.get(first["next"]).json()
    back = api_client.get(second["previous"]).json()
    assert [e["slug"] for e in back["results"]] == [e["slug"] for e in first["results"]]
    assert back["previous"] is None
    assert back["next"] is not None


def test_a_story_published_while_paging_does_not_shift_the_pages(api_client):
    for hours in range(1, 5):
        ArticleFactory(published_at=hours_ago(hours))
    first = api_client.get("/api/articles/?page_size=2").json()
    ArticleFactory(published_at=timezone.now())  # newest: would shift an offset-based page 2
    second = api_client.get(first["next"]).json()
    first_slugs = {entry["slug"] for entry in first["results"]}
    assert len(second["results"]) == 2
    assert not first_slugs & {entry["slug"] for entry in second["results"]}


def test_a_scheduled_story_appears_once_it_is_due(api_client, clock):
    story = ArticleFactory(scheduled=True)  # due in a day
    assert slugs(api_client.get("/api/articles/")) == []
    clock.advance(hours=23)
    assert slugs(api_client.get("/api/articles/")) == []
    clock.advance(hours=2)  # due now: not a cache lifetime later
    assert slugs(api_client.get("/api/articles/")) == [story.slug]
