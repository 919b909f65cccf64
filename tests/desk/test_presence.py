"""Who else is here: each open story form's heartbeat names the others who have it open."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, UserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    sign_in(client, user)
    return client


def heartbeat(client, story, **data):
    return client.post(reverse("desk:presence", args=[story.pk]), data)


def test_two_people_on_one_story_see_each_others_names(settings):
    story = ArticleFactory(draft=True)
    anna = signed_in(EditorFactory(username="anna", first_name="Anna", last_name="Editor"))
    boris = signed_in(EditorFactory(username="boris"))
    assert heartbeat(anna, story).json() == {"others": []}
    assert heartbeat(boris, story).json() == {"others": ["Anna Editor"]}
    assert heartbeat(anna, story).json() == {"others": ["boris"]}
    # Another story is another room.
    assert heartbeat(anna, ArticleFactory()).json() == {"others": []}


def test_leaving_removes_the_name():
    story = ArticleFactory(draft=True)
    anna = signed_in(EditorFactory(username="anna"))
    boris = signed_in(EditorFactory(username="boris"))
    heartbeat(anna, story)
    heartbeat(boris, story, leaving="1")
    assert heartbeat(anna, story).json() == {"others": []}
    heartbeat(boris, story)
    assert heartbeat(anna, story).json() == {"others": ["boris"]}
    heartbeat(boris, story, leaving="1")
    assert heartbeat(anna, story).json() == {"others": []}


def test_a_name_goes_once_its_heartbeats_stop(clock, settings):
    settings.NEWSROOM_PRESENCE_SECONDS = 30
    story = ArticleFactory(draft=True)
    anna = signed_in(EditorFactory(username="anna"))
    boris = signed_in(EditorFactory(username="boris"))
    heartbeat(boris, story)
    clock.advance(seconds=29)
    assert heartbeat(anna, story).json() == {"others": ["boris"]}
    clock.advance(seconds=2)  # boris's tab closed without a word
    assert heartbeat(anna, story).json() == {"others": []}


def test_presence_is_for_the_desk_only():
    story = ArticleFactory(draft=True)
    assert heartbeat(Client(), story).status_code == 401
    assert heartbeat(signed_in(UserFactory()), story).status_code == 403
    assert heartbeat(signed_in(ReporterFactory()), story).status_code == 200  # may view it
    assert Client().get(reverse("desk:presence", args=[story.pk])).status_code == 401
