"""The XSS corpus in live entries (bodies, authors' names, key-event titles, quotes) runs no
script on the live page, the update poll, the feeds, the API, ninjs or the live desk."""

import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape

from live import services
from tests.factories import EditorFactory, EventFactory, LiveCoverageFactory, ReporterFactory
from tests.hardening.test_no_script_runs import CHUNKS, executable_markup, json_ld_blocks
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
IDS = [f"payloads-{n}" for n in range(len(CHUNKS))]


def hostile_live_story(text):
    editor = EditorFactory(first_name=text[:150], last_name="")
    reporter = ReporterFactory(first_name=text[:150], last_name=text[:150])
    coverage = LiveCoverageFactory(
        article__headline=text[:255], article__summary=text, event=EventFactory(title=text)
    )
    plain = services.live_entry_post(
        coverage=coverage,
        user=reporter,
        body=f"{text}<p>{escape(text)}</p>",
        quote=text,
        quote_by=text[:255],
    )
    pinned = services.live_entry_post(coverage=coverage, user=editor, body=f"<p>{escape(text)}</p>")
    services.live_entry_pin(entry=pinned, user=editor, pinned=True, title=text[:140])
    services.live_entry_edit(
        entry=plain,
        user=editor,
        body=f"<p>{escape(text)}</p>{text}",
        quote=text,
        quote_by=text[:255],
    )
    return coverage, plain, pinned


@pytest.mark.parametrize("text", CHUNKS, ids=IDS)
def test_hostile_entries_never_become_executable_markup(client, text):
    coverage, _plain, pinned = hostile_live_story(text)
    article = coverage.article
    page = client.get(article.get_absolute_url()).content.decode()
    assert executable_markup(page) == ["<script> {'src': '/static/live/live.js', 'defer': ''} "]
    [posting] = [block for block in json_ld_blocks(page) if block["@type"] == "LiveBlogPosting"]
    assert posting["liveBlogUpdate"][0]["headline"] == text[:140]
    assert posting["liveBlogUpdate"][1]["author"]["name"] == f"{text[:150]} {text[:150]}"[:255]
    event_page = client.get(coverage.event.get_absolute_url()).content.decode()
    assert executable_markup(event_page) == []

    poll = client.get(reverse("live:updates", args=[article.slug]) + "?since=0").json()
    fragments = [entry["html"] for entry in poll["entries"]] + [poll["key_events"]]
    since = client.get(reverse("live:updates", args=[article.slug]) + f"?since={pinned.pk}")
    fragments += [change["html"] for change in since.json()["changes"] if "html" in change]
    assert len(fragments) == 5
    for fragment in fragments:
        assert executable_markup(fragment) == [], fragment

    for name in ("live:feed", "live:atom_feed"):
        root = ElementTree.fromstring(client.get(reverse(name, args=[article.slug])).content)
        for element in root.iter():
            if element.tag.endswith(("description", "summary", "content")):
                assert executable_markup(element.text or "") == []

    entries = client.get(f"/api/articles/{article.slug}/entries/").json()["results"]
    assert {entry["key_event_title"] for entry in entries} == {text[:140], ""}
    for entry in entries:
        assert executable_markup(entry["body"]) == []
    ninjs = client.get(f"/api/articles/{article.slug}/ninjs/").json()
    for association in ninjs["associations"]:
        assert executable_markup(association["bodies"][0]["value"]) == []


DESK_BASELINE = []


def desk_markup(client, text):
    coverage, _, _ = hostile_live_story(text)
    response = client.get(reverse("admin:live_livecoverage_desk", args=[coverage.pk]))
    entries = client.get(reverse("admin:live_desk_entries", args=[coverage.pk]) + "?since=0")
    markup = Counter(executable_markup(response.content.decode()))
    for entry in entries.json()["entries"]:
        markup += Counter(executable_markup(entry["html"]))
    return markup


@pytest.mark.parametrize("text", CHUNKS, ids=IDS)
def test_hostile_entries_add_no_executable_markup_to_the_live_desk(client, text):
    sign_in(client, EditorFactory())
    if not DESK_BASELINE:  # the admin's and the editor's own scripts, on harmless words
        with transaction.atomic():
            DESK_BASELINE.append(desk_markup(client, "Plain words"))
            transaction.set_rollback(True)
    assert desk_markup(client, text) - DESK_BASELINE[0] == Counter()
