"""`PrecompiledValues` answers what its `values()` query answers: the same rows, values and
order, in one query, whatever the number of ids and across calls that reuse its SQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction
from core.precompiled import PrecompiledValues
from events.models import Event
from tests.factories import ArticleFactory, CorrectionFactory, EventFactory


def test_the_rows_are_those_of_the_values_query(db):
    stories = [ArticleFactory() for _ in range(3)]
    for day, story in enumerate(stories[:2], start=1):
        CorrectionFactory(
            article=story, published_at=datetime.datetime(2024, 10, day, tzinfo=datetime.UTC)
        )
        story.events.add(
            EventFactory(start_date=datetime.date(2024, 9, day)), EventFactory(start_date=None)
        )
    corrections = PrecompiledValues(
        Correction,
        lambda ids: Correction.objects.filter(article__in=ids).values("article", "published_at"),
    )
    events = PrecompiledValues(
        Event,
        lambda ids: Event.objects.filter(articles__in=ids).values("articles", "slug", "start_date"),
    )
    ids = [story.pk for story in stories]
    for asked in (ids, ids[:1], ids[1:], list(reversed(ids)), ids):
        for rows in (corrections, events):
            with CaptureQueriesContext(connection) as queries:
                found = rows.rows(asked)
            assert found == list(rows.values_of(asked))
            assert len(queries) == 1
    assert isinstance(corrections.rows(ids)[0]["published_at"], datetime.datetime)
    assert corrections.rows([]) == []


def test_a_query_with_other_parameters_than_its_ids_is_refused(db):
    story = ArticleFactory()
    rows = PrecompiledValues(
        Article, lambda ids: Article.objects.filter(pk__in=ids, headline="x").values("pk")
    )
    with pytest.raises(ValueError, match="its ids alone"):
        rows.rows([story.pk])
