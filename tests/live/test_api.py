"""A live story's entries in the API (cursor pages, `since`) and in ninjs (associations)."""

import pytest

from live import services
from tests.factories import ArticleFactory, LiveCoverageFactory, LiveEntryFactory
from tests.ninjs_schema import schema_errors

pytestmark = pytest.mark.django_db


def entries_url(coverage, query=""):
    return f"/api/articles/{coverage.article.slug}/entries/{query}"


def test_entries_come_newest_first_paged_by_cursor(client):
    coverage = LiveCoverageFactory()
    entries = [LiveEntryFactory(coverage=coverage) for _ in range(5)]
    first = client.get(entries_url(coverage, "?page_size=2")).json()
    assert [item["id"] for item in first["results"]] == [entries[4].pk, entries[3].pk]
    second = client.get(first["next"]).json()
    assert [item["id"] for item in second["results"]] == [entries[2].pk, entries[1].pk]
    item = first["results"][0]
    assert item["html_url"] == (
        f"http://testserver{coverage.article.get_absolute_url()}#entry-{entries[4].pk}"
    )
    assert item["author_name"] == "Jane Reporter" and item["body"].startswith("<p>Update")


def test_since_gives_only_newer_entries(client):
    coverage = LiveCoverageFactory()
    old, new = LiveEntryFactory(coverage=coverage), LiveEntryFactory(coverage=coverage)
    data = client.get(entries_url(coverage, f"?since={old.pk}")).json()
    assert [item["id"] for item in data["results"]] == [new.pk]


@pytest.mark.parametrize(
    "query", ["?since=abc", "?since=-1", "?cursor=forged", "?page_size=0", "?sincee=1", "?since="]
)
def test_bad_parameters_are_a_400(client, query):
    coverage = LiveCoverageFactory()
    response = client.get(entries_url(coverage, query))
    assert response.status_code == 400, response.content
    assert response.json()


def test_a_story_that_is_not_live_or_not_published_has_no_entries(client):
    assert client.get(f"/api/articles/{ArticleFactory().slug}/entries/").status_code == 404
    draft = LiveCoverageFactory(article=ArticleFactory(draft=True))
    LiveEntryFactory(coverage=draft)
    assert client.get(entries_url(draft)).status_code == 404
    assert client.get("/api/articles/no-such-story/entries/").status_code == 404


def test_deleted_entries_are_absent(client, editor):
    coverage = LiveCoverageFactory()
    gone = LiveEntryFactory(coverage=coverage, body="<p>Retracted words.</p>")
    services.live_entry_delete(entry=gone, user=editor)
    response = client.get(entries_url(coverage))
    assert response.json()["results"] == []
    assert "Retracted" not in response.content.decode()


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_ninjs_carries_the_entries_as_associations_and_validates(client, editor, version):
    coverage = LiveCoverageFactory()
    plain = LiveEntryFactory(coverage=coverage, body="<p>Leaders arrive.</p>")
    key = LiveEntryFactory(coverage=coverage, body="<p>Signed.</p>")
    services.live_entry_pin(entry=key, user=editor, pinned=True, title="Deal signed")
    url = f"/api/articles/{coverage.article.slug}/ninjs/?ninjs_version={version}"
    document = client.get(url).json()
    assert schema_errors(document, version) == []
    names = [association["name"] for association in document["associations"]]
    assert names == [f"entry-{key.pk}", f"entry-{plain.pk}"]
    assert document["associations"][0]["headlines"][0]["value"] == "Deal signed"


def test_a_plain_storys_ninjs_has_no_entries(client):
    story = ArticleFactory()
    document = client.get(f"/api/articles/{story.slug}/ninjs/").json()
    assert "associations" not in document
