"""Link suggestions: what the linker finds in a story and is not linked yet, one click away."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import article_suggested_links
from tests.admin.helpers import change_form_data
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    EventFactory,
    PersonFactory,
    PlaceFactory,
)
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return {
        "putin": PersonFactory(name="Vladimir Putin", aliases="Putin"),
        "tokayev": PersonFactory(name="Kassym-Jomart Tokayev", aliases="Tokayev"),
        "moscow": PlaceFactory(name="Moscow"),
        "summit": EventFactory(title="CIS summit in Bishkek"),
        "absent": PersonFactory(name="Nobody Mentioned"),
    }


@pytest.fixture
def story(world):
    article = ArticleFactory(
        headline="Putin thanks Tokayev",
        body="<p>In Moscow, Vladimir Putin recalled the CIS summit in Bishkek.</p>",
    )
    article.people.add(world["putin"])
    return article


@pytest.fixture
def editor_client(client):
    sign_in(client, EditorFactory())
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_suggestions_are_the_unlinked_mentions(story, world):
    suggestions = article_suggested_links(story)
    assert suggestions == {
        "person": [world["tokayev"]],
        "place": [world["moscow"]],
        "event": [world["summit"]],
    }


def test_the_change_page_offers_each_suggestion(editor_client, story, world):
    response = editor_client.get(change_url(story))
    panel = response.text[response.text.index('id="link-suggestions"') :]
    assert f'value="person:{world["tokayev"].pk}"' in panel
    assert f'value="place:{world["moscow"].pk}"' in panel
    assert f'value="person:{world["putin"].pk}"' not in panel  # already linked


def test_one_click_links_one_entity_and_keeps_the_edits(editor_client, story, world):
    page = editor_client.get(change_url(story))
    data = change_form_data(page, headline="Edited headline", _link=f"person:{world['tokayev'].pk}")
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302 and response.url == change_url(story)
    story.refresh_from_db()
    assert story.headline == "Edited headline"
    assert set(story.people.all()) == {world["putin"], world["tokayev"]}
    assert not story.places.exists()


def test_link_all_links_every_suggestion(editor_client, story, world):
    page = editor_client.get(change_url(story))
    editor_client.post(change_url(story), change_form_data(page, _link="all"))
    assert article_suggested_links(story) == {}
    assert set(story.events.all()) == {world["summit"]}


def test_a_forged_link_value_is_refused(editor_client, story):
    page = editor_client.get(change_url(story))
    response = editor_client.post(change_url(story), change_form_data(page, _link="user:1"))
    assert response.status_code == 403


def test_the_list_action_links_many_stories(editor_client, story, world):
    other = ArticleFactory(body="<p>Tokayev spoke.</p>")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "link_mentions", "_selected_action": [story.pk, other.pk]},
        follow=True,
    )
    assert "Added 4 links." in response.text
    assert list(Article.objects.get(pk=other.pk).people.all()) == [world["tokayev"]]
