"""The editor's references on the public page: a link naming an entity follows it when it is
renamed or moved and becomes plain words when it is deleted; a library picture is drawn with
its renditions, caption and credit."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory, ImageFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def story_linking(person, words="Mr Putin"):
    story = ArticleFactory(
        body=(
            f'<p>Then <a href="/people/old/" data-entity="person:{person.pk}">{words}</a> left.</p>'
        )
    )
    story.people.add(person)
    return story


def page(story, settings):
    """The story's text as a reader gets it (the page's story-body block)."""
    settings.NEWSROOM_PAGE_CACHE = False
    html = Client().get(story.get_absolute_url()).text
    start = html.index('<div class="story-body">')
    return html[start : html.index("</div>", start)]


def test_a_link_to_a_person_points_at_their_page_as_it_is_now(settings):
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    story = story_linking(putin)
    html = page(story, settings)
    assert (
        f'<a class="mention mention-person" href="/people/vladimir-putin/" '
        f'data-entity="person:{putin.pk}" rel="noopener noreferrer">Mr Putin</a>'
    ) in html
    assert "/people/old/" not in html  # the stored address is never used


def test_renaming_a_person_moves_the_link_and_keeps_its_words(settings):
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    story = story_linking(putin)
    putin.name, putin.slug = "Vladimir V. Putin", "vladimir-v-putin"
    putin.save()
    html = page(story, settings)
    assert 'href="/people/vladimir-v-putin/"' in html
    assert ">Mr Putin</a> left." in html
    assert "Vladimir V. Putin</a>" not in html  # the text is the reporter's, not the name's


def test_deleting_a_person_leaves_the_words_as_plain_text(settings):
    putin = PersonFactory(name="Vladimir Putin")
    story = story_linking(putin)
    putin.delete()
    html = page(story, settings)
    assert "<p>Then Mr Putin left.</p>" in html


def test_an_unknown_entity_is_plain_words_and_a_place_or_organization_resolves(settings):
    cis = OrganizationFactory(name="Commonwealth of Independent States")
    story = ArticleFactory(
        body=(
            '<p><a href="/x/" data-entity="person:999999">Nobody</a> and '
            f'<a href="/y/" data-entity="organization:{cis.pk}">the CIS</a>.</p>'
        )
    )
    html = page(story, settings)
    assert "<p>Nobody and <a " in html
    assert f'href="{cis.get_absolute_url()}" data-entity="organization:{cis.pk}"' in html


def test_a_person_linked_by_hand_is_not_linked_again_at_first_mention(settings):
    putin = PersonFactory(name="Vladimir Putin")
    story = ArticleFactory(
        body=(
            f'<p>Vladimir Putin spoke. <a href="/x/" data-entity="person:{putin.pk}">He</a>'
            " left.</p>"
        )
    )
    story.people.add(putin)
    html = page(story, settings)
    assert "<p>Vladimir Putin spoke. <a " in html
    assert html.count('class="mention mention-person"') == 1


def test_a_library_picture_is_drawn_with_its_renditions_caption_and_credit(settings):
    image = ImageFactory(
        file__width=800, file__height=600, alt_text="Leaders", caption="In the hall", credit="TASS"
    )
    story = ArticleFactory(
        body=(
            f'<p>Before.</p><figure data-image="{image.pk}"><img src="/old.jpg" alt="old">'
            "<figcaption>old caption</figcaption></figure><p>After.</p>"
        )
    )
    html = page(story, settings)
    assert 'srcset="' in html and " 320w" in html and " 640w" in html and " 800w" in html
    assert 'alt="Leaders"' in html and "In the hall" in html and "Photo: TASS" in html
    assert "/old.jpg" not in html and "old caption" not in html
    image.delete()
    html = page(story, settings)
    assert "<p>Before.</p><p>After.</p>" in html


def test_references_cost_no_query_when_they_are_the_storys_relations(
    client, settings, django_assert_num_queries, buffered_view_counts
):
    settings.NEWSROOM_PAGE_CACHE = False
    # Nothing kept: every read renders the body, as the first reader after a change does.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    plain = ArticleFactory(body="<p>Words.</p>")
    putin = PersonFactory(name="Vladimir Putin")
    plain.people.add(putin)
    linked = story_linking(putin)
    client.get(plain.get_absolute_url())
    with django_assert_num_queries(5) as plain_queries:
        client.get(plain.get_absolute_url())
    with django_assert_num_queries(len(plain_queries)):
        client.get(linked.get_absolute_url())


def test_the_api_and_ninjs_carry_the_references_as_they_are_now_with_absolute_addresses(client):
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    story = story_linking(putin)
    putin.slug = "vladimir-v-putin"
    putin.save()
    gone = PersonFactory(name="Somebody")
    story.body += f'<p><a href="/people/x/" data-entity="person:{gone.pk}">Somebody</a>.</p>'
    story.save()
    gone.delete()
    item = client.get(f"/api/articles/{story.slug}/").json()["body"]
    ninjs = client.get(f"/api/articles/{story.slug}/ninjs/").json()["bodies"][0]["value"]
    for body in (item, ninjs):
        assert 'href="http://testserver/people/vladimir-v-putin/"' in body
        assert "/people/old/" not in body and "/people/x/" not in body
        assert "<p>Somebody.</p>" in body  # a deleted person's words stay, as plain text
        assert 'class="mention' in body  # the reference, not a first-mention link
        assert body.count("<a ") == 1
