"""Search: every word must match, headline matches rank first, only what the caller allows."""

import pytest

from articles.models import Article
from articles.search import MAX_TERMS, search_articles, search_terms
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_headline_match_ranks_above_body_match():
    in_body = ArticleFactory(headline="Leaders meet", body="<p>They talked in Samarkand.</p>")
    in_headline = ArticleFactory(headline="Samarkand to host AI conference")
    results = list(search_articles(Article.objects.published(), "samarkand"))
    assert results == [in_headline, in_body]


def test_every_word_must_match():
    ArticleFactory(headline="Summit in Moscow")
    both = ArticleFactory(headline="Summit in Bishkek", summary="Moscow sent a delegation.")
    assert list(search_articles(Article.objects.published(), "summit moscow delegation")) == [both]


def test_search_keeps_the_callers_door(stories_in_every_state):
    results = search_articles(Article.objects.published(), "story")
    assert list(results) == [stories_in_every_state["published"]]


@pytest.mark.parametrize("query", ["", "   ", None])
def test_an_empty_query_finds_nothing(query):
    ArticleFactory()
    assert list(search_articles(Article.objects.published(), query)) == []


def test_overlong_queries_are_cut_to_a_bounded_number_of_terms():
    terms = search_terms(" ".join(f"word{number}" for number in range(100)) + "x" * 10_000)
    assert len(terms) == MAX_TERMS
