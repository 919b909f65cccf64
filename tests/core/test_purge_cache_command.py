"""`manage.py purge_cache`: by hand, after changes made without signals."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_purging_a_story_by_hand_shows_a_change_made_without_signals(client):
    story = ArticleFactory(headline="Before")
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline="After")
    call_command("purge_cache", f"a{story.pk}")
    assert "After" in client.get(story.get_absolute_url()).text


def test_purging_everything(client):
    story = ArticleFactory(headline="Before")
    client.get("/")
    Article.objects.filter(pk=story.pk).update(headline="After")
    call_command("purge_cache", "--all")
    assert "After" in client.get("/").text


@pytest.mark.parametrize("arguments", [[], ["not a key"], ["a12;rm"]])
def test_bad_keys_are_refused_with_a_sentence(arguments):
    with pytest.raises(CommandError, match="key"):
        call_command("purge_cache", *arguments)
