"""What readers' tools read: feeds, sitemaps, robots.txt and iCalendar files."""

import datetime
import xml.etree.ElementTree as ElementTree

import feedparser
import icalendar
import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, EventFactory, PersonFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NAMESPACES = {"sm": SITEMAP_NS, "news": NEWS_NS}


def parse_feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


# Feeds


def test_rss_feed_lists_the_latest_stories_with_their_details(client, world):
    response, feed = parse_feed(client, "/feeds/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    [entry] = feed.entries
    assert entry.title == "Presidents gather at the Kremlin"
    assert entry.link == "http://testserver/stories/presidents-gather-at-the-kremlin/"
    assert entry.summary == "CIS leaders met in Moscow for the Council of Heads of State."
    assert entry.author == "Jane Roe and John Doe"
    assert [tag.term for tag in entry.tags] == ["World"]
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert published == world.story.published_at.replace(microsecond=0)


def test_atom_feed_is_the_twin_of_the_rss_feed(client, world):
    response, feed = parse_feed(client, "/feeds/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == "Presidents gather at the Kremlin"
    assert entry.link == "http://testserver/stories/presidents-gather-at-the-kremlin/"
    assert feed.feed.subtitle == "The latest stories published by Newsroom."


@pytest.mark.parametrize("path", ["/feeds/", "/feeds/atom/"])
def test_feeds_carry_markup_characters_as_text(client, db, path):
    ArticleFactory(headline="Q&A: <Summit> “ends”", summary="Less < more & then some")
    _response, feed = parse_feed(client, path)
    [entry] = feed.entries
    assert entry.title == "Q&A: <Summit> “ends”"
    assert entry.summary == "Less &lt; more &amp; then some"  # HTML, read as the plain text


def test_feeds_hold_the_thirty_latest_stories_newest_first(client, db):
    now = timezone.now()
    for hours in range(1, 33):
        ArticleFactory(
            headline=f"Story {hours} hours old", published_at=now - datetime.timedelta(hours=hours)
        )
    _response, feed = parse_feed(client, "/feeds/")
    assert len(feed.entries) == 30
    assert feed.entries[0].title == "Story 1 hours old"


def test_section_feed_holds_only_the_section(client, world):
    ArticleFactory(headline="Sport story", section=SectionFactory(name="Sport", slug="sport"))
    for path in ["/feeds/sections/world/", "/feeds/sections/world/atom/"]:
        _response, feed = parse_feed(client, path)
        assert [entry.title for entry in feed.entries] == ["Presidents gather at the Kremlin"]
        assert feed.feed.title == "Newsroom: World"


def test_person_feed_holds_the_stories_about_the_person(client, world):
    PersonFactory(name="Someone Else", slug="someone-else")
    _response, feed = parse_feed(client, "/feeds/people/vladimir-putin/")
    assert [entry.title for entry in feed.entries] == ["Presidents gather at the Kremlin"]
    _response, feed = parse_feed(client, "/feeds/people/someone-else/atom/")
    assert feed.entries == []


@pytest.mark.parametrize("path", ["/feeds/sections/nothing/", "/feeds/people/nobody/atom/"])
def test_feed_of_an_unknown_section_or_person_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


# Sitemaps


def parse_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def test_sitemap_index_names_a_sitemap_per_kind_with_lastmod(client, world):
    index = parse_xml(client, "/sitemap.xml")
    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    locations = [element.text for element in index.findall("sm:sitemap/sm:loc", NAMESPACES)]
    assert locations == [
        f"http://testserver/sitemap-{kind}.xml"
        for kind in ["stories", "sections", "people", "events", "agreements"]
    ]
    assert len(index.findall("sm:sitemap/sm:lastmod", NAMESPACES)) == 5


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("stories", ["/stories/presidents-gather-at-the-kremlin/"]),
        ("sections", ["/sections/world/"]),
        ("people", ["/people/vladimir-putin/", "/people/shavkat-mirziyoyev/"]),
        (
            "events",
            ["/events/cis-summit-2023/", "/events/cis-session-2024/", "/events/cis-summit-2025/"],
        ),
        ("agreements", ["/agreements/russian-language-treaty/"]),
    ],
)
def test_each_sitemap_lists_its_pages_with_lastmod(client, world, kind, expected):
    urlset = parse_xml(client, f"/sitemap-{kind}.xml")
    urls = urlset.findall("sm:url", NAMESPACES)
    assert sorted(url.find("sm:loc", NAMESPACES).text for url in urls) == sorted(
        f"http://testserver{path}" for path in expected
    )
    for url in urls:
        lastmod = datetime.datetime.fromisoformat(url.find("sm:lastmod", NAMESPACES).text)
        assert lastmod.tzinfo is not None


def test_news_sitemap_holds_the_last_two_days_with_news_fields(client, world):
    ArticleFactory(
        headline="Three days old", published_at=timezone.now() - datetime.timedelta(days=3)
    )
    urlset = parse_xml(client, "/sitemap-news.xml")
    [url] = urlset.findall("sm:url", NAMESPACES)
    assert url.find("sm:loc", NAMESPACES).text == (
        "http://testserver/stories/presidents-gather-at-the-kremlin/"
    )
    news = url.find("news:news", NAMESPACES)
    assert news.find("news:publication/news:name", NAMESPACES).text == "Newsroom"
    assert news.find("news:publication/news:language", NAMESPACES).text == "en"
    assert news.find("news:title", NAMESPACES).text == "Presidents gather at the Kremlin"
    published = datetime.datetime.fromisoformat(news.find("news:publication_date", NAMESPACES).text)
    assert published == world.story.published_at.replace(microsecond=0)


def test_news_sitemap_escapes_titles(client, db):
    ArticleFactory(headline="Q&A <live>")
    urlset = parse_xml(client, "/sitemap-news.xml")
    assert urlset.find("sm:url/news:news/news:title", NAMESPACES).text == "Q&A <live>"


def test_robots_txt_names_both_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


# iCalendar


def parse_calendar(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_event_calendar_file_describes_the_event_as_whole_days(client, world):
    response = client.get("/events/cis-session-2024.ics")
    assert response["Content-Disposition"] == 'attachment; filename="cis-session-2024.ics"'
    [event] = parse_calendar(response).walk("VEVENT")
    assert str(event["SUMMARY"]) == "CIS Council of Heads of State session"
    assert event.decoded("DTSTART") == datetime.date(2024, 10, 8)
    assert event.decoded("DTEND") == datetime.date(2024, 10, 9)  # exclusive, per RFC 5545
    assert str(event["LOCATION"]) == "Kremlin"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == "http://testserver/events/cis-session-2024/"
    assert str(event["UID"]) == f"event-{world.session.pk}@testserver"


def test_multi_day_and_cancelled_events_in_the_calendar(client, db):
    EventFactory(
        slug="forum",
        start_date=datetime.date(2017, 10, 10),
        end_date=datetime.date(2017, 10, 11),
        status="cancelled",
    )
    [event] = parse_calendar(client.get("/events/forum.ics")).walk("VEVENT")
    assert event.decoded("DTEND") == datetime.date(2017, 10, 12)
    assert str(event["STATUS"]) == "CANCELLED"


def test_the_events_calendar_holds_every_dated_event(client, world):
    EventFactory(title="Undated idea", start_date=None, status="proposed")
    calendar = parse_calendar(client.get("/events.ics"))
    assert sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT")) == [
        "CIS Council of Heads of State session",
        "CIS summit in Bishkek",
        "CIS summit in Dushanbe",
    ]
    assert str(calendar["X-WR-CALNAME"]) == "Newsroom: events"


def test_calendar_of_an_unknown_or_undated_event_is_not_found(client, db):
    EventFactory(slug="someday", start_date=None, status="proposed")
    assert client.get("/events/nothing.ics").status_code == 404
    assert client.get("/events/someday.ics").status_code == 404
