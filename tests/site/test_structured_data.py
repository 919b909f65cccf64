"""JSON-LD, Open Graph, Twitter cards and canonical links, as search engines and apps read them."""

import datetime
import re

import extruct
import pytest

from tests.factories import ArticleFactory, EventFactory, PersonFactory

pytestmark = pytest.mark.django_db


def json_ld(html, schema_type):
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"], uniform=True)
    return [item for item in data["json-ld"] if item.get("@type") == schema_type]


def meta(html, key):
    """The content of <meta property=key> or <meta name=key>."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match and match.group(1)


def test_story_has_a_news_article_with_the_fields_search_engines_need(client, world):
    html = client.get(world.story.get_absolute_url()).text
    [article] = json_ld(html, "NewsArticle")
    assert article["headline"] == "Presidents gather at the Kremlin"
    published = datetime.datetime.fromisoformat(article["datePublished"])
    assert abs(published - world.story.published_at) < datetime.timedelta(milliseconds=1)
    assert "dateModified" in article
    assert article["author"] == [
        {"@type": "Person", "name": "Jane Roe"},
        {"@type": "Person", "name": "John Doe"},
    ]
    assert article["publisher"]["name"] == "Newsroom"
    assert article["image"] == [f"http://testserver{world.story.lead_image.file.url}"]
    assert (
        article["mainEntityOfPage"] == "http://testserver/stories/presidents-gather-at-the-kremlin/"
    )
    about = {person["name"]: person for person in article["about"]}
    assert set(about) == {"Vladimir Putin", "Shavkat Mirziyoyev"}
    assert about["Vladimir Putin"]["url"] == "http://testserver/people/vladimir-putin/"
    assert about["Vladimir Putin"]["jobTitle"] == ["President of Russia"]
    assert {mention["@type"] for mention in article["mentions"]} == {"Event", "Legislation"}
    assert article["dateline"] == "Moscow"
    assert article["correction"][0]["text"] == "An earlier version misdated the session."


def test_story_without_bylines_credits_its_agency(client, world):
    world.story.bylines = ""
    world.story.save()
    [article] = json_ld(client.get(world.story.get_absolute_url()).text, "NewsArticle")
    assert article["author"] == [
        {
            "@type": "Organization",
            "name": "National News Agency of Uzbekistan",
            "url": "https://uza.uz/",
        }
    ]


def test_json_ld_cannot_be_broken_out_of_by_any_field(client, db):
    hostile = '</script><script>alert("x")</script><!--'
    story = ArticleFactory(headline=hostile, summary=hostile)
    html = client.get(story.get_absolute_url()).text
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script and ">" not in script
    [article] = json_ld(html, "NewsArticle")
    assert article["headline"] == hostile
    assert "<script>alert" not in html


def test_event_has_an_event_with_dates_place_and_status(client, world):
    [event] = json_ld(client.get(world.session.get_absolute_url()).text, "Event")
    assert event["name"] == "CIS Council of Heads of State session"
    assert event["startDate"] == "2024-10-08"
    assert event["endDate"] == "2024-10-08"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"] == {
        "@type": "Place",
        "name": "Kremlin",
        "address": {"@type": "PostalAddress", "addressLocality": "Moscow", "addressCountry": "RU"},
    }
    assert event["organizer"]["name"] == "CIS Council of Heads of State"


@pytest.mark.parametrize(
    ("status", "schema_status"),
    [
        ("cancelled", "https://schema.org/EventCancelled"),
        ("postponed", "https://schema.org/EventPostponed"),
    ],
)
def test_event_status_follows_the_event(client, db, status, schema_status):
    event = EventFactory(status=status, end_date=datetime.date(2024, 10, 9))
    [data] = json_ld(client.get(event.get_absolute_url()).text, "Event")
    assert data["eventStatus"] == schema_status
    assert data["endDate"] == "2024-10-09"


def test_person_page_is_a_profile_page_of_a_person(client, world):
    [profile] = json_ld(client.get(world.putin.get_absolute_url()).text, "ProfilePage")
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Vladimir Putin"
    assert person["alternateName"] == ["Putin"]
    assert person["jobTitle"] == ["President of Russia"]
    assert person["nationality"] == {"@type": "Country", "name": "Russia"}


def test_front_page_describes_the_site_and_its_search(client, db):
    [site] = json_ld(client.get("/").text, "WebSite")
    assert site["potentialAction"]["target"] == "http://testserver/search/?q={search_terms}"


def test_story_has_open_graph_and_twitter_card_tags(client, world):
    html = client.get(world.story.get_absolute_url()).text
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Presidents gather at the Kremlin"
    assert meta(html, "og:url") == "http://testserver/stories/presidents-gather-at-the-kremlin/"
    assert meta(html, "og:image") == f"http://testserver{world.story.lead_image.file.url}"
    assert meta(html, "og:image:alt") == "Leaders pose for a group photo"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "article:section") == "World"
    assert (
        meta(html, "description") == "CIS leaders met in Moscow for the Council of Heads of State."
    )


def test_canonical_link_drops_tracking_parameters_and_keeps_later_pages(client, world):
    html = client.get(world.story.get_absolute_url() + "?utm_source=x&page=1").text
    assert (
        '<link rel="canonical" href="http://testserver/stories/presidents-gather-at-the-kremlin/">'
        in html
    )
    ArticleFactory.create_batch(21, section=world.section)
    html = client.get("/sections/world/?page=2&utm_medium=y").text
    assert '<link rel="canonical" href="http://testserver/sections/world/?page=2">' in html


@pytest.mark.parametrize(
    "path", ["/", "/people/", "/events/", "/agreements/", "/archive/", "/search/"]
)
def test_every_page_has_a_title_canonical_link_and_card(client, world, path):
    html = client.get(path).text
    assert re.search(r"<title>[^<]+</title>", html)
    assert '<link rel="canonical" href="http://testserver' in html
    assert meta(html, "og:title") and meta(html, "twitter:card") == "summary"


def test_person_without_photo_gets_a_small_card(client, db):
    html = client.get(PersonFactory().get_absolute_url()).text
    assert meta(html, "twitter:card") == "summary"
