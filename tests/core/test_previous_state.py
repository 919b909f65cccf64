"""The row as it was before a save is read once per save, whoever compares it: the page cache,
the story index and the outbox (core/previous_state.py)."""

import pytest
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from core import previous_state
from events.models import Person
from tests.factories import ArticleFactory, PersonFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def reads_of_row(queries, table, pk):
    """The SELECTs of one row by its key before it is written: its previous state's reads
    (what the change's tasks read afterwards is theirs)."""
    where = f'WHERE "{table}"."id" = {pk}'
    reads = []
    for query in queries.captured_queries:
        if query["sql"].startswith(f'UPDATE "{table}"'):
            return reads
        if query["sql"].startswith("SELECT") and where in query["sql"]:
            reads.append(query["sql"])
    raise AssertionError(f"{table} {pk} was never written")


def test_a_story_save_reads_its_previous_row_once():
    story = ArticleFactory(headline="Before")
    story.people.add(PersonFactory())
    story.places.add(PlaceFactory())
    story.headline = "After"
    with CaptureQueriesContext(connection) as queries:
        story.save()
    # 29 before issue 26, when the cache, the story index and the outbox each read the old row;
    # 27 after it; 30 once the diary (a story's coverage follows it) and the outbox's fan-out of
    # an update after an earlier fan-out (issue 25) listen to the save.
    assert len(queries) == 30
    assert len(reads_of_row(queries, "articles_article", story.pk)) == 1


def test_a_person_save_reads_their_previous_row_once():
    person = PersonFactory(name="Before")
    person.name = "After"
    with CaptureQueriesContext(connection) as queries:
        person.save()
    assert len(queries) == 2  # 3 before issue 26: the cache and the story index each read it
    assert len(reads_of_row(queries, "events_person", person.pk)) == 1


def test_the_previous_row_is_read_before_any_receiver_asks_for_it():
    receivers = pre_save._live_receivers(Article)
    synchronous = receivers[0] if isinstance(receivers, tuple) else receivers
    assert synchronous[0] is previous_state.remember


def test_each_save_reads_the_row_as_it_is_then():
    story = ArticleFactory(status=Article.Status.DRAFT)
    story.status = Article.Status.IN_REVIEW
    story.save()
    seen = []

    def look(sender, instance, **kwargs):
        seen.append(previous_state.previous(instance).status)

    pre_save.connect(look, sender=Article, dispatch_uid="test-look")
    try:
        story.status = Article.Status.DRAFT
        story.save()
    finally:
        pre_save.disconnect(dispatch_uid="test-look", sender=Article)
    assert seen == [Article.Status.IN_REVIEW]


def test_asking_for_an_untracked_model_says_what_to_do():
    from articles.models import Revision

    revision = Revision()
    with pytest.raises(RuntimeError, match=r"track\(\)"):
        previous_state.previous(revision)


def test_a_new_row_has_no_previous_state():
    seen = []

    def look(sender, instance, **kwargs):
        seen.append(previous_state.previous(instance))

    pre_save.connect(look, sender=Person, dispatch_uid="test-look-new")
    try:
        PersonFactory()
    finally:
        pre_save.disconnect(dispatch_uid="test-look-new", sender=Person)
    assert seen == [None]
