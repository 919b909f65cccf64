"""Nothing of the desk's diary reaches the public: coverage notes, assignments (who covers
what, by when), cancellation reasons and internal diary entries appear on no page, feed,
calendar, sitemap, search result or API answer — for an anonymous reader, an API consumer, or a
signed-in reporter reading the public site. A planned draft or live page started from the
diary stays unpublished like any draft. And no public address leads into planning/."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from articles.models import Article
from planning import services
from planning.models import CoverageItem
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    CountryFactory,
    DiaryEntryFactory,
    EditorFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    ReporterFactory,
    SectionFactory,
)
from tests.hardening.test_nothing_unpublished_leaks import api_surfaces, html_surfaces
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

# Words that exist only in the diary: each must appear nowhere public.
NOTES = "qznotesdiaryx"
REASON = "qzreasondiaryx"
ASSIGNEE = "Qzassigneex"
ENTRY = "Qzinternalentryx"
ENTRY_NOTES = "qzentrynotesx"
SEARCH_WORD = "Kremlinology"
SECRETS = [NOTES, REASON, ASSIGNEE.lower(), ENTRY.lower(), ENTRY_NOTES]


def build_diary():
    country = CountryFactory()
    world = {
        "section": SectionFactory(),
        "person": PersonFactory(country=country),
        "place": PlaceFactory(country=country),
        "organization": OrganizationFactory(),
        "country": country,
        "agreement": None,
    }
    event = EventFactory(
        title="Public summit",
        place=world["place"],
        organization=world["organization"],
        start_date=timezone.localdate() + datetime.timedelta(days=1),
        status="scheduled",
    )
    ParticipationFactory(event=event, person=world["person"])
    world["event"] = event
    published = ArticleFactory(
        headline="Published story",
        body=f"<p>{SEARCH_WORD}</p>",
        section=world["section"],
        dateline_place=world["place"],
    )
    for field, value in (
        ("people", world["person"]),
        ("events", event),
        ("places", world["place"]),
        ("organizations", world["organization"]),
    ):
        getattr(published, field).add(value)
    world["host"] = published
    world["agreement"] = AgreementFactory(adopted_at=event)

    editor = EditorFactory()
    reporter = ReporterFactory(first_name=ASSIGNEE, last_name="Reporter")
    plan = {"user": editor, "due": timezone.now() + datetime.timedelta(days=1)}
    story = services.coverage_plan(
        subject=event, kind="story", assignee=reporter, notes=NOTES, **plan
    )
    services.coverage_start(item=story, user=reporter)  # a draft, linked to the event
    live = services.coverage_plan(subject=event, kind="live", assignee=reporter, **plan)
    services.coverage_start(item=live, user=reporter)  # a live page, never published
    dropped = services.coverage_plan(subject=event, kind="video", notes=NOTES, **plan)
    services.coverage_cancel(item=dropped, user=editor, reason=REASON)
    entry = DiaryEntryFactory(
        title=f"{ENTRY} visit",
        place=world["place"],
        organization=world["organization"],
        notes=ENTRY_NOTES,
    )
    entry.people.add(world["person"])
    services.coverage_plan(subject=entry, kind="story", assignee=reporter, notes=NOTES, **plan)
    # Published stories about the same world, besides the host: counts must not move.
    assert Article.objects.published().count() == 1
    assert CoverageItem.objects.count() == 4
    return world, reporter


def public_paths(world):
    paths = dict(html_surfaces(world))
    api_lists, items, lists = api_surfaces(world)
    paths.update(api_lists)
    paths.update(items)
    paths.update(lists)
    paths.update(
        {
            "event list": "/events/",
            "people list": "/people/",
            "agreement list": "/agreements/",
            "events calendar": "/events.ics",
            "event calendar": f"/events/{world['event'].slug}.ics",
            "sitemap index": "/sitemap.xml",
            "news sitemap": "/sitemap-news.xml",
            "robots": "/robots.txt",
            "API countries": "/api/countries/",
            "API events from today": f"/api/events/?date_after={timezone.localdate():%Y-%m-%d}",
            "API events of the place": f"/api/events/?place={world['place'].slug}",
            "API events of the person": f"/api/events/?person={world['person'].slug}",
            "ninjs of the story": f"/api/articles/{world['host'].slug}/ninjs/",
        }
    )
    return paths


def test_searching_for_the_diary_s_words_finds_nothing(client):
    """Search pages repeat the words asked for: what must be absent is any result."""
    cache.clear()
    build_diary()
    for word in [*SECRETS, "visit"]:
        page = client.get(f"/search/?q={word}").content.decode()
        assert "No stories found for" in page, word
        assert client.get(f"/api/articles/?q={word}").json()["results"] == [], word


def sitemap_sections(client):
    index = client.get("/sitemap.xml").content.decode()
    return [part.split("</loc>")[0].split("testserver")[-1] for part in index.split("<loc>")[1:]]


@pytest.mark.parametrize("signed_in", [False, True])
def test_nothing_of_the_diary_is_on_any_public_surface(client, signed_in):
    cache.clear()
    world, reporter = build_diary()
    if signed_in:
        sign_in(client, reporter)  # a reporter reading the public site, not the desk
    paths = public_paths(world)
    for number, path in enumerate(sitemap_sections(client)):
        paths[f"sitemap {number}"] = path
    for surface, path in paths.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (surface, path, response.status_code)
        content = response.content.decode().lower()
        for secret in SECRETS:
            assert secret not in content, f"{secret} leaked on the {surface} ({path})"
        assert "live now" not in content, f"an unpublished live page shows on the {surface}"
    # The planned draft and live page are drafts like any other.
    assert Article.objects.published().count() == 1
    # The internal entry has no public address, whatever one guesses.
    for guess in ("qzinternalentryx-visit", f"qzinternalentryx-visit-{timezone.now():%Y}"):
        assert client.get(f"/events/{guess}/").status_code == 404
        assert client.get(f"/api/events/{guess}/").status_code == 404


def test_the_story_counts_of_the_world_ignore_the_planned_drafts(client):
    cache.clear()
    world, _ = build_diary()
    response = client.get(f"/api/events/{world['event'].slug}/")
    assert response.json()["story_count"] == 1


def public_patterns(resolver=None, prefix=""):
    """(address pattern, view module) of every route the project serves."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from public_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            module = getattr(callback, "__module__", "") or ""
            wrapped = getattr(callback, "__wrapped__", None)
            while wrapped is not None:
                module = getattr(wrapped, "__module__", module)
                wrapped = getattr(wrapped, "__wrapped__", None)
            yield route, module


def test_every_address_into_planning_is_the_desk_s():
    diary_routes = [route for route, module in public_patterns() if module.startswith("planning")]
    assert diary_routes, "the diary's routes were not found: this test would prove nothing"
    assert all(route.startswith("admin/planning/") for route in diary_routes), diary_routes


def test_the_api_names_nothing_of_the_diary(client):
    schema = client.get("/api/schema/").content.decode().lower()
    for word in ("coverage", "assignment", "diary", "planning"):
        assert word not in schema, word
