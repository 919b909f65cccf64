"""Importing the same source twice at once, on PostgreSQL: one story, both imports answered."""

import threading
from pathlib import Path

import pytest
from django.db import connection

from articles import ingest
from articles.models import Article, Section
from tests.factories import SectionFactory
from tests.hardening.test_concurrency import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real parallel connections: runs in CI's PostgreSQL pass (DATABASE_URL)",
    ),
]

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "fixtures/sources/2024-10-09-presidents-gather-at-the-kremlin.txt"
)


@pytest.mark.parametrize("section_is_new", [True, False], ids=["new section", "known section"])
def test_two_first_imports_of_one_source_at_once_make_one_story(monkeypatch, section_is_new):
    story = ingest.read_story(SOURCE)
    if not section_is_new:  # then the two collide on the story itself, not on its section
        SectionFactory(name=story.section)
    # Both imports look for the story before either writes it: each waits for the other at
    # its first snapshot (taken after the look-up), so the race happens on every run.
    both_looked = threading.Barrier(2, timeout=10)
    waited = threading.local()
    snapshot = ingest._import_snapshot

    def snapshot_once_both_looked(article):
        if not getattr(waited, "done", False):
            waited.done = True
            both_looked.wait()
        return snapshot(article)

    monkeypatch.setattr(ingest, "_import_snapshot", snapshot_once_both_looked)

    results = in_parallel(lambda _: ingest.articles_import(stories=[story]), [0, 1], workers=2)

    outcomes = sorted(result.outcome for [result] in results)
    assert outcomes == ["created", "unchanged"]
    assert Article.objects.filter(source_fingerprint=story.fingerprint).count() == 1
    assert Section.objects.filter(name=story.section).count() == 1
    assert results[0][0].article.pk == results[1][0].article.pk
