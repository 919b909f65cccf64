"""A live story's public page and its update poll: what readers get, cached and not."""

import pytest
from django.urls import reverse

from live import services
from tests.factories import (
    ArticleFactory,
    LiveCoverageFactory,
    LiveEntryFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def poll_url(coverage, **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{reverse('live:updates', args=[coverage.article.slug])}?{query}"


def test_the_page_draws_the_latest_entries_newest_first_without_javascript(client):
    coverage = LiveCoverageFactory()
    first = LiveEntryFactory(coverage=coverage, body="<p>Leaders arrive.</p>")
    second = LiveEntryFactory(coverage=coverage, body="<p>Talks begin.</p>")
    html = client.get(coverage.article.get_absolute_url()).content.decode()
    assert html.index(f'id="entry-{second.pk}"') < html.index(f'id="entry-{first.pk}"')
    assert "Talks begin." in html and "Leaders arrive." in html
    assert f'data-since="{second.pk}"' in html
    assert "live/live.js" in html


def test_a_plain_story_page_is_unchanged(client):
    story = ArticleFactory()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "live" not in html.lower().replace("deliver", "")


def test_a_closed_live_story_says_it_has_ended(client, editor):
    coverage = LiveCoverageFactory()
    services.live_coverage_set_open(coverage=coverage, user=editor, is_open=False)
    html = client.get(coverage.article.get_absolute_url()).content.decode()
    assert "This live coverage has ended" in html
    data = client.get(poll_url(coverage, since=0)).json()
    assert data["open"] is False and "This live coverage has ended" in data["ended"]


def test_the_poll_gives_entries_newer_than_since(client):
    coverage = LiveCoverageFactory()
    old = LiveEntryFactory(coverage=coverage)
    new = LiveEntryFactory(coverage=coverage, body="<p>Fresh news.</p>")
    data = client.get(poll_url(coverage, since=old.pk)).json()
    assert [entry["id"] for entry in data["entries"]] == [new.pk]
    assert "Fresh news." in data["entries"][0]["html"]
    assert data["latest"] == new.pk
    assert client.get(poll_url(coverage, since=new.pk)).json()["entries"] == []


def test_the_poll_is_served_from_the_cache_and_purged_by_a_new_entry(
    client, django_assert_num_queries
):
    coverage = LiveCoverageFactory()
    entry = LiveEntryFactory(coverage=coverage)
    url = poll_url(coverage, since=entry.pk)
    first = client.get(url)
    assert f"v{coverage.pk}:u" in first["Surrogate-Key"].split()
    with django_assert_num_queries(0):
        assert client.get(url).json()["entries"] == []
    newer = LiveEntryFactory(coverage=coverage)
    assert [item["id"] for item in client.get(url).json()["entries"]] == [newer.pk]


def test_the_poll_answers_304_to_its_etag(client):
    coverage = LiveCoverageFactory()
    url = poll_url(coverage, since=0)
    response = client.get(url)
    assert "max-age=0" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_edits_pins_and_deletions_reach_open_pages_as_changes(client, editor):
    coverage = LiveCoverageFactory()
    kept = LiveEntryFactory(coverage=coverage)
    gone = LiveEntryFactory(coverage=coverage, body="<p>A mistake.</p>")
    services.live_entry_pin(entry=kept, user=editor, pinned=True, title="Summit opens")
    services.live_entry_delete(entry=gone, user=editor)
    data = client.get(poll_url(coverage, since=gone.pk)).json()
    changes = {change["id"]: change for change in data["changes"]}
    assert changes[gone.pk] == {"id": gone.pk, "version": gone.version, "deleted": True}
    assert changes[kept.pk]["key_event"] is True
    assert "Summit opens" in data["key_events"]
    assert "A mistake." not in str(data)


def test_older_entries_page_by_cursor(client):
    coverage = LiveCoverageFactory()
    entries = [LiveEntryFactory(coverage=coverage) for _ in range(25)]
    html = client.get(coverage.article.get_absolute_url()).content.decode()
    cursor = entries[5].pk
    assert f'href="?before={cursor}"' in html
    assert f'id="entry-{entries[4].pk}"' not in html
    assert 'data-polls="true"' in html
    older = client.get(coverage.article.get_absolute_url() + f"?before={cursor}")
    assert f'id="entry-{entries[4].pk}"' in older.content.decode()
    # An older page does not ask for what is new (its poll would start from nothing).
    assert 'data-polls="false"' in older.content.decode()
    data = client.get(poll_url(coverage, before=cursor)).json()
    assert [entry["id"] for entry in data["entries"]] == [e.pk for e in entries[4::-1]]
    assert data["older"] is None


@pytest.mark.parametrize(
    "query",
    [
        "since=abc",
        "since=-1",
        "since=99999999999999999999",
        "before=x",
        "",
        "since=1&before=2",
        "since=1&page=2",
        "since=%D9%A3",
    ],
)
def test_bad_poll_parameters_are_a_400_naming_the_problem(client, query):
    coverage = LiveCoverageFactory()
    url = reverse("live:updates", args=[coverage.article.slug]) + "?" + query
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_bad_cursor_on_the_page_is_a_400(client):
    coverage = LiveCoverageFactory()
    assert client.get(coverage.article.get_absolute_url() + "?before=abc").status_code == 400


def test_a_plain_story_has_no_poll(client):
    story = ArticleFactory()
    url = reverse("live:updates", args=[story.slug]) + "?since=0"
    assert client.get(url).status_code == 404


def test_a_mentioned_person_is_linked_in_the_entry(client, reporter):
    person = PersonFactory(name="Shavkat Mirziyoyev")
    coverage = LiveCoverageFactory()
    entry = services.live_entry_post(
        coverage=coverage, user=reporter, body="<p>Shavkat Mirziyoyev arrives.</p>"
    )
    assert list(coverage.article.people.all()) == [person]
    html = client.get(coverage.article.get_absolute_url()).content.decode()
    assert f'href="{person.get_absolute_url()}">Shavkat Mirziyoyev</a> arrives.' in html
    data = client.get(poll_url(coverage, since=entry.pk - 1)).json()
    assert person.get_absolute_url() in data["entries"][0]["html"]


def test_the_event_page_says_live_now_while_the_coverage_is_open(client, editor):
    coverage = LiveCoverageFactory()
    from tests.factories import EventFactory

    event = EventFactory()
    coverage.event = event
    coverage.save()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Live now" in html and coverage.article.get_absolute_url() in html
    services.live_coverage_set_open(coverage=coverage, user=editor, is_open=False)
    assert "Live now" not in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.parametrize("page_cache", [False, True], ids=["page-cache-off", "page-cache-on"])
def test_live_now_shows_a_scheduled_live_story_when_it_comes_due_without_a_save(
    client, clock, settings, page_cache
):
    import datetime

    from django.utils import timezone

    from tests.factories import EventFactory

    settings.NEWSROOM_PAGE_CACHE = page_cache
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 3600  # due, not expired
    event = EventFactory()
    soon = ArticleFactory(
        headline="Live at noon", published_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    LiveCoverageFactory(article=soon, event=event)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Live now" not in html and "Live at noon" not in html
    clock.advance(minutes=6)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Live now" in html and "Live at noon" in html


def test_making_a_cached_story_live_purges_its_page(client):
    story = ArticleFactory()
    assert "Live updates" not in client.get(story.get_absolute_url()).content.decode()
    coverage = LiveCoverageFactory(article=story)
    LiveEntryFactory(coverage=coverage, body="<p>First update.</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Live updates" in html and "First update." in html
    coverage.delete()
    assert "Live updates" not in client.get(story.get_absolute_url()).content.decode()
