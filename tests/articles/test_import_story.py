"""`import_story`: drafts from raw files, re-imports, dry runs, and all-or-nothing failures."""

import datetime
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Agency, Article, Section
from tests.factories import (
    AgencyFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "fixtures" / "sources"
SITE_STORY = SOURCES / "2024-10-09-presidents-gather-at-the-kremlin.txt"
AGENCY_STORY = SOURCES / "2017-12-26-informal-meeting-of-the-cis-heads-of-states.txt"
DRY_RUN_KEYS = [
    "headline",
    "section",
    "published_on",
    "view_count",
    "agency",
    "paragraphs",
    "mentions",
    "proposals",
]


def import_story(*args):
    out = io.StringIO()
    call_command("import_story", *map(str, args), stdout=out)
    return out.getvalue()


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# Dry run ---------------------------------------------------------------------------------------


def test_dry_run_prints_one_json_object_per_file_with_exactly_the_agreed_keys():
    output = import_story("--dry-run", "--year", "2024", SITE_STORY, AGENCY_STORY)
    site, agency = (json.loads(line) for line in output.splitlines())
    assert list(site) == DRY_RUN_KEYS
    assert list(agency) == DRY_RUN_KEYS
    assert (site["headline"], site["section"], site["published_on"]) == (
        "Presidents gather at the Kremlin",
        "World",
        "2024-10-09",
    )
    assert (site["view_count"], site["agency"], len(site["paragraphs"])) == (8801, None, 22)
    assert (agency["published_on"], agency["view_count"], agency["agency"]) == (
        "2017-12-26",
        None,
        "UzA",
    )
    assert agency["section"] is None


def test_dry_run_writes_nothing():
    import_story("--dry-run", SITE_STORY, AGENCY_STORY)
    assert not Article.objects.exists()
    assert not Section.objects.exists()
    assert not Agency.objects.exists()


def test_dry_run_mentions_point_into_the_paragraphs_joined_by_blank_lines():
    PersonFactory(name="Vladimir Putin", slug="vladimir-putin", aliases="Putin")
    PlaceFactory(name="Vnukovo Airport", slug="vnukovo-airport")
    [story] = [json.loads(line) for line in import_story("--dry-run", SITE_STORY).splitlines()]
    text = "\n\n".join(story["paragraphs"])
    mentions = story["mentions"]
    assert {(mention["kind"], mention["slug"]) for mention in mentions} == {
        ("person", "vladimir-putin"),
        ("place", "vnukovo-airport"),
    }
    for mention in mentions:
        assert list(mention) == ["kind", "slug", "text", "start", "end"]
        assert text[mention["start"] : mention["end"]] == mention["text"]
    # "Putin" alone and inside "Vladimir Putin": every one of them, in order.
    putin = [mention for mention in mentions if mention["slug"] == "vladimir-putin"]
    assert len(putin) == text.count("Putin")
    assert [mention["start"] for mention in mentions] == sorted(m["start"] for m in mentions)


# Importing -------------------------------------------------------------------------------------


def test_import_creates_a_draft_nobody_wrote_with_the_story_as_paragraphs():
    import_story("--year", "2024", SITE_STORY)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.created_by is None
    assert article.headline == "Presidents gather at the Kremlin"
    assert article.section.name == "World"
    assert article.view_count == 8801
    assert article.published_at == datetime.datetime(2024, 10, 9, 12, tzinfo=datetime.UTC)
    assert article.body.count("<p>") == 22
    assert article.body.startswith("<p>The heads of state of the Commonwealth")
    assert not Article.objects.published().exists()
    assert article.revisions.get().note == f"Imported from {SITE_STORY.name}"


def test_import_credits_the_agency_and_reuses_a_known_one():
    uza = AgencyFactory(short_name="UzA", name="National News Agency of Uzbekistan")
    import_story(AGENCY_STORY)
    article = Article.objects.get()
    assert article.agency == uza
    assert article.section is None


def test_import_of_an_unknown_agency_creates_it_for_an_editor_to_complete():
    import_story(AGENCY_STORY)
    assert Agency.objects.get().short_name == "UzA"


def test_import_links_the_people_the_story_mentions():
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    PersonFactory(name="Someone Else", slug="someone-else")
    output = import_story("--year", "2024", SITE_STORY)
    assert list(Article.objects.get().people.all()) == [putin]
    assert "1 link added" in output


def test_importing_the_same_file_twice_updates_the_same_article_and_changes_nothing():
    import_story("--year", "2024", SITE_STORY)
    first = Article.objects.get()
    output = import_story("--year", "2024", SITE_STORY)
    again = Article.objects.get()
    assert again.pk == first.pk
    assert again.version == first.version
    assert "unchanged" in output


def test_a_corrected_re_export_updates_the_draft_it_created(tmp_path):
    import_story("--year", "2024", SITE_STORY)
    original = Article.objects.get()
    corrected = SITE_STORY.read_text(encoding="utf-8").replace("8801The heads", "9120The heads")
    corrected = corrected.replace("concluded successfully.", "ended successfully.")
    output = import_story("--year", "2024", write(tmp_path / "re-export.txt", corrected))
    article = Article.objects.get()
    assert article.pk == original.pk
    assert article.view_count == 9120
    assert "ended successfully." in article.body
    assert article.version == original.version + 1
    assert "updated" in output


def test_re_import_keeps_what_an_editor_added_where_the_source_says_nothing():
    import_story(AGENCY_STORY)
    article = Article.objects.get()
    article.section = SectionFactory(name="Uzbekistan")
    article.save()
    import_story(AGENCY_STORY)
    article.refresh_from_db()
    assert article.section.name == "Uzbekistan"


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.WITHDRAWN])
def test_re_import_of_a_story_the_desk_took_over_leaves_it_alone_and_says_so(status):
    import_story("--year", "2024", SITE_STORY)
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(status=status, headline="Edited by the desk")
    output = import_story("--year", "2024", SITE_STORY)
    article.refresh_from_db()
    assert article.headline == "Edited by the desk"
    assert (
        f"{SITE_STORY}: left alone: {article.get_status_display().lower()} as "
        f"“Edited by the desk” (article {article.pk})"
    ) in output


# An inbox ------------------------------------------------------------------------------------


@pytest.fixture
def inbox(tmp_path):
    """A published story's file, a new site export and a new agency export."""
    import_story("--year", "2024", SITE_STORY)
    Article.objects.update(status=Article.Status.PUBLISHED)
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SITE_STORY, folder / "published.txt")
    new_site = SITE_STORY.read_text(encoding="utf-8").replace(
        "Presidents gather at the Kremlin", "Leaders meet again in Moscow", 1
    )
    write(folder / "new-site.txt", new_site)
    shutil.copy(AGENCY_STORY, folder / "new-agency.txt")
    return folder


def test_an_inbox_holding_a_published_story_imports_the_others(inbox):
    output = import_story("--year", "2024", *sorted(inbox.iterdir()))
    drafts = Article.objects.filter(status=Article.Status.DRAFT)
    assert sorted(drafts.values_list("headline", flat=True)) == [
        "Informal meeting of the CIS Heads of States",
        "Leaders meet again in Moscow",
    ]
    assert output.count("left alone: published as") == 1
    assert output.count("created") == 2


def test_an_inbox_with_an_unreadable_file_writes_nothing(inbox):
    (inbox / "garbled.txt").write_bytes(b"Caf\xe9 story\nWorld\n-\n09 October\nText")
    before = set(Article.objects.values_list("pk", "headline", "status", "version"))
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        import_story("--year", "2024", *sorted(inbox.iterdir()))
    assert "garbled.txt: is not UTF-8 text" in str(error.value)
    assert set(Article.objects.values_list("pk", "headline", "status", "version")) == before
    assert not Agency.objects.exists()


def test_move_to_drains_the_inbox_into_done(inbox, tmp_path):
    archive = tmp_path / "archive"
    import_story("--year", "2024", "--move-to", archive, *sorted(inbox.iterdir()))
    assert list(inbox.iterdir()) == []
    assert sorted(path.name for path in (archive / "done").iterdir()) == [
        "new-agency.txt",
        "new-site.txt",
        "published.txt",
    ]
    assert not (archive / "failed").exists()


def test_move_to_never_overwrites_a_file_moved_before(inbox, tmp_path):
    archive = tmp_path / "archive"
    import_story("--year", "2024", "--move-to", archive, inbox / "new-agency.txt")
    shutil.copy(AGENCY_STORY, inbox / "new-agency.txt")
    output = import_story("--year", "2024", "--move-to", archive, inbox / "new-agency.txt")
    assert "unchanged" in output
    assert sorted(path.name for path in (archive / "done").iterdir()) == [
        "new-agency-2.txt",
        "new-agency.txt",
    ]


def test_move_to_puts_bad_files_in_failed_with_the_reason_and_keeps_the_good_ones(inbox, tmp_path):
    (inbox / "garbled.txt").write_bytes(b"Caf\xe9 story\nWorld\n-\n09 October\nText")
    (inbox / "minutes.txt").write_text("Minutes of the meeting\n\nNothing else.\n")
    archive = tmp_path / "archive"
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        import_story("--year", "2024", "--move-to", archive, *sorted(inbox.iterdir()))
    # Both bad files are named, so the inbox is mended in one go.
    assert "garbled.txt" in str(error.value)
    assert "minutes.txt" in str(error.value)
    failed = archive / "failed"
    assert sorted(path.name for path in failed.iterdir()) == [
        "garbled.txt",
        "garbled.txt.error",
        "minutes.txt",
        "minutes.txt.error",
    ]
    assert "is not UTF-8 text" in (failed / "garbled.txt.error").read_text()
    assert "not a story export" in (failed / "minutes.txt.error").read_text()
    # Nothing was imported, so the good files wait for the next run, which imports them.
    assert sorted(path.name for path in inbox.iterdir()) == [
        "new-agency.txt",
        "new-site.txt",
        "published.txt",
    ]
    import_story("--year", "2024", "--move-to", archive, *sorted(inbox.iterdir()))
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2


def test_dry_run_and_move_to_cannot_be_combined(tmp_path):
    with pytest.raises(CommandError, match="not allowed with argument"):
        import_story("--dry-run", "--move-to", tmp_path, SITE_STORY)


# Bad files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"Caf\xe9 story\nWorld\n-\n09 October\nText", "is not UTF-8 text"),
        (b"Minutes of the meeting\n\nNothing else.", "not a story export this importer knows"),
    ],
    ids=["missing", "empty", "not-utf-8", "unrecognisable"],
)
def test_a_bad_file_stops_the_run_naming_it_and_writes_nothing(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    with pytest.raises(CommandError) as error:
        import_story(AGENCY_STORY, bad)
    assert f"{bad}: " in str(error.value)
    assert reason in str(error.value)
    assert not Article.objects.exists()
    assert not Agency.objects.exists()


@pytest.mark.parametrize("value", ["0", "10000", "twenty"])
def test_an_impossible_year_is_refused(value):
    with pytest.raises(CommandError, match="--year"):
        import_story("--year", value, SITE_STORY)


def test_from_the_command_line_a_bad_file_exits_with_status_1_and_the_reason(tmp_path):
    missing = tmp_path / "missing.txt"
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_story", str(missing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 1
    assert f"{missing}: no such file." in finished.stderr


def test_from_the_command_line_a_usage_error_exits_with_status_2(tmp_path):
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_story", "--dry-run", "--move-to", str(tmp_path), "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 2
    assert "not allowed with argument" in finished.stderr


def test_the_fingerprints_help_text_says_it_hashes_the_storys_identity_not_its_bytes():
    import_story("--year", "2024", SITE_STORY)
    article = Article.objects.get()
    help_text = Article._meta.get_field("source_fingerprint").help_text
    assert "identity (format, agency, date and headline)" in help_text
    assert "not of the file's bytes" in help_text
    # What the help text says is what the importer does.
    assert article.source_fingerprint != hashlib.sha256(SITE_STORY.read_bytes()).hexdigest()
    identity = "\n".join(["news-site", "", "2024-10-09", "Presidents gather at the Kremlin"])
    assert article.source_fingerprint == hashlib.sha256(identity.encode()).hexdigest()
