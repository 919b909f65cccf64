"""A reader's story page made once per change and kept (articles.views.kept_story_page): the
database still says on every request whether the story is published and which one the slug
names; the page names the host it was asked on; the desk never reads what readers are served.
"""

import json
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import clear_script_prefix, reverse, set_script_prefix

from articles.models import Article
from tests.factories import ArticleFactory, LiveCoverageFactory, SectionFactory, UserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings, buffered_view_counts):
    """The view runs on every request (no page cache); what it keeps, it keeps a minute."""
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60


def headline_of(page):
    return re.search(r"<h1>(.*)</h1>", page).group(1)


def test_a_kept_page_is_served_on_one_query_that_checks_the_story_is_still_published(
    client, uncached
):
    story = ArticleFactory(headline="Kept story")
    client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(story.get_absolute_url()).text
    assert headline_of(page) == "Kept story"
    (query,) = queries
    assert '"articles_article"."status" = ' in query["sql"]
    assert '"articles_article"."published_at" <= ' in query["sql"]


@pytest.mark.parametrize("change", ["withdrawn", "moved to the future"])
def test_a_story_unpublished_without_a_purge_is_gone_for_the_next_reader(client, uncached, change):
    story = ArticleFactory()
    assert client.get(story.get_absolute_url()).status_code == 200
    # update() sends no signal: nothing purges the kept page; the database still decides.
    stories = Article.objects.filter(pk=story.pk)
    if change == "withdrawn":
        stories.update(status=Article.Status.WITHDRAWN)
    else:
        stories.update(published_at=story.published_at.replace(year=2999))
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_slug_that_names_another_story_now_shows_that_story(client, uncached):
    first = ArticleFactory(headline="First holder of the address", slug="the-address")
    client.get("/stories/the-address/")
    Article.objects.filter(pk=first.pk).update(slug="another-address")  # no purge
    ArticleFactory(headline="Second holder of the address", slug="the-address")
    page = client.get("/stories/the-address/").text
    assert headline_of(page) == "Second holder of the address"


def test_the_kept_page_names_the_host_it_was_asked_on(client, uncached):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    page = client.get(story.get_absolute_url(), HTTP_HOST="localhost").text
    canonical = f"http://localhost{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in page
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert json.loads(json_ld)["url"] == canonical
    assert "testserver" not in page


def test_a_story_made_live_is_drawn_live_for_the_next_reader(client, uncached):
    story = ArticleFactory()
    assert 'class="live"' not in client.get(story.get_absolute_url()).text
    LiveCoverageFactory(article=story)
    assert 'class="live"' in client.get(story.get_absolute_url()).text


def test_signed_in_users_neither_read_nor_fill_the_kept_page(client, uncached):
    story = ArticleFactory(headline="Before")
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline="After")  # no purge: kept a minute
    assert headline_of(client.get(story.get_absolute_url()).text) == "Before"
    sign_in(client, UserFactory())
    assert headline_of(client.get(story.get_absolute_url()).text) == "After"
    client.logout()
    assert headline_of(client.get(story.get_absolute_url()).text) == "Before"


def test_after_a_change_the_next_reader_finds_the_page_made_for_the_host_readers_use(
    client, uncached, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # committed, each in its turn
        story = ArticleFactory(headline="Before")
    client.get(story.get_absolute_url(), HTTP_HOST="localhost")
    story.headline = "After"
    # When the edit commits, a task makes the story's links and its page again.
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(story.get_absolute_url(), HTTP_HOST="localhost").text
    (query,) = queries  # the check that it is still published, no more
    assert " JOIN " not in query["sql"] and " UNION " not in query["sql"]
    assert headline_of(page) == "After"
    assert f'href="http://localhost{story.get_absolute_url()}"' in page
    # Made for the host readers asked on; another host's first reader makes its own (from
    # the links made ahead: the story, its related stories and corrections, in one query).
    with CaptureQueriesContext(connection) as queries:
        page = client.get(story.get_absolute_url()).text
    (query,) = queries
    assert " UNION " in query["sql"]
    assert f'href="http://testserver{story.get_absolute_url()}"' in page


def test_the_site_addresses_are_reversed_for_each_script_prefix():
    template = Template(
        "{% load site_tags %}{% site_url 'feed' %} {% site_url 'events:calendar' %}"
    )
    drawn = {}
    for prefix in ["/", "/news/", "/"]:
        set_script_prefix(prefix)
        try:
            drawn[prefix] = template.render(Context())
            assert drawn[prefix] == f"{reverse('feed')} {reverse('events:calendar')}"
        finally:
            clear_script_prefix()
    assert drawn == {"/": "/feeds/ /events.ics", "/news/": "/news/feeds/ /news/events.ics"}


def test_the_navigation_marks_the_section_of_its_page_only(client, uncached):
    world, economy = SectionFactory(name="World"), SectionFactory(name="Economy")
    story = ArticleFactory(section=world)
    page = client.get(story.get_absolute_url()).text
    assert 'aria-current="page"' not in page
    page = client.get(economy.get_absolute_url()).text
    assert f'<a href="{economy.get_absolute_url()}" aria-current="page">Economy</a>' in page
    assert f'<a href="{world.get_absolute_url()}">World</a>' in page
