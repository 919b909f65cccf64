"""Stories as IPTC ninjs validate against the official schemas, offline, and carry the links."""

import json

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.factories import ArticleFactory
from tests.ninjs_schema import SCHEMA_FILES, schema_errors

pytestmark = pytest.mark.django_db


def ninjs(api_client, story, version="2.2"):
    response = api_client.get(f"/api/articles/{story.slug}/ninjs/", {"ninjs_version": version})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_validator_rejects_what_the_standard_forbids():
    # Guards the tests below: a validator that accepted anything would prove nothing.
    assert schema_errors({"uri": "http://example.org/a", "headline": "not a ninjs key"}, "2.2")
    assert schema_errors({"uri": "http://example.org/a", "firstcreated": "yesterday"}, "2.2")
    assert schema_errors(
        {"uri": "http://example.org/a", "firstcreated": "2024-10-08T09:00:00Z"}, "3.1"
    )
    assert schema_errors({"type": "text"}, "3.1")


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_a_story_linked_to_everything_validates(api_client, linked_story, version):
    document = ninjs(api_client, linked_story, version)
    assert schema_errors(document, version) == []
    assert document["standard"]["version"] == version


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_a_bare_story_validates(api_client, version):
    story = ArticleFactory(summary="", section=None, body="")
    assert schema_errors(ninjs(api_client, story, version), version) == []


def test_ninjs_carries_the_storys_links_and_corrections(api_client, linked_story):
    document = ninjs(api_client, linked_story)
    assert document["uri"] == "http://testserver/stories/leaders-meet/"
    assert document["headlines"] == [{"role": "main", "value": "Leaders meet in Moscow"}]
    assert document["people"] == [
        {
            "name": "Shavkat Mirziyoyev",
            "uri": "http://testserver/people/shavkat-mirziyoyev/",
            "literal": "shavkat-mirziyoyev",
        }
    ]
    assert [org["name"] for org in document["organisations"]] == [
        "Commonwealth of Independent States"
    ]
    assert [event["literal"] for event in document["events"]] == ["cis-summit"]
    moscow = next(place for place in document["places"] if place["literal"] == "moscow")
    assert moscow["geojson"] == {"type": "Point", "coordinates": [37.6173, 55.7558]}
    kremlin = next(place for place in document["places"] if place["literal"] == "kremlin")
    assert "geojson" not in kremlin  # no coordinates: no made-up point
    assert {"rel": "agreement", "literal": "treaty"}.items() <= document["subjects"][1].items()
    assert document["infosources"] == [
        {"name": "National News Agency of Uzbekistan", "literal": "UzA", "uri": "https://uza.uz/"}
    ]
    assert document["located"] == "Moscow"
    assert document["by"] == "Jane Roe"
    corrections = [d for d in document["descriptions"] if d["role"] == "correction"]
    assert corrections[0]["value"].endswith("An earlier version misspelt the venue.")
    body = document["bodies"][0]
    assert body["contenttype"] == "text/html"
    assert (body["wordcount"], body["charcount"]) == (6, len("The leaders met in the Kremlin."))
    [picture] = document["associations"]
    assert picture["type"] == "picture"
    assert [r["name"] for r in picture["renditions"]] == ["original", "w320", "w640"]


def test_ninjs_3_renames_the_keys_and_keeps_the_facts(api_client, linked_story):
    old, new = ninjs(api_client, linked_story, "2.2"), ninjs(api_client, linked_story, "3.1")
    assert new["firstCreated"] == old["firstcreated"]
    assert new["infoSources"] == old["infosources"]
    assert new["bodies"][0]["wordCount"] == old["bodies"][0]["wordcount"]
    moscow = next(place for place in new["places"] if place["literal"] == "moscow")
    assert moscow["geoJSON"]["type"] == "Point"
    assert "firstcreated" not in json.dumps(new)


def test_every_demo_story_validates_in_both_versions(api_client):
    call_command("load_demo", verbosity=0)
    stories = list(Article.objects.published())
    assert len(stories) >= 2, "the demo has two source stories"
    for story in stories:
        for version in SCHEMA_FILES:
            assert schema_errors(ninjs(api_client, story, version), version) == [], story.slug
