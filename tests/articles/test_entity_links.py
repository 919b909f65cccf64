"""The one table of what a story links to (articles/entity_links.py), and the one reading of
`data-entity` (core.html.parse_entity_reference) that the sanitiser, the page and the services
share."""

import pytest

from articles.entity_links import ENTITY_LINKS, LINK_FIELDS, STORY_LINKS, relation_of_letter
from articles.models import Article
from core.html import entity_references, parse_entity_reference, sanitize_html


def test_each_row_names_an_article_field_to_its_model():
    for link in STORY_LINKS:
        if link.field is not None:
            assert Article._meta.get_field(link.field).related_model is link.model, link.kind


def test_the_sanitiser_keeps_a_link_to_every_kind_a_body_may_name_and_to_no_other():
    for link in STORY_LINKS:
        html = f'<p><a href="/x/" data-entity="{link.kind}:7">it</a></p>'
        kept = 'data-entity="' in sanitize_html(html)
        assert kept is link.in_body, link.kind
    assert [link.kind for link in ENTITY_LINKS] == list(LINK_FIELDS)


@pytest.mark.parametrize(
    "value", ["person:0", "person:07", "person:", "person:12x", "Person:12", "nobody:12", "12"]
)
def test_a_malformed_reference_names_nothing(value):
    assert parse_entity_reference(value) is None


def test_only_links_name_entities_not_words_that_look_like_one():
    body = sanitize_html(
        '<p>We write data-entity="person:5" as words, and <a href="/p/" data-entity="person:7">'
        'link</a> <a href="/e/" data-entity="event:3">twice</a>, '
        '<a href="/p/" data-entity="person:7">again</a>.</p>'
    )
    assert entity_references(body) == [("person", 7), ("event", 3), ("person", 7)]


def test_the_keys_letters_are_those_the_apps_register():
    assert relation_of_letter() == {
        "p": "people",
        "e": "events",
        "g": "agreements",
        "l": "places",
        "o": "organizations",
        "a": "related_articles",
    }
