"""Marking the words a search matched, escaped, on either database."""

import pytest
from django.db import connection

from articles.highlighting import body_text, excerpt, highlight_results, mark_terms
from articles.models import Article
from articles.search import search_articles
from tests.factories import ArticleFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemmed matching is PostgreSQL's: runs in CI's PostgreSQL pass (DATABASE_URL)",
)


def test_every_occurrence_is_marked_whatever_its_case():
    assert str(mark_terms("CIS summit; the cis", ["cis"])) == (
        "<mark>CIS</mark> summit; the <mark>cis</mark>"
    )


def test_the_longest_term_wins_where_terms_overlap():
    assert (
        str(mark_terms("Kremlinology", ["Kremlin", "Kremlinology"])) == "<mark>Kremlinology</mark>"
    )


def test_everything_but_the_marks_is_escaped():
    assert str(mark_terms("<b>Tom & Jerry</b>", ["Tom"])) == (
        "&lt;b&gt;<mark>Tom</mark> &amp; Jerry&lt;/b&gt;"
    )


def test_stand_in_characters_in_the_text_cannot_make_markup():
    assert str(mark_terms("a\ue000b\ue001c", [])) == "abc"
    assert str(mark_terms("a\ue000b\ue001c summit", ["summit"])) == "abc <mark>summit</mark>"


def test_excerpt_is_about_thirty_words_around_the_first_match():
    text = (
        " ".join(f"w{number}" for number in range(100))
        + " treaty "
        + " ".join(f"v{number}" for number in range(100))
    )
    shown = excerpt(text, ["treaty"])
    assert shown.startswith("… w85 ") and shown.endswith(" …")
    assert "treaty" in shown and len(shown.split()) == 30 + 2


def test_excerpt_starts_at_the_word_a_match_falls_in():
    assert excerpt("the ratified treaty", ["atifi"]) == "the ratified treaty"


def test_paragraphs_do_not_run_together_in_the_text_searched():
    assert body_text("<p>First.</p><p>Second &amp; last.</p>") == "First. Second & last."


def test_excerpt_without_a_match_is_the_opening():
    assert excerpt("one two three", ["zzz"]) == "one two three"


@pytest.mark.django_db
def test_results_keep_the_order_of_the_search(db):
    ArticleFactory(headline="Second about treaty", body="<p>treaty</p>")
    ArticleFactory(headline="Treaty first", summary="treaty", body="<p>treaty</p>")
    query = "treaty"
    ranked = list(search_articles(Article.objects.published(), query))
    results = highlight_results(ranked, query)
    assert [result.article for result in results] == ranked


@on_postgresql
@pytest.mark.django_db
def test_postgresql_marks_the_stemmed_words_it_matched(db):
    ArticleFactory(
        headline="Parliament ratified the treaty",
        summary="Ratification & more",
        body="<p>Deputies <b>ratified</b> it &amp; left.</p>",
    )
    query = "ratify"
    [result] = highlight_results(search_articles(Article.objects.published(), query), query)
    assert str(result.headline) == "Parliament <mark>ratified</mark> the treaty"
    assert "<mark>ratified</mark> it &amp; left." in str(result.excerpt)
    assert "&amp;" in str(result.summary)


def test_a_heading_and_list_items_do_not_run_together():
    body = (
        "<h2>What was agreed</h2><ul><li>A free trade zone</li><li>Ratified.</li>"
        "<li><a href='/x/'>Joint  exercises</a> </li></ul><p>Then they left.</p>"
    )
    assert body_text(body) == (
        "What was agreed · A free trade zone · Ratified. Joint exercises · Then they left."
    )


@pytest.mark.django_db
def test_a_search_snippet_separates_a_heading_from_the_list_after_it(db):
    """On either database (PostgreSQL picks its piece of the body with the same separators)."""
    ArticleFactory(
        headline="Summit ends",
        body="<h2>What was agreed</h2><ul><li>A free trade zone</li><li>A water pact</li></ul>",
    )
    [result] = highlight_results(search_articles(Article.objects.published(), "agreed"), "agreed")
    assert "What was <mark>agreed</mark> · A free trade zone · A water pact" in str(result.excerpt)
