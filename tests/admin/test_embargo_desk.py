"""Embargoes on the desk: only editors set or lift one (a reporter's crafted form or API write
is refused with an error, nothing saved: tests/api/test_embargo_writes.py for the API); the
story list filters on it, the form wears a badge,
the desk's home lists what is under embargo."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


def later(hours=5):
    return timezone.now() + datetime.timedelta(hours=hours)


def form_data(article, **overrides):
    """The story form as the admin renders it, filled in."""
    data = {
        "headline": article.headline,
        "summary": article.summary,
        "body": article.body,
        "slug": article.slug,
        "expected_version": article.version,
        "status": article.status,
        "language": article.language,
        "section": article.section_id or "",
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
        "quotes-TOTAL_FORMS": 0,
        "quotes-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def change(client, article, **overrides):
    return client.post(f"{LIST}{article.pk}/change/", form_data(article, **overrides))


def test_a_reporters_crafted_embargo_is_refused_with_a_form_error(client):
    reporter = ReporterFactory()
    story = ArticleFactory(draft=True, created_by=reporter)
    sign_in(client, reporter)
    response = change(client, story, embargoed_until_0=later().date(), embargoed_until_1="12:00:00")
    assert response.status_code == 200
    assert "Only editors set or lift an embargo." in response.content.decode()
    assert Article.objects.get(pk=story.pk).embargoed_until is None


def test_an_editor_sets_an_embargo_on_the_form_and_the_form_wears_a_badge(client):
    story = ArticleFactory(scheduled=True)
    sign_in(client, EditorFactory())
    until = later(30).replace(second=0, microsecond=0)
    local = timezone.localtime(until)
    response = change(
        client,
        story,
        published_at_0=timezone.localtime(story.published_at).date(),
        published_at_1=timezone.localtime(story.published_at).strftime("%H:%M:%S"),
        embargoed_until_0=local.date(),
        embargoed_until_1=local.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.get(pk=story.pk).embargoed_until == until
    page = client.get(f"{LIST}{story.pk}/change/").content.decode()
    assert 'id="embargo-badge"' in page
    assert "Under embargo" in page


def test_an_embargo_on_a_public_story_is_refused_on_the_form(client):
    story = ArticleFactory()
    sign_in(client, EditorFactory())
    local = timezone.localtime(later())
    response = change(
        client,
        story,
        published_at_0=timezone.localtime(story.published_at).date(),
        published_at_1=timezone.localtime(story.published_at).strftime("%H:%M:%S"),
        embargoed_until_0=local.date(),
        embargoed_until_1=local.strftime("%H:%M:%S"),
    )
    assert response.status_code == 200
    assert "public already" in response.content.decode()
    assert Article.objects.get(pk=story.pk).embargoed_until is None


def test_the_story_list_filters_on_the_embargo(client):
    embargoed = ArticleFactory(headline="Held for partners", embargoed_until=later())
    ArticleFactory(headline="Out for everyone")
    sign_in(client, EditorFactory())
    page = client.get(f"{LIST}?embargo=ahead").content.decode()
    assert embargoed.headline in page
    assert "Out for everyone" not in page
    page = client.get(f"{LIST}?embargo=none").content.decode()
    assert "Out for everyone" in page
    assert embargoed.headline not in page


def test_the_desk_home_lists_what_is_under_embargo(client):
    ArticleFactory(headline="Held for partners", embargoed_until=later())
    ArticleFactory(headline="Tomorrow's story", scheduled=True)
    sign_in(client, EditorFactory())
    page = client.get("/admin/").content.decode()
    under_embargo = page.split('id="desk-under-embargo"')[1].split("</div>")[0]
    assert "Held for partners" in under_embargo
    assert "Tomorrow's story" not in under_embargo
    scheduled = page.split('id="desk-scheduled"')[1].split("</div>")[0]
    assert "Held for partners" not in scheduled
