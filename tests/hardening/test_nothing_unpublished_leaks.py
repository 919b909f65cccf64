"""Nothing unpublished leaks: stories in random states and at random times around now, each
linked to the same things, appear on every public surface exactly when
`Article.objects.published()` holds them — pages, boxes, counts, feeds, sitemaps, search,
every API list and item, ninjs. Every story is live coverage too: its entries, and the
"Live now" on its event's page, follow it; a deleted entry appears nowhere, ever."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from live import services as live_services
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    CountryFactory,
    EditorFactory,
    EventFactory,
    LiveCoverageFactory,
    LiveEntryFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    QuoteFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# A word every story's body holds, so one search should find them all.
SEARCH_WORD = "Kremlinology"
NEWS_WINDOW = datetime.timedelta(days=2)  # articles.sitemaps.NEWS_WINDOW, checked on its own

OFFSETS = [
    None,
    -datetime.timedelta(days=40),
    -datetime.timedelta(days=3),
    -datetime.timedelta(hours=1),
    -datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=1),
    datetime.timedelta(hours=1),
    datetime.timedelta(days=3),
]
STORY = st.tuples(st.sampled_from(list(Article.Status)), st.sampled_from(OFFSETS)).filter(
    # The database refuses a published story without a time (article_published_has_time).
    lambda drawn: not (drawn[0] == Article.Status.PUBLISHED and drawn[1] is None)
)


def build_world():
    """Things every drawn story is linked to, and a published story relating to them all."""
    country = CountryFactory()
    world = {
        "section": SectionFactory(),
        "person": PersonFactory(country=country),
        "event": EventFactory(),
        "agreement": AgreementFactory(),
        "place": PlaceFactory(country=country),
        "organization": OrganizationFactory(),
        "country": country,
    }
    world["host"] = ArticleFactory(headline="Host story", slug="host-story", section=None)
    world["editor"] = EditorFactory()
    return world


# A deleted live entry's words: on no surface, whatever its story's state.
GONE = "xgoneq"


def make_story(world, index, status, offset, now):
    marker = f"zq{index}xleak"  # unique, and never part of another marker
    story = ArticleFactory(
        headline=f"Headline {marker}",
        slug=marker,
        summary=f"Summary {marker}",
        body=f"<p>{SEARCH_WORD} {marker}.</p>",
        section=world["section"],
        status=status,
        published_at=None if offset is None else now + offset,
        dateline_place=world["place"],
    )
    story.people.add(world["person"])
    story.events.add(world["event"])
    story.agreements.add(world["agreement"])
    story.places.add(world["place"])
    story.organizations.add(world["organization"])
    world["host"].related_articles.add(story)
    QuoteFactory(
        article=story, speaker=world["person"], event=world["event"], text=f"Quoted {marker}"
    )
    coverage = LiveCoverageFactory(article=story, event=world["event"])
    LiveEntryFactory(coverage=coverage, body=f"<p>Entry {marker}.</p>", author_name="A. Writer")
    gone = LiveEntryFactory(coverage=coverage, body=f"<p>Retracted {GONE}.</p>")
    live_services.live_entry_pin(entry=gone, user=world["editor"], pinned=True, title=GONE)
    live_services.live_entry_delete(entry=gone, user=world["editor"])
    return story, marker


def live_surfaces(story):
    """{name: path} of what a live story shows of its entries besides its page."""
    return {
        "update poll": f"/stories/{story.slug}/live/updates/?since=0",
        "older entries": f"/stories/{story.slug}/live/updates/?before=999999999",
        "entries RSS": f"/stories/{story.slug}/live/feed/",
        "entries Atom": f"/stories/{story.slug}/live/feed/atom/",
        "API entries": f"/api/articles/{story.slug}/entries/",
    }


def html_surfaces(world):
    """{name: path} of every page and feed that lists the stories."""
    section, person = world["section"].slug, world["person"].slug
    surfaces = {
        "front page": "/",
        "section page": world["section"].get_absolute_url(),
        "host story's related box": world["host"].get_absolute_url(),
        "search": f"/search/?q={SEARCH_WORD}",
        "RSS feed": "/feeds/",
        "Atom feed": "/feeds/atom/",
        "section RSS": f"/feeds/sections/{section}/",
        "section Atom": f"/feeds/sections/{section}/atom/",
        "person RSS": f"/feeds/people/{person}/",
        "person Atom": f"/feeds/people/{person}/atom/",
        "stories sitemap": "/sitemap-stories.xml",
        **{
            f"{kind} page": world[kind].get_absolute_url()
            for kind in ("person", "event", "agreement", "place", "organization", "country")
        },
    }
    return surfaces


def archive_surfaces(made, expected):
    """{name: (path, {marker: shown})} for the archive year and month of each dated story."""
    dated = [
        (timezone.localtime(story.published_at), marker)
        for story, marker in made
        if story.published_at is not None
    ]
    surfaces = {}
    for day, _ in dated:
        surfaces[f"archive {day:%Y}"] = (
            f"/archive/{day.year}/",
            {marker: expected[marker] and other.year == day.year for other, marker in dated},
        )
        surfaces[f"archive {day:%Y-%m}"] = (
            f"/archive/{day.year}/{day.month}/",
            {
                marker: expected[marker] and (other.year, other.month) == (day.year, day.month)
                for other, marker in dated
            },
        )
    return surfaces


def api_surfaces(world):
    api_lists = {
        "API stories": "/api/articles/",
        "API search": f"/api/articles/?q={SEARCH_WORD}",
        "API section": f"/api/articles/?section={world['section'].slug}",
    }
    for kind in ("person", "event", "agreement", "place", "organization"):
        api_lists[f"API {kind} filter"] = f"/api/articles/?{kind}={world[kind].slug}"
    items = {
        "API person": f"/api/people/{world['person'].slug}/",
        "API event": f"/api/events/{world['event'].slug}/",
        "API agreement": f"/api/agreements/{world['agreement'].slug}/",
        "API place": f"/api/places/{world['place'].slug}/",
        "API organization": f"/api/organizations/{world['organization'].slug}/",
        "API section item": f"/api/sections/{world['section'].slug}/",
        "API host story": f"/api/articles/{world['host'].slug}/",
    }
    lists = {
        f"API {name} list": f"/api/{name}/"
        for name in ("people", "events", "agreements", "places", "organizations", "sections")
    }
    return api_lists, items, lists


def fetch(client, path, allowed=(200,)):
    response = client.get(path)
    assert response.status_code in allowed, (path, response.status_code)
    return response.content.decode()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=st.lists(STORY, min_size=1, max_size=5))
def test_a_story_is_public_exactly_when_published_says_so(drawn):
    cache.clear()  # nothing cached (pages, throttle counts) carries over between examples
    client = Client()
    with transaction.atomic():
        now = timezone.now()
        world = build_world()
        made = [make_story(world, index, *story, now) for index, story in enumerate(drawn)]
        public = set(Article.objects.published().values_list("pk", flat=True))
        expected = {marker: story.pk in public for story, marker in made}
        assert public == {world["host"].pk, *(story.pk for story, _ in made if story.is_published)}

        def check(surface, content, visible=expected):
            assert GONE not in content, f"a deleted live entry leaked on the {surface}"
            for marker, should_show in visible.items():
                assert (marker in content) is should_show, (
                    f"{marker} ({drawn!r}) {'missing from' if should_show else 'leaked on'} "
                    f"the {surface}"
                )

        for story, marker in made:
            page = client.get(story.get_absolute_url())
            assert page.status_code == (200 if expected[marker] else 404), marker
            for suffix in ("", "ninjs/"):
                item = client.get(f"/api/articles/{story.slug}/{suffix}")
                assert item.status_code == (200 if expected[marker] else 404), (marker, suffix)
                check(f"API item {suffix}", item.content.decode(), {})
            check("story page", page.content.decode(), {})
            for surface, path in live_surfaces(story).items():
                response = client.get(path)
                assert response.status_code == (200 if expected[marker] else 404), (
                    marker,
                    surface,
                    response.status_code,
                )
                # A 404 page names the address it was asked for: only the entry must be absent.
                shown = {marker: True} if expected[marker] else {}
                check(surface, response.content.decode(), shown)

        for surface, path in html_surfaces(world).items():
            check(surface, fetch(client, path))
        for surface, (path, visible) in archive_surfaces(made, expected).items():
            # An archive year or month with no published story is not a page.
            check(surface, fetch(client, path, allowed=(200, 404)), visible)

        news = {
            marker: expected[marker] and story.published_at >= now - NEWS_WINDOW
            for story, marker in made
        }
        check("news sitemap", fetch(client, "/sitemap-news.xml"), news)

        count = len([marker for marker in expected if expected[marker]])
        search_page = fetch(client, f"/search/?q={SEARCH_WORD}")
        if count:
            assert f"{count} {'story' if count == 1 else 'stories'} for" in search_page

        api_lists, items, lists = api_surfaces(world)
        for surface, path in api_lists.items():
            response = client.get(path)
            assert response.status_code == 200, (path, response.content)
            check(surface, response.content.decode())
            assert len(response.json()["results"]) == count + (surface == "API stories")
        for surface, path in items.items():
            response = client.get(path)
            assert response.status_code == 200, (path, response.content)
            check(surface, response.content.decode())
            if "story_count" in response.json():
                assert response.json()["story_count"] == count, surface
        for surface, path in lists.items():
            response = client.get(path)
            assert response.status_code == 200, (path, response.content)
            # Entity lists name no stories: an unpublished one must still not appear.
            hidden = {marker: False for marker, shown in expected.items() if not shown}
            check(surface, response.content.decode(), hidden)
            for entry in response.json()["results"]:
                if "story_count" in entry:
                    assert entry["story_count"] == count, (surface, entry)
        transaction.set_rollback(True)
