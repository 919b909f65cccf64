"""The foundation's public pages answer, and only published stories reach them."""

import pytest

pytestmark = pytest.mark.django_db


def test_front_page_lists_only_published_stories(client, stories_in_every_state):
    response = client.get("/")
    assert response.status_code == 200
    assert "Published story" in response.text
    for state in ["draft", "in_review", "scheduled", "withdrawn"]:
        assert stories_in_every_state[state].headline not in response.text


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "withdrawn"])
def test_unpublished_story_page_is_not_found(client, stories_in_every_state, state):
    story = stories_in_every_state[state]
    assert client.get(story.get_absolute_url()).status_code == 404


def test_published_story_page_shows_the_story(client, stories_in_every_state):
    story = stories_in_every_state["published"]
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert story.headline in response.text


def test_admin_login_page_answers(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "Log in" in response.text
