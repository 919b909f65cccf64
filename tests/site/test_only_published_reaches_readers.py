"""Every surface of the public site shows published stories only: a draft, a story in review,
a scheduled and a withdrawn story linked to the same things never appear, nor in a count."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = ["draft", "in_review", "scheduled", "withdrawn"]


@pytest.fixture
def stories(world, stories_in_every_state):
    """The five stories, each linked to the same section, person, event, agreement, place and
    organization, quoting the same person, and sharing a searchable word."""
    for story in stories_in_every_state.values():
        story.section = world.section
        story.body = f"<p>Kremlinology: {story.headline}.</p>"
        # The unpublished ones are the "most read", so a leak would top the list.
        story.view_count = 0 if story.is_published else 1000
        story.save()
        story.people.add(world.putin)
        story.events.add(world.session)
        story.agreements.add(world.treaty)
        story.places.add(world.moscow)
        story.organizations.add(world.cis)
        QuoteFactory(
            article=story,
            speaker=world.putin,
            event=world.session,
            text=f"Said in {story.headline}",
        )
    return stories_in_every_state


def archive_month(world):
    now = timezone.localtime()
    return f"/archive/{now.year}/{now.month}/"


SURFACES = {
    "front page": lambda world: "/",
    "section page": lambda world: world.section.get_absolute_url(),
    "person page": lambda world: world.putin.get_absolute_url(),
    "event page": lambda world: world.session.get_absolute_url(),
    "agreement page": lambda world: world.treaty.get_absolute_url(),
    "place page": lambda world: world.moscow.get_absolute_url(),
    "country page": lambda world: world.russia.get_absolute_url(),
    "organization page": lambda world: world.cis.get_absolute_url(),
    "archive year": lambda world: f"/archive/{timezone.localtime().year}/",
    "archive month": archive_month,
    "search": lambda world: "/search/?q=Kremlinology",
    "RSS feed": lambda world: "/feeds/",
    "Atom feed": lambda world: "/feeds/atom/",
    "section feed": lambda world: f"/feeds/sections/{world.section.slug}/",
    "person feed": lambda world: f"/feeds/people/{world.putin.slug}/atom/",
    "stories sitemap": lambda world: "/sitemap-stories.xml",
    "news sitemap": lambda world: "/sitemap-news.xml",
}


@pytest.mark.parametrize("surface", SURFACES)
def test_only_the_published_story_appears(client, world, stories, surface):
    response = client.get(SURFACES[surface](world))
    assert response.status_code == 200
    content = response.content.decode()
    assert stories["published"].get_absolute_url() in content
    for state in UNPUBLISHED:
        assert stories[state].get_absolute_url() not in content, f"{state} story leaked"
        assert stories[state].headline not in content, f"{state} story leaked"


@pytest.mark.parametrize("surface", ["person page", "event page"])
def test_quotes_come_from_published_stories_only(client, world, stories, surface):
    page = client.get(SURFACES[surface](world)).text
    assert "Said in Published story" in page
    for state in UNPUBLISHED:
        assert f"Said in {stories[state].headline}" not in page


def test_search_counts_only_published_stories(client, stories):
    page = client.get("/search/?q=Kremlinology").text
    assert "1 story for “Kremlinology”" in page


def test_most_read_ranks_only_published_stories(client, world, stories):
    page = client.get("/").text
    most_read = page.split('id="most-read-heading"')[1].split("</ol>")[0]
    assert "Published story" in most_read
    assert "Draft story" not in most_read


def test_section_sitemap_lastmod_ignores_unpublished_stories(client, world, stories):
    # A scheduled story tomorrow must not make the section look changed tomorrow.
    content = client.get("/sitemap-sections.xml").content.decode()
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).date().isoformat()
    assert f"<lastmod>{tomorrow}" not in content
