"""The buffered view counter: no query per reader, nothing lost, only published stories."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from articles import view_counts
from articles.models import Article
from articles.view_counts import ViewCounter, flush_view_counts
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def updates(queries):
    return sum(query["sql"].startswith("UPDATE") for query in queries)


def views_of(article):
    article.refresh_from_db()
    return article.view_count


def test_readers_of_a_cached_story_cost_no_query_until_the_flush(client, buffered_view_counts):
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)  # renders and fills the page cache
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get(url).status_code == 200
    assert len(queries) == 0
    assert views_of(article) == 0
    with CaptureQueriesContext(connection) as queries:
        assert flush_view_counts() == 6
    # One UPDATE for every story read since the last flush (in a savepoint, in a test).
    assert updates(queries) == 1
    assert views_of(article) == 6


def test_one_flush_adds_each_storys_own_count(buffered_view_counts):
    stories = ArticleFactory.create_batch(3)
    counter = ViewCounter()
    for story, readers in zip(stories, (1, 4, 0), strict=True):
        for _ in range(readers):
            counter.add(story.pk)
    assert counter.pending() == 5
    assert counter.flush() == 5
    assert [views_of(story) for story in stories] == [1, 4, 0]
    assert counter.flush() == 0  # nothing counted twice


def test_a_flush_adds_to_what_another_process_already_wrote(buffered_view_counts):
    story = ArticleFactory()
    Article.objects.filter(pk=story.pk).update(view_count=100)
    counter = ViewCounter()
    counter.add(story.pk)
    counter.flush()
    assert views_of(story) == 101


def test_the_flush_is_due_after_the_interval(settings):
    story = ArticleFactory()
    settings.NEWSROOM_VIEW_COUNT_FLUSH_SECONDS = 3600
    counter = ViewCounter()
    counter.add(story.pk)
    assert views_of(story) == 0
    settings.NEWSROOM_VIEW_COUNT_FLUSH_SECONDS = 0
    counter.add(story.pk)  # the interval has passed: both views are written
    assert views_of(story) == 2
    assert counter.pending() == 0


def test_a_failed_flush_keeps_its_counts_for_the_next(buffered_view_counts, monkeypatch):
    story = ArticleFactory()
    counter = ViewCounter()
    counter.add(story.pk)
    counter.add(story.pk)

    def database_gone(counts):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(view_counts, "write_view_counts", database_gone)
    assert counter.flush() == 0
    assert counter.pending() == 2
    monkeypatch.undo()
    assert counter.flush() == 2
    assert views_of(story) == 2


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn"])
def test_views_of_a_story_that_is_not_public_are_never_written(
    buffered_view_counts, state, stories_in_every_state
):
    story = stories_in_every_state[state]
    counter = ViewCounter()
    counter.add(story.pk)
    counter.flush()
    assert views_of(story) == 0


def test_many_stories_in_one_flush_are_written_in_chunks(buffered_view_counts, monkeypatch):
    monkeypatch.setattr(view_counts, "FLUSH_CHUNK", 2)
    stories = ArticleFactory.create_batch(5)
    counter = ViewCounter()
    for story in stories:
        counter.add(story.pk)
    with CaptureQueriesContext(connection) as queries:
        counter.flush()
    assert updates(queries) == 3
    assert [views_of(story) for story in stories] == [1] * 5


def test_views_counted_before_a_slug_changes_are_kept(client, buffered_view_counts):
    story = ArticleFactory(slug="first-slug")
    client.get(story.get_absolute_url())  # rendered
    client.get(story.get_absolute_url())  # from the page cache
    story.slug = "second-slug"
    story.save()
    assert flush_view_counts() == 2
    assert views_of(story) == 2


def test_a_cached_page_this_process_never_rendered_finds_its_story_once(
    client, buffered_view_counts
):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    view_counts.story_ids_by_slug._ids.clear()  # as if another process had rendered it
    with CaptureQueriesContext(connection) as queries:
        client.get(story.get_absolute_url())
        client.get(story.get_absolute_url())
    assert len(queries) == 1  # the slug's id, once; then from memory
    assert flush_view_counts() == 3
    assert views_of(story) == 3
