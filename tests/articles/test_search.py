"""Search: every word must match, headline matches rank first, only what the caller allows."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import search_articles
from core.text import MAX_TERMS, search_terms
from tests.factories import ArticleFactory, SectionFactory

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


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search: runs in CI's PostgreSQL pass (DATABASE_URL=postgres://…)",
)


@postgresql_only
def test_postgresql_search_finds_other_forms_of_a_word():
    ratified = ArticleFactory(body="<p>Russia and Belarus have already ratified it.</p>")
    ArticleFactory(body="<p>Nothing about treaties here.</p>")
    assert list(search_articles(Article.objects.published(), "ratify")) == [ratified]


@postgresql_only
def test_postgresql_search_weighs_headline_over_summary_over_body():
    in_body = ArticleFactory(headline="A", summary="B", body="<p>deradicalization</p>")
    in_headline = ArticleFactory(headline="Deradicalization programme", summary="B", body="")
    in_summary = ArticleFactory(headline="C", summary="On deradicalization", body="")
    results = list(search_articles(Article.objects.published(), "deradicalization"))
    assert results == [in_headline, in_summary, in_body]


@postgresql_only
def test_postgresql_search_ignores_markup_and_understands_web_syntax():
    ArticleFactory(headline="Moscow", body='<p class="strong">summit</p>')
    bishkek = ArticleFactory(headline="Bishkek summit")
    assert list(search_articles(Article.objects.published(), "strong")) == []
    assert list(search_articles(Article.objects.published(), "summit -moscow")) == [bishkek]


def test_hostile_queries_are_harmless():
    ArticleFactory(headline="Summit")
    for query in ["'; DROP TABLE articles_article; --", "a & | ! ( ) : *", "\\", "x" * 5000]:
        assert list(search_articles(Article.objects.published(), query)) == []


def test_a_common_word_ranks_only_its_most_recent_matches(monkeypatch):
    monkeypatch.setattr(search, "MAX_RANKED", 3)
    now = timezone.now()
    oldest_first = [
        ArticleFactory(
            headline=f"Leaders meet {'in Tashkent' if number == 3 else ''}",
            published_at=now - datetime.timedelta(days=10 - number),
        )
        for number in range(5)
    ]
    results = list(search_articles(Article.objects.published(), "leaders"))
    # The three newest are ranked; the two oldest are not shown, however well they match.
    assert set(results) == set(oldest_first[2:])
    assert len(list(search_articles(Article.objects.published(), "leaders tashkent"))) == 1


def test_the_newest_matches_are_taken_after_the_callers_filters(monkeypatch):
    """A section's search ranks that section's newest matches, not the site's."""
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    section = SectionFactory()
    now = timezone.now()
    in_section = ArticleFactory(headline="Leaders meet", section=section, published_at=now)
    ArticleFactory.create_batch(3, headline="Leaders meet", published_at=now)
    older = ArticleFactory(
        headline="Leaders met", section=section, published_at=now - datetime.timedelta(days=9)
    )
    results = search_articles(Article.objects.published().filter(section=section), "leaders")
    assert set(results) == {in_section, older}


@pytest.mark.parametrize("recent", [0, 1, 2, 3], ids=lambda n: f"{n} in the last 90 days")
def test_the_newest_matches_are_the_same_whichever_window_holds_them(monkeypatch, recent):
    """Recent months are asked first; the answer is the newest matches all the same."""
    monkeypatch.setattr(search, "MAX_RANKED", 3)
    now = timezone.now()
    ages = [1 + day for day in range(recent)] + [400 + day for day in range(5 - recent)]
    stories = [
        ArticleFactory(headline="Leaders meet", published_at=now - datetime.timedelta(days=age))
        for age in ages
    ]
    stories.append(ArticleFactory(headline="Leaders meet", draft=True))  # the desk's draft
    results = set(search_articles(Article.objects.all(), "leaders"))
    assert results == {stories[-1], *stories[:2]}  # the draft, then the two newest
    published = set(search_articles(Article.objects.published(), "leaders"))
    assert published == set(stories[:3])
