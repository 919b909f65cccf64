"""Queries built once per connection (core/caching/fixed_shape.py): the same rows, the same
keys and the same number of queries as the queryset they stand for, for any values."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from core.caching.fixed_shape import FixedShape, FixedShapeError
from core.caching.keys import collecting
from events.models import Person
from tests.factories import ArticleFactory, PersonFactory, SectionFactory

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
