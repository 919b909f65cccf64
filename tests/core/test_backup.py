"""Backups round-trip the whole database: a restored copy holds exactly the same rows."""

import gzip
import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from articles.models import Article, CountryStory, Revision, StoryCount
from core.management.commands.backup_database import NOT_BACKED_UP
from tests.factories import (
    AgreementPartyFactory,
    ArticleFactory,
    EditorFactory,
    ParticipationFactory,
    PersonFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


def everything():
    """The whole database as dumpdata sees it (what a backup must bring back), and the tables
    derived from it (rebuilt by the restore, so compared by content, not by row id)."""
    output = io.StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=NOT_BACKED_UP, stdout=output)
    derived = (
        sorted(StoryCount.objects.values_list("link", "object_id", "stories")),
        sorted(CountryStory.objects.values_list("country_id", "article_id", "published_at")),
    )
    return output.getvalue(), derived


@pytest.fixture
def newsroom_data():
    editor = EditorFactory()
    Token.objects.create(user=editor)
    story = ArticleFactory(created_by=editor, body="<p>Привет, «Newsroom» — 2024</p>")
    story.headline = "Edited once"
    story.save(revision_author=editor)
    story.people.add(PersonFactory(name="Shavkat Mirziyoyev"))
    ParticipationFactory()
    AgreementPartyFactory(status="ratified")
    QuoteFactory(article=story)
    ArticleFactory(draft=True)
    return story


def api_output(client, story):
    """What API consumers read: the story list, the story, its ninjs, the people."""
    urls = [
        "/api/articles/",
        f"/api/articles/{story.slug}/",
        f"/api/articles/{story.slug}/ninjs/",
        "/api/people/",
    ]
    return [client.get(url).content for url in urls]


def test_a_backup_restores_every_row_exactly(tmp_path, newsroom_data, client):
    before = everything()
    api_before = api_output(client, newsroom_data)
    assert b"Edited once" in api_before[0]
    backup = tmp_path / "newsroom.json.gz"
    call_command("backup_database", str(backup), stdout=io.StringIO())
    assert backup.stat().st_size > 0

    Article.objects.all().delete()
    Group.objects.all().delete()
    ArticleFactory(headline="Written after the backup")

    call_command("restore_database", str(backup), yes=True, stdout=io.StringIO())
    assert everything() == before
    cache.clear()  # a real restore starts a fresh server; the test's cache would answer first
    assert api_output(client, newsroom_data) == api_before  # byte for byte, microseconds too
    assert Revision.objects.filter(article__headline="Edited once").count() == 2
    assert Group.objects.get(name="Editor").permissions.filter(codename="publish_article").exists()


def test_a_backup_never_overwrites_an_existing_file(tmp_path, newsroom_data):
    backup = tmp_path / "newsroom.json.gz"
    backup.write_bytes(b"precious")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_database", str(backup))
    assert backup.read_bytes() == b"precious"


def test_restore_asks_for_confirmation_and_changes_nothing_without_it(tmp_path, newsroom_data):
    backup = tmp_path / "newsroom.json.gz"
    call_command("backup_database", str(backup), stdout=io.StringIO())
    ArticleFactory(headline="Still here")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_database", str(backup))
    assert Article.objects.filter(headline="Still here").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such backup file"),
        (b"not gzip at all", "not a readable backup"),
        # mtime=0: the same bytes, so the same test id, in every xdist worker
        (gzip.compress(b'{"truncated": ', mtime=0), "damaged"),
        (gzip.compress(b'{"a": 1}', mtime=0), "not a Newsroom backup"),
    ],
)
def test_a_bad_backup_file_is_refused_and_nothing_changes(
    tmp_path, newsroom_data, content, message
):
    backup = tmp_path / "bad.json.gz"
    if content is not None:
        backup.write_bytes(content)
    before = everything()
    with pytest.raises(CommandError, match=message):
        call_command("restore_database", str(backup), yes=True)
    assert everything() == before


def test_a_backup_that_fails_to_load_leaves_the_data_in_place(tmp_path, newsroom_data):
    backup = tmp_path / "wrong.json.gz"
    rows = b'[{"model": "articles.article", "pk": 1, "fields": {"section": 999999}}]'
    backup.write_bytes(gzip.compress(rows))
    before = everything()
    with pytest.raises(Exception):  # noqa: B017 - loaddata's own error, whatever its class
        call_command("restore_database", str(backup), yes=True)
    assert everything() == before
