"""Stories: the one public door, the sanitised body, slugs, and the rules the database keeps."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Quote
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def test_published_returns_only_published_stories_that_are_due(stories_in_every_state):
    public = set(Article.objects.published())
    assert public == {stories_in_every_state["published"]}


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "withdrawn"])
def test_story_in_state_is_not_public(stories_in_every_state, state):
    story = stories_in_every_state[state]
    assert not Article.objects.published().filter(pk=story.pk).exists()
    assert story.is_published is False


def test_scheduled_story_becomes_public_once_its_time_has_come(stories_in_every_state):
    story = stories_in_every_state["scheduled"]
    assert list(Article.objects.scheduled()) == [story]
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now())
    story.refresh_from_db()
    assert Article.objects.published().filter(pk=story.pk).exists()
    assert story.is_published is True


def test_is_published_agrees_with_the_queryset(stories_in_every_state):
    for story in stories_in_every_state.values():
        in_queryset = Article.objects.published().filter(pk=story.pk).exists()
        assert story.is_published is in_queryset, story.headline


def test_body_is_sanitised_on_save_whoever_writes_it():
    story = ArticleFactory(
        body='<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:x()">x</a></p>'
    )
    story.refresh_from_db()
    assert "script" not in story.body
    assert "onclick" not in story.body
    assert "javascript:" not in story.body
    assert story.body.startswith("<p>Hi")


def test_slug_is_made_from_the_headline_when_left_empty():
    first = ArticleFactory(headline="Presidents gather at the Kremlin", slug="")
    second = ArticleFactory(headline="Presidents gather at the Kremlin", slug="")
    assert first.slug == "presidents-gather-at-the-kremlin"
    assert second.slug == "presidents-gather-at-the-kremlin-2"


def test_database_refuses_a_duplicate_slug():
    ArticleFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="same")


def test_database_refuses_a_published_story_without_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="No time", slug="no-time", status=Article.Status.PUBLISHED)


def test_database_refuses_a_duplicate_source_fingerprint():
    ArticleFactory(source_fingerprint="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(source_fingerprint="a" * 64)


def test_stories_without_a_source_may_share_an_empty_fingerprint():
    ArticleFactory(source_fingerprint=None)
    ArticleFactory(source_fingerprint=None)
    assert Article.objects.filter(source_fingerprint__isnull=True).count() == 2


def test_database_refuses_a_quote_without_any_speaker():
    story = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(article=story, text="Words from nobody.")


def test_a_quote_may_come_from_an_institution():
    quote = QuoteFactory(speaker=None, speaker_name="the press service of the President")
    assert quote.speaker_label == "the press service of the President"
    assert QuoteFactory(speaker=PersonFactory(name="Vladimir Putin")).speaker_label == (
        "Vladimir Putin"
    )


def test_latest_first_orders_by_publication_time():
    now = timezone.now()
    older = ArticleFactory(published_at=now - datetime.timedelta(days=2))
    newer = ArticleFactory(published_at=now - datetime.timedelta(days=1))
    assert list(Article.objects.published().latest_first()) == [newer, older]
