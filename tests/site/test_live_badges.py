"""Readers can tell a story is live: "Live" before its headline wherever it is drawn (its own
page, every teaser on the front, section, person, event, archive and search pages), shown the
moment its coverage opens and gone the moment it closes, through every kept page and part of a
page (the page cache, the teasers' fragments, the front page's lists); and a story covering an
event live is among that event's stories.

The badge comes from the relation every list of stories selects with the stories
(`articles.views.published_stories`), so a live story costs no query more in a list, and the
coverage's key is on every teaser showing it: opening or closing purges them.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from live import services
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    EventFactory,
    LiveCoverageFactory,
    PersonFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

BADGE = '<span class="story-badge story-badge-live">Live</span> '


@pytest.fixture(params=[False, True], ids=["page-cache-off", "page-cache-on"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param
    return request.param


@pytest.fixture
def story(db):
    """A published story in a section, linked to a person and an event, and the pages that
    draw it as a teaser."""
    section, person, event = SectionFactory(), PersonFactory(), EventFactory()
    story = ArticleFactory(section=section, headline="Summit in Zanzibar")
    story.people.add(person)
    story.events.add(event)
    ArticleFactory(section=section, headline="A plain story")
    story.pages = {
        "front": "/",
        "section": section.get_absolute_url(),
        "person": person.get_absolute_url(),
        "event": event.get_absolute_url(),
        "archive": f"/archive/{story.published_at:%Y/%m}/",
        "search": "/search/?q=Zanzibar",
        "story": story.get_absolute_url(),
    }
    return story


def badged(html, headline):
    """Whether `headline` is drawn with the live badge right before it (in a teaser's link, the
    front page's lead or the story's own h1; search marks the words it found)."""
    html = html.replace("<mark>", "").replace("</mark>", "")
    pattern = re.escape(BADGE) + r"(?:<a [^>]*>)?" + re.escape(headline)
    return re.search(pattern, html) is not None


def badges_by_page(client, story):
    return {
        name: badged(client.get(path).text, story.headline) for name, path in story.pages.items()
    }


@pytest.fixture
def desk_editor(db):
    return EditorFactory()


def test_a_live_story_is_badged_wherever_it_is_drawn_and_a_plain_one_nowhere(
    client, story, page_cache
):
    assert badges_by_page(client, story) == dict.fromkeys(story.pages, False)
    LiveCoverageFactory(article=story)
    assert badges_by_page(client, story) == dict.fromkeys(story.pages, True)
    for path in story.pages.values():
        assert not badged(client.get(path).text, "A plain story")


def test_opening_and_closing_the_coverage_changes_the_kept_pages_at_once(
    client, story, page_cache, desk_editor, django_assert_num_queries
):
    coverage = LiveCoverageFactory(article=story)
    assert badges_by_page(client, story) == dict.fromkeys(story.pages, True)
    if page_cache:
        # The front page is served from the page cache, not drawn again: the purge must reach it.
        with django_assert_num_queries(0):
            assert badged(client.get("/").text, story.headline)
    services.live_coverage_set_open(coverage=coverage, user=desk_editor, is_open=False)
    assert badges_by_page(client, story) == dict.fromkeys(story.pages, False)
    services.live_coverage_set_open(coverage=coverage, user=desk_editor, is_open=True)
    assert badges_by_page(client, story) == dict.fromkeys(story.pages, True)
    coverage.delete()  # made plain again
    assert badges_by_page(client, story) == dict.fromkeys(story.pages, False)


def test_the_kept_teaser_and_the_pages_carry_the_coverage_key(client, story, settings):
    """The teaser kept as a fragment names the coverage it shows the badge of (its story's key
    is purged by every coverage change too, but a part of a page names what it shows)."""
    from django.core.cache import cache

    from core.caching.fragments import PREFIX

    settings.NEWSROOM_PAGE_CACHE = True
    LiveCoverageFactory(article=story)
    for name in ("front", "section", "person", "event", "search"):
        keys = client.get(story.pages[name])["Surrogate-Key"].split()
        assert f"v{story.pk}" in keys, name
    assert f"v{story.pk}" in cache.get(f"{PREFIX}teaser:{story.pk}").keys


def test_a_live_story_costs_no_query_more_in_a_list(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    section = SectionFactory()
    stories = ArticleFactory.create_batch(5, section=section)

    def queries():
        from django.core.cache import cache

        cache.clear()  # every teaser and list made again
        with CaptureQueriesContext(connection) as captured:
            assert client.get(section.get_absolute_url()).status_code == 200
        return len(captured)

    plain = queries()
    for story in stories[:3]:
        LiveCoverageFactory(article=story)
    assert queries() == plain


def test_a_story_covering_an_event_live_is_among_the_events_stories(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    event = EventFactory()
    story = ArticleFactory(headline="Following the summit live")
    assert "Following the summit live" not in client.get(event.get_absolute_url()).text
    LiveCoverageFactory(article=story, event=event)
    html = client.get(event.get_absolute_url()).text
    stories = html[html.index('id="stories-heading"') :]
    assert badged(stories, "Following the summit live")
    assert list(event.articles.all()) == [story]


def test_a_live_story_is_badged_among_a_stories_related_stories(client, settings, page_cache):
    """The story page loads its related stories itself (articles/story_page/loading.py); the teaser
    it keeps is the same fragment every list reads, so it must carry the badge too."""
    story = ArticleFactory(headline="The plain story")
    live = ArticleFactory(headline="The live one")
    story.related_articles.add(live)
    LiveCoverageFactory(article=live)
    assert badged(client.get(story.get_absolute_url()).text, "The live one")
    assert badged(client.get(live.section.get_absolute_url()).text, "The live one")
