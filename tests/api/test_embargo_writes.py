"""The write API asks the workflow's embargo rule as the admin does: a reporter's embargo is a
403 and nothing is saved; an editor sets and lifts one; one on a public story is a 400."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def later(hours=5):
    return timezone.now() + datetime.timedelta(hours=hours)


def api_patch(client, story, **fields):
    return client.patch(
        f"/api/desk/articles/{story.pk}/", {"version": story.version, **fields}, format="json"
    )


def test_the_write_api_refuses_a_reporters_embargo(reporter, reporter_client):
    story = ArticleFactory(draft=True, created_by=reporter)
    response = api_patch(reporter_client, story, embargoed_until=later().isoformat())
    assert response.status_code == 403
    assert "Only editors set or lift an embargo." in response.content.decode()
    assert Article.objects.get(pk=story.pk).embargoed_until is None


def test_the_write_api_lets_an_editor_set_and_lift_an_embargo(editor_client):
    client = editor_client
    story = ArticleFactory(scheduled=True)
    until = later(30)
    response = api_patch(client, story, embargoed_until=until.isoformat())
    assert response.status_code == 200, response.content
    assert Article.objects.get(pk=story.pk).embargoed_until == until
    story.refresh_from_db()
    response = api_patch(client, story, embargoed_until=None)
    assert response.status_code == 200
    assert Article.objects.get(pk=story.pk).embargoed_until is None


def test_the_write_api_refuses_an_embargo_on_a_public_story(editor_client):
    client = editor_client
    story = ArticleFactory()
    response = api_patch(client, story, embargoed_until=later().isoformat())
    assert response.status_code == 400
    assert "public already" in response.json()["embargoed_until"][0]
