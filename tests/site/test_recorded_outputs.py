"""Every public output of the demo, byte for byte, against what it was before issue 19.

Issue 19 makes the uncached pages faster (bodies linked ahead of time, fewer queries, other
rendering paths); none of that may change what a reader, a feed reader, a search engine or an
API consumer receives. The outputs were recorded from main's code before the first change
(`tests/fixtures/recorded_outputs/`); a change made on purpose is recorded again with

    RECORD_OUTPUTS=1 .venv/bin/python -m pytest tests/site/test_recorded_outputs.py

and the diff of the recorded files is the review of what changed.

The site's clock is held at one moment, so that "coming events", the news sitemap's last two
days and the feeds' dates read the same on every run; a response's CSP nonce differs on every
request and is the one thing blanked. Bytes, not text: iCalendar's lines end in CRLF.
"""

import datetime
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article

RECORDED = Path(__file__).resolve().parent.parent / "fixtures" / "recorded_outputs"
NOW = datetime.datetime(2024, 10, 10, 9, 30, tzinfo=datetime.UTC)
NONCE = re.compile(rb'nonce="[^"]*"')

# What the demo serves: every page, feed, sitemap and API read, in a fixed order (story pages
# count their readers, and "most read" shows the count). An event without a date has no .ics:
# its 404 is recorded too.
STATIC_PATHS = [
    "/",
    "/archive/",
    "/archive/2024/",
    "/archive/2024/10/",
    "/archive/2017/12/",
    "/search/?q=CIS",
    "/people/",
    "/events/",
    "/agreements/",
    "/feeds/",
    "/feeds/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/events.ics",
    "/api/",
    "/api/articles/",
    "/api/articles/?ordering=-updated_at",
    "/api/sections/",
    "/api/people/",
    "/api/events/",
    "/api/agreements/",
    "/api/places/",
    "/api/countries/",
    "/api/organizations/",
]


def demo_paths():
    from events.models import Agreement, Country, Event, Organization, Person, Place

    paths = list(STATIC_PATHS)
    for story in Article.objects.published().order_by("pk"):
        paths += [
            story.get_absolute_url(),
            f"/api/articles/{story.slug}/",
            f"/api/articles/{story.slug}/ninjs/",
            f"/api/articles/{story.slug}/ninjs/?ninjs_version=3.1",
        ]
    for section in Article.objects.published().values_list("section__slug", flat=True):
        paths += [f"/sections/{section}/", f"/feeds/sections/{section}/"]
        paths += [f"/feeds/sections/{section}/atom/", f"/api/sections/{section}/"]
    for model, api in [
        (Person, "people"),
        (Event, "events"),
        (Agreement, "agreements"),
        (Place, "places"),
        (Country, "countries"),
        (Organization, "organizations"),
    ]:
        for obj in model.objects.order_by("pk"):
            paths += [obj.get_absolute_url(), f"/api/{api}/{obj.slug}/"]
            if model is Person:
                paths += [f"/feeds/people/{obj.slug}/", f"/feeds/people/{obj.slug}/atom/"]
            if model is Event:
                paths.append(f"/events/{obj.slug}.ics")
    return list(dict.fromkeys(paths))


def file_name(path):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", path.strip("/")) or "front"


def normalised(content):
    return NONCE.sub(b'nonce="-"', content)


@pytest.fixture
def demo_at_a_fixed_moment(db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    call_command("load_demo", verbosity=0)
    # What the bare demo lacks and the story page shows: related stories, both ways.
    first, second = Article.objects.published().order_by("pk")
    first.related_articles.add(second)


def test_every_public_output_of_the_demo_is_as_recorded(client, demo_at_a_fixed_moment):
    outputs, keys = {}, {}
    for path in demo_paths():
        response = client.get(path)
        outputs[path] = (response.status_code, normalised(response.content))
        keys[path] = response.get("Surrogate-Key", "")
    assert len(outputs) > 100, "the demo should serve every kind of page"
    assert sum(status == 200 for status, _ in outputs.values()) > 100
    if os.environ.get("RECORD_OUTPUTS"):
        record(outputs, keys)
    recorded_statuses = json.loads((RECORDED / "paths.json").read_text())
    assert {path: status for path, (status, _) in outputs.items()} == recorded_statuses
    # The same surrogate keys: a page is purged by exactly the changes that purged it before.
    assert keys == json.loads((RECORDED / "keys.json").read_text())
    differing = [path for path, (_, content) in outputs.items() if recorded(path) != content]
    assert not differing, f"outputs differ from the recording: {differing}"


def vendor_folder():
    """PostgreSQL ranks search results by its own full-text engine and sorts NULLs last: the
    few outputs where it differs from SQLite are recorded beside the others."""
    return RECORDED / connection.vendor


def recorded(path):
    specific = vendor_folder() / file_name(path)
    return (specific if specific.exists() else RECORDED / file_name(path)).read_bytes()


def record(outputs, keys):
    """SQLite's outputs in RECORDED; another database's where they differ, in a subfolder."""
    if connection.vendor == "sqlite":
        for old in RECORDED.glob("*"):
            if old.is_file():
                old.unlink()
        statuses = {path: status for path, (status, _) in outputs.items()}
        RECORDED.mkdir(parents=True, exist_ok=True)
        (RECORDED / "paths.json").write_text(json.dumps(statuses, indent=1) + "\n")
        (RECORDED / "keys.json").write_text(json.dumps(keys, indent=1) + "\n")
        for path, (_, content) in outputs.items():
            (RECORDED / file_name(path)).write_bytes(content)
        return
    shutil.rmtree(vendor_folder(), ignore_errors=True)
    for path, (_, content) in outputs.items():
        if (RECORDED / file_name(path)).read_bytes() != content:
            vendor_folder().mkdir(parents=True, exist_ok=True)
            (vendor_folder() / file_name(path)).write_bytes(content)
