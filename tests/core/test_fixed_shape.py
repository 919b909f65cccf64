"""Queries built once per connection (core/caching/fixed_shape.py): the same rows, the same
keys and the same number of queries as the queryset they stand for, for any values."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from core.caching.fixed_shape import IDS, FixedShape, FixedShapeError
from core.caching.keys import collecting
from events.models import Event, Person
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    EventFactory,
    PersonFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def stories_in(section, now):
    return (
        Article.objects.published(now=now)
        .filter(section=section)
        .select_related("section")
        .latest_first()
    )


STORIES_IN = FixedShape(stories_in, section=int, now=datetime.datetime)


def as_rows(stories):
    return [(story.pk, story.headline, story.section.name) for story in stories]


def test_the_rows_are_the_querysets_for_every_value():
    sections = SectionFactory.create_batch(2)
    now = timezone.now()
    for section in sections:
        ArticleFactory.create_batch(2, section=section, published_at=now - datetime.timedelta(1))
    # Published tomorrow: out of today's list, in tomorrow's.
    ArticleFactory(section=sections[1], published_at=now + datetime.timedelta(1))
    for section in sections:
        for moment in (now, now + datetime.timedelta(2)):
            expected = as_rows(stories_in(section.pk, moment))
            assert as_rows(STORIES_IN(section=section.pk, now=moment)) == expected
    assert len(STORIES_IN(section=sections[1].pk, now=now + datetime.timedelta(2))) == 3


def test_one_query_and_the_same_keys_as_the_queryset():
    section = SectionFactory()
    stories = ArticleFactory.create_batch(2, section=section)
    now = timezone.now()
    STORIES_IN(section=section.pk, now=now)  # compiled on this connection
    with collecting() as plain:
        list(stories_in(section.pk, now))
    with CaptureQueriesContext(connection) as queries, collecting() as fixed:
        rows = STORIES_IN(section=section.pk, now=now)
    assert len(queries) == 1
    assert fixed == plain
    assert {f"a{story.pk}" for story in stories} <= fixed
    assert {story.pk for story in rows} == {story.pk for story in stories}


def test_a_query_whose_sql_depends_on_the_values_is_refused():
    people = PersonFactory.create_batch(3)
    first_n = FixedShape(lambda n: Person.objects.filter(pk__in=[p.pk for p in people[:n]]), n=int)
    with pytest.raises(FixedShapeError):
        first_n(n=2)  # the stand-in built an empty list: another SQL


def test_none_and_unknown_names_are_refused():
    with pytest.raises(FixedShapeError):
        STORIES_IN(section=None, now=timezone.now())
    with pytest.raises(TypeError):
        STORIES_IN(section=1)


def test_a_query_that_prefetches_is_refused():
    """Its prefetch's own queryset would keep the stand-ins: prefetching is done after."""
    with_positions = FixedShape(
        lambda person: Person.objects.filter(pk=person).prefetch_related("positions"), person=int
    )
    with pytest.raises(FixedShapeError):
        with_positions(person=1)


def test_a_list_of_ids_of_any_length_gives_the_values_querys_rows(db):
    """One compiled query per length of the list; an empty list asks nothing."""
    stories = ArticleFactory.create_batch(3)
    for day, story in enumerate(stories[:2], start=1):
        CorrectionFactory(
            article=story, published_at=datetime.datetime(2024, 10, day, tzinfo=datetime.UTC)
        )
        story.events.add(
            EventFactory(start_date=datetime.date(2024, 9, day)), EventFactory(start_date=None)
        )

    def corrections_of(ids):
        return Correction.objects.filter(article__in=ids).values("article", "published_at")

    def events_of(ids):
        return Event.objects.filter(articles__in=ids).values("articles", "slug", "start_date")

    shapes = {
        corrections_of: FixedShape(corrections_of, ids=IDS),
        events_of: FixedShape(events_of, ids=IDS),
    }
    ids = [story.pk for story in stories]
    for asked in (ids, ids[:1], ids[1:], list(reversed(ids)), ids):
        for build, shape in shapes.items():
            with CaptureQueriesContext(connection) as queries:
                found = shape(ids=asked)
            assert found == list(build(asked))
            assert len(queries) == 1
    rows = shapes[corrections_of](ids=ids)
    assert isinstance(rows[0]["published_at"], datetime.datetime)
    with CaptureQueriesContext(connection) as queries:
        assert shapes[corrections_of](ids=[]) == []
    assert len(queries) == 0


def test_list_keys_name_the_real_ids(db):
    """The stand-ins' keys are given the real ones, digit for digit (a stand-in's digits may
    begin another's)."""
    people = PersonFactory.create_batch(2)
    stories = [ArticleFactory() for _ in range(2)]
    for story, person in zip(stories, people, strict=True):
        story.people.add(person)
    shape = FixedShape(lambda ids: Person.objects.filter(articles__in=ids), ids=IDS)
    ids = [story.pk for story in stories]
    shape(ids=ids)  # compiled
    with collecting() as plain:
        list(Person.objects.filter(articles__in=ids))
    with collecting() as fixed:
        shape(ids=ids)
    assert fixed == plain
