"""The story list's first page and each story item, kept whole for readers (a fragment under the
keys of all they show, as the JSON rendered once: articles/api/views.py), are never stale and
answer exactly what making them again would: a new, edited, withdrawn or due story shows at
once, an old slug stops answering, bad input is still refused and every read still counts
towards the rate limit, with the page cache on or off."""

import datetime
import json

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["page-cache-off", "page-cache-on"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param
    return request.param


def headlines(api_client, path="/api/articles/"):
    response = api_client.get(path)
    assert response.status_code == 200, response.content
    return [entry["headline"] for entry in response.json()["results"]]


def test_a_new_story_an_edit_and_a_withdrawal_show_on_the_first_page_at_once(
    api_client, page_cache
):
    older = ArticleFactory(headline="Older", published_at=timezone.now() - datetime.timedelta(1))
    assert headlines(api_client) == ["Older"]
    newer = ArticleFactory(headline="Newer")
    assert headlines(api_client) == ["Newer", "Older"]
    older.headline = "Older, edited"
    older.save()
    assert headlines(api_client) == ["Newer", "Older, edited"]
    newer.status = Article.Status.WITHDRAWN
    newer.save()
    assert headlines(api_client) == ["Older, edited"]


def test_a_scheduled_story_joins_the_first_page_when_due_without_a_save(
    api_client, clock, page_cache
):
    ArticleFactory(headline="Out now")
    ArticleFactory(
        headline="Coming soon", published_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert headlines(api_client) == ["Out now"]
    clock.advance(minutes=6)
    assert headlines(api_client) == ["Coming soon", "Out now"]


def test_each_page_size_is_its_own_page(api_client):
    for number in range(3):
        ArticleFactory(published_at=timezone.now() - datetime.timedelta(hours=number))
    assert len(headlines(api_client, "/api/articles/?page_size=2")) == 2
    assert len(headlines(api_client)) == 3
    assert len(headlines(api_client, "/api/articles/?page_size=2")) == 2


def test_an_item_answers_at_its_new_slug_only_and_not_once_withdrawn(api_client, page_cache):
    story = ArticleFactory(headline="First headline", slug="first-slug")
    assert api_client.get("/api/articles/first-slug/").json()["headline"] == "First headline"
    story.slug = "second-slug"
    story.save()
    assert api_client.get("/api/articles/first-slug/").status_code == 404
    assert api_client.get("/api/articles/second-slug/").status_code == 200
    # Another story may take the old slug: its own item answers there.
    ArticleFactory(headline="Another story", slug="first-slug")
    assert api_client.get("/api/articles/first-slug/").json()["headline"] == "Another story"
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert api_client.get("/api/articles/second-slug/").status_code == 404


def test_an_item_of_a_story_not_yet_due_answers_once_due(api_client, clock, page_cache):
    story = ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    path = f"/api/articles/{story.slug}/"
    assert api_client.get(path).status_code == 404
    clock.advance(minutes=6)
    assert api_client.get(path).status_code == 200


def test_bad_input_is_refused_after_the_page_and_the_item_were_kept(api_client):
    story = ArticleFactory()
    for path in ("/api/articles/", f"/api/articles/{story.slug}/"):
        assert api_client.get(path).status_code == 200
    for path, parameter in [
        ("/api/articles/?page_size=0", "page_size"),
        ("/api/articles/?page_size=", "page_size"),
        ("/api/articles/?format=xml", "format"),
        ("/api/articles/?secton=world", "secton"),
        (f"/api/articles/{story.slug}/?page_size=5", "page_size"),
        (f"/api/articles/{story.slug}/?format=xml", "format"),
    ]:
        response = api_client.get(path)
        assert response.status_code == 400, path
        assert parameter in response.json(), path


def test_kept_json_is_what_rendering_the_data_gives_indented_or_not(api_client):
    from rest_framework.renderers import JSONRenderer

    story = ArticleFactory(headline="Line\u2028separated “quoted” headline")
    for path in ("/api/articles/", f"/api/articles/{story.slug}/"):
        first = api_client.get(path)  # made now
        kept = api_client.get(path)
        assert kept.content == first.content
        data = kept.json()
        assert kept.content == JSONRenderer().render(data)
        assert b"\\u2028" in kept.content  # escaped as DRF escapes it
        indented = api_client.get(path, HTTP_ACCEPT="application/json; indent=4")
        assert indented.status_code == 200
        assert indented.content == JSONRenderer().render(data, "application/json; indent=4")
        assert (
            indented.content
            == json.dumps(data, indent=4, ensure_ascii=False).replace("\u2028", "\\u2028").encode()
        )


@pytest.fixture
def throttle_timer(monkeypatch):
    from core.api_support.throttling import FixedWindowMixin

    # Stopped 10 s into a minute: no test straddles a window's edge.
    stopped = staticmethod(lambda: 60 * 29_000_000 + 10.0)
    monkeypatch.setattr(FixedWindowMixin, "timer", stopped, raising=False)


def test_kept_reads_still_count_towards_the_rate_limit(api_client, page_cache, throttle_timer):
    story = ArticleFactory()
    rates = {"DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "desk": "3/minute"}}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **rates}):
        for path in ("/api/articles/", f"/api/articles/{story.slug}/"):
            statuses = [
                api_client.get(path, REMOTE_ADDR=f"10.0.0.{len(path)}").status_code
                for _ in range(4)
            ]
            assert statuses == [200, 200, 200, 429], path


def test_addresses_longer_than_a_cache_key_are_answered(api_client):
    ArticleFactory()
    assert api_client.get(f"/api/articles/{'x' * 300}/").status_code == 404
    assert api_client.get(f"/api/articles/?page_size={'1' * 300}").status_code == 400
    long_format = api_client.get(f"/api/articles/?format={'json' * 80}")
    assert long_format.status_code == 400
