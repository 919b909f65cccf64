"""A live story in every format: LiveBlogPosting JSON-LD, RSS and Atom of its entries, valid
HTML."""

import extruct
import feedparser
import pytest
from django.urls import reverse

from live import services
from tests.factories import EventFactory, LiveCoverageFactory, LiveEntryFactory
from tests.site.test_html_validity import save_pages, vnu_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_story(editor):
    coverage = LiveCoverageFactory(event=EventFactory())
    LiveEntryFactory(coverage=coverage, body="<p>Leaders arrive & sit down.</p>")
    quoted = LiveEntryFactory(
        coverage=coverage, body="<p>The chair speaks.</p>", quote="We agree.", quote_by="The chair"
    )
    services.live_entry_pin(entry=quoted, user=editor, pinned=True, title="Agreement reached")
    services.live_entry_edit(
        entry=quoted,
        user=editor,
        body="<p>The chair speaks, twice.</p>",
        quote="We agree.",
        quote_by="The chair",
    )
    return coverage


def json_ld(client, coverage):
    html = client.get(coverage.article.get_absolute_url()).content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"], uniform=True)[
        "json-ld"
    ]
    [posting] = [item for item in data if item.get("@type") == "LiveBlogPosting"]
    return posting


def test_the_page_describes_a_live_blog_posting_with_its_updates(client, live_story):
    posting = json_ld(client, live_story)
    assert posting["headline"] == live_story.article.headline
    assert posting["coverageStartTime"].startswith(str(live_story.opened_at.year))
    assert "coverageEndTime" not in posting
    updates = posting["liveBlogUpdate"]
    assert [update["@type"] for update in updates] == ["BlogPosting", "BlogPosting"]
    assert updates[0]["headline"] == "Agreement reached"
    assert updates[0]["articleBody"] == "The chair speaks, twice."
    assert updates[0]["url"].endswith(f"#entry-{live_story.entries.first().pk}")
    assert updates[1]["articleBody"] == "Leaders arrive & sit down."
    assert {"@type": "Event", "name": live_story.event.title} in [
        {key: about[key] for key in ("@type", "name")} for about in posting["about"]
    ]


def test_a_closed_live_story_states_when_the_coverage_ended(client, live_story, editor):
    services.live_coverage_set_open(coverage=live_story, user=editor, is_open=False)
    assert "coverageEndTime" in json_ld(client, live_story)


@pytest.mark.parametrize(("name", "version"), [("feed", "rss20"), ("atom_feed", "atom10")])
def test_the_entries_feeds_parse(client, live_story, name, version):
    response = client.get(reverse(f"live:{name}", args=[live_story.article.slug]))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.entries[0].title == "Agreement reached"
    assert "The chair speaks, twice." in feed.entries[0].summary
    assert feed.entries[0].author == "Jane Reporter"
    assert len(feed.entries) == 2


def test_live_pages_are_valid_html(client, live_story, tmp_path):
    for _ in range(25):
        LiveEntryFactory(coverage=live_story)
    closed = LiveCoverageFactory(is_open=False)
    url = live_story.article.get_absolute_url()
    cursor = live_story.entries.order_by("-pk")[19].pk
    pages = {
        "live-open": url,
        "live-older": f"{url}?before={cursor}",
        "live-closed": closed.article.get_absolute_url(),
        "live-event": live_story.event.get_absolute_url(),
    }
    assert vnu_errors(save_pages(client, pages, tmp_path)) == {}
