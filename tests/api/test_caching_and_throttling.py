"""Validators and conditional GET, Cache-Control, and the anonymous rate limit."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils.http import http_date, parse_http_date

from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


def test_public_reads_are_cacheable_with_an_etag(api_client):
    story = ArticleFactory()
    for path in ["/api/articles/", f"/api/articles/{story.slug}/", "/api/people/"]:
        response = api_client.get(path)
        assert response.headers["ETag"].startswith('"')
        assert directives(response) == {
            "public",
            "max-age=60",
            "s-maxage=60",  # NEWSROOM_SHARED_CACHE_SECONDS: no purged cache in front in tests
            "stale-while-revalidate=30",
            "stale-if-error=86400",
        }


@override_settings(NEWSROOM_API_CACHE_SECONDS=300, NEWSROOM_SHARED_CACHE_SECONDS=86400)
def test_cache_lifetimes_come_from_settings(api_client):
    assert {"max-age=300", "s-maxage=86400"} <= directives(api_client.get("/api/articles/"))


def test_an_unchanged_list_answers_304_to_its_etag(api_client):
    ArticleFactory()
    first = api_client.get("/api/articles/")
    again = api_client.get("/api/articles/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]


def test_a_change_to_a_linked_person_changes_the_storys_etag(api_client):
    person = PersonFactory(name="Old Name")
    story = ArticleFactory()
    story.people.add(person)
    path = f"/api/articles/{story.slug}/"
    etag = api_client.get(path).headers["ETag"]
    person.name = "New Name"
    person.save()
    response = api_client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["people"][0]["name"] == "New Name"


def test_a_story_becoming_due_changes_the_lists_etag(api_client, clock):
    ArticleFactory()
    ArticleFactory(scheduled=True)  # due in a day
    etag = api_client.get("/api/articles/").headers["ETag"]
    clock.advance(days=1, minutes=1)
    assert api_client.get("/api/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_story_item_has_last_modified_and_honours_if_modified_since(api_client):
    story = ArticleFactory()
    response = api_client.get(f"/api/articles/{story.slug}/")
    last_modified = parse_http_date(response.headers["Last-Modified"])
    assert last_modified == int(max(story.updated_at, story.published_at).timestamp())
    later = http_date(last_modified + 60)
    assert (
        api_client.get(f"/api/articles/{story.slug}/", HTTP_IF_MODIFIED_SINCE=later).status_code
        == 304
    )
    earlier = http_date(last_modified - 60)
    assert (
        api_client.get(f"/api/articles/{story.slug}/", HTTP_IF_MODIFIED_SINCE=earlier).status_code
        == 200
    )


def test_ninjs_is_cached_like_the_story(api_client):
    story = ArticleFactory()
    response = api_client.get(f"/api/articles/{story.slug}/ninjs/")
    assert "Last-Modified" in response.headers
    assert (
        api_client.get(
            f"/api/articles/{story.slug}/ninjs/", HTTP_IF_NONE_MATCH=response.headers["ETag"]
        ).status_code
        == 304
    )


def test_any_web_page_may_read_the_public_api_but_not_the_desk(api_client):
    story = ArticleFactory()
    for path in ["/api/articles/", f"/api/articles/{story.slug}/", "/api/articles/?nope=1"]:
        response = api_client.get(path, HTTP_ORIGIN="https://partner.example")
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    desk = api_client.get("/api/desk/articles/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in desk.headers


def test_errors_are_not_marked_cacheable(api_client):
    response = api_client.get("/api/articles/no-such-story/")
    assert response.status_code == 404
    assert "public" not in directives(response)
    assert "ETag" not in response.headers


def test_head_answers_like_get_without_a_body(api_client):
    story = ArticleFactory()
    get = api_client.get(f"/api/articles/{story.slug}/")
    head = api_client.head(f"/api/articles/{story.slug}/")
    assert head.status_code == 200
    assert head.headers["ETag"] == get.headers["ETag"]


THREE_PER_MINUTE = {
    "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "desk": "3/minute"},
    "NUM_PROXIES": 0,
}


def rest_framework_with(**overrides):
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **overrides})


class FrozenTimer:
    """The throttles' clock, stopped 10 s into a minute (no test straddles a window's edge)."""

    def __init__(self):
        self.now = 60 * 29_000_000 + 10.0

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def throttle_timer(monkeypatch):
    from core.api_support.throttling import FixedWindowMixin

    timer = FrozenTimer()
    monkeypatch.setattr(FixedWindowMixin, "timer", staticmethod(timer), raising=False)
    return timer


def test_anonymous_clients_are_throttled_per_address(api_client):
    with rest_framework_with(**THREE_PER_MINUTE):
        statuses = [api_client.get("/api/sections/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = api_client.get("/api/sections/")
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert "detail" in refused.json()
        # Another address has its own count.
        assert api_client.get("/api/sections/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_count_starts_again_in_the_next_window_and_retry_after_says_when(
    api_client, throttle_timer
):
    with rest_framework_with(**THREE_PER_MINUTE):
        for _ in range(3):
            api_client.get("/api/sections/")
        refused = api_client.get("/api/sections/")
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "50"  # the window is a minute; 10 s are gone
        throttle_timer.now += 50
        assert api_client.get("/api/sections/").status_code == 200


def test_the_desk_is_limited_per_account(api_client, throttle_timer):
    from tests.factories import EditorFactory

    with rest_framework_with(**THREE_PER_MINUTE):
        api_client.force_authenticate(EditorFactory())
        statuses = [api_client.get("/api/desk/articles/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_forged_forwarded_for_header_does_not_reset_the_count(api_client):
    with rest_framework_with(**THREE_PER_MINUTE):
        for number in range(3):
            api_client.get("/api/sections/", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        response = api_client.get("/api/sections/", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert response.status_code == 429


def test_behind_one_proxy_the_client_address_comes_from_it(api_client):
    with rest_framework_with(**{**THREE_PER_MINUTE, "NUM_PROXIES": 1}):
        for _ in range(3):
            api_client.get("/api/sections/", HTTP_X_FORWARDED_FOR="203.0.113.1")
        assert (
            api_client.get("/api/sections/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
        )
        assert (
            api_client.get("/api/sections/", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200
        )
