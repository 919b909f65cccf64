"""The lists kept for readers are never stale: the first page of a section's, a person's and an
event's stories (`articles/story_lists.py`), the front page's lists (`articles.front_page.
front_lists`), and the person's or event's own row (`events.views.kept_row`).

They are kept under the keys of the list and of every story they show, so whatever purges the
page makes them stale at the same moment: a new story, a new link, a withdrawal show at once
with the page cache on or off, and a scheduled story appears when it is due, with no save. The
count and the paging links are the list's own; a reader's query string still reaches them.
"""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, EventFactory, PersonFactory, SectionFactory
from tests.signing_in import sign_in


@pytest.fixture(params=[False, True], ids=["page-cache-off", "page-cache-on"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param
    return request.param


@pytest.fixture
def lists(db):
    """A section, a person and an event, each with one story, and the pages listing them."""
    section, person, event = SectionFactory(), PersonFactory(), EventFactory()
    story = ArticleFactory(section=section, headline="The first story")
    story.people.add(person)
    story.events.add(event)
    pages = ["/", section.get_absolute_url(), person.get_absolute_url(), event.get_absolute_url()]
    return section, person, event, pages


def test_a_new_story_and_a_new_link_show_at_once_and_a_withdrawal_leaves(client, lists, page_cache):
    section, person, event, pages = lists
    for page in pages:
        assert "The first story" in client.get(page).text
    new = ArticleFactory(section=section, headline="A new story")
    assert "A new story" in client.get(section.get_absolute_url()).text
    assert "A new story" in client.get("/").text
    for linked in (person, event):
        assert "A new story" not in client.get(linked.get_absolute_url()).text
    new.people.add(person)
    new.events.add(event)
    for page in pages:
        assert "A new story" in client.get(page).text
    new.status = Article.Status.WITHDRAWN
    new.save()
    for page in pages:
        text = client.get(page).text
        assert "A new story" not in text and "The first story" in text


def test_a_scheduled_story_appears_when_due_without_a_save(client, lists, clock, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the kept lists alone
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600  # due, not expired
    section, person, event, pages = lists
    soon = ArticleFactory(
        section=section,
        headline="Coming soon",
        published_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    soon.people.add(person)
    soon.events.add(event)
    for page in pages:
        assert "Coming soon" not in client.get(page).text
    clock.advance(minutes=6)
    for page in pages:
        assert "Coming soon" in client.get(page).text


def test_the_count_and_the_paging_links_follow_the_list(client, db, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    section = SectionFactory()
    ArticleFactory.create_batch(20, section=section)
    address = section.get_absolute_url()
    assert 'class="pagination"' not in client.get(address).text
    oldest = ArticleFactory(
        section=section,
        headline="The oldest one",
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    first = client.get(address).text
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    assert "The oldest one" not in first
    # Another reader's query string stays in the links of the same kept page.
    assert 'href="?ref=feed&amp;page=2"' in client.get(f"{address}?ref=feed").text
    assert "The oldest one" in client.get(f"{address}?page=2").text
    assert client.get(f"{address}?page=3").status_code == 404
    oldest.delete()
    assert 'class="pagination"' not in client.get(address).text


def test_the_count_leaves_out_drafts_and_scheduled_stories_until_they_are_due(
    client, db, clock, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600  # due, not expired
    person = PersonFactory()
    for story in ArticleFactory.create_batch(20):
        story.people.add(person)
    ArticleFactory(draft=True).people.add(person)
    soon = ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    soon.people.add(person)
    address = person.get_absolute_url()
    assert 'class="pagination"' not in client.get(address).text
    assert client.get(f"{address}?page=2").status_code == 404
    clock.advance(minutes=6)
    assert "Page 1 of 2" in client.get(address).text
    assert client.get(f"{address}?page=2").text.count('class="story-teaser') == 1


def test_signed_in_users_neither_read_nor_fill_the_kept_lists(client, lists, editor, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    section, person, event, pages = lists
    sign_in(client, editor)
    for page in pages:
        assert "The first story" in client.get(page).text
    kept = [
        "front-lists:" + timezone.localdate().isoformat(),
        f"stories:section:{section.pk}",
        f"stories:people:{person.pk}",
        f"stories:events:{event.pk}",
    ]
    assert cache.get_many([f"fragment:{name}" for name in kept]) == {}


@pytest.mark.parametrize("factory", [PersonFactory, EventFactory], ids=["person", "event"])
def test_a_kept_row_follows_a_new_slug_a_rename_and_a_deletion_at_once(
    client, db, page_cache, factory
):
    row = factory(slug="old-slug")
    old_address = row.get_absolute_url()
    assert client.get(old_address).status_code == 200
    field = "name" if factory is PersonFactory else "title"
    setattr(row, field, "A new name")
    row.slug = "new-slug"
    row.save()
    assert client.get(old_address).status_code == 404
    assert "A new name" in client.get(row.get_absolute_url()).text
    new_address = row.get_absolute_url()
    row.delete()
    assert client.get(new_address).status_code == 404


def test_an_unknown_section_is_not_found(client, db):
    SectionFactory(slug="world")
    assert client.get("/sections/world/").status_code == 200
    assert client.get("/sections/nowhere/").status_code == 404


@pytest.mark.parametrize("stories", [1, 30])
def test_a_section_page_reads_its_first_page_once_per_change(
    client, db, django_assert_num_queries, settings, stories
):
    from core.caching import due

    settings.NEWSROOM_PAGE_CACHE = False  # the page's own queries, not the cache's
    section = SectionFactory()
    for _ in range(stories):
        ArticleFactory(section=section).people.add(PersonFactory())
    client.get("/people/")  # the site's sections, read once after a change by any page
    due.due_times()
    with django_assert_num_queries(2):  # the count (from the story index) and the page
        first = client.get(section.get_absolute_url())
    with django_assert_num_queries(0):
        again = client.get(section.get_absolute_url())
    assert again.text == first.text


def test_a_change_makes_the_front_page_again_ahead_of_its_next_reader(
    client, db, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from core.caching import due

    settings.NEWSROOM_PAGE_CACHE = False
    with django_capture_on_commit_callbacks(execute=True):  # committed, each in its turn
        section = SectionFactory()
        ArticleFactory(section=section, headline="Old news")
    client.get("/")
    # The new story commits: its purge enqueues the task (run at once in tests) that makes
    # the front page's lists again.
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(section=section, headline="Fresh news")
    due.due_times()  # the schedule, which any page reads once after a change
    with django_assert_num_queries(0):
        page = client.get("/").text
    assert "Fresh news" in page and "Old news" in page


def test_a_draft_does_not_make_the_front_page_again(
    client, db, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from articles import tasks

    settings.NEWSROOM_PAGE_CACHE = False
    with django_capture_on_commit_callbacks(execute=True):  # committed, each in its turn
        story = ArticleFactory(headline="On the front page")
    client.get("/")
    made = []
    monkeypatch.setattr(tasks, "enqueue", lambda task: made.append(task))
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(draft=True, section=story.section)  # a new section would be shown
    assert made == []
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory()
    assert made == [tasks.prepare_front_page]
