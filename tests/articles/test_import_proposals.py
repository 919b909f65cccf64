"""`import_story` and the proposer: `proposals` beside `mentions` in a dry run, and
`--propose-drafts` keeping them for the desk to confirm, never creating or publishing them."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.models import Article, EntityProposal
from events.models import Organization, Person, Place, Position
from tests.factories import CountryFactory, EditorFactory, PersonFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SITE_STORY = ROOT / "fixtures" / "sources" / "2024-10-09-presidents-gather-at-the-kremlin.txt"
KAZAN = (
    ROOT
    / "tests"
    / "articles"
    / "proposer_set"
    / "2024-10-02-kremlin-prepares-the-kazan-summit.txt"
)
PERSON_KEYS = [
    "kind",
    "name",
    "text",
    "start",
    "end",
    "evidence",
    "title",
    "organisation",
    "country",
    "mentions",
]


def import_story(*args):
    out = io.StringIO()
    call_command("import_story", *map(str, args), stdout=out)
    return out.getvalue()


def test_dry_run_prints_proposals_beside_mentions_with_offsets_and_evidence():
    PersonFactory(name="Vladimir Putin", slug="vladimir-putin", aliases="Putin")
    [story] = [
        json.loads(line) for line in import_story("--dry-run", "--year", "2024", KAZAN).splitlines()
    ]
    text = "\n\n".join(story["paragraphs"])
    assert [mention["text"] for mention in story["mentions"]] == ["Putin"]
    people = {item["name"]: item for item in story["proposals"] if item["kind"] == "person"}
    assert "Vladimir Putin" not in people  # known: never proposed
    ushakov = people["Yury Ushakov"]
    assert list(ushakov) == PERSON_KEYS
    assert (ushakov["title"], ushakov["organisation"], ushakov["country"]) == (
        "aide to the President of Russia",
        "",
        "Russia",
    )
    assert ushakov["evidence"] in text and ushakov["name"] in ushakov["evidence"]
    for item in story["proposals"]:
        assert text[item["start"] : item["end"]] == item["text"]
        for mention in item["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    assert [mention["text"] for mention in ushakov["mentions"]] == [
        "Yury Ushakov",
        "Ushakov",
        "Ushakov",
    ]
    places = {item["name"] for item in story["proposals"] if item["kind"] == "place"}
    assert {"Kazan", "Kazan International Airport"} <= places
    assert not EntityProposal.objects.exists() and not Article.objects.exists()


def test_propose_drafts_keeps_them_for_the_desk_and_creates_no_entity():
    output = import_story("--propose-drafts", "--year", "2024", KAZAN)
    article = Article.objects.get()
    drafts = EntityProposal.objects.filter(article=article)
    count = drafts.count()
    assert count >= 8
    assert f"{count} new names proposed for the desk to confirm" in output
    assert set(drafts.values_list("status", flat=True)) == {EntityProposal.Status.PROPOSED}
    ushakov = drafts.get(name="Yury Ushakov")
    assert (ushakov.title, ushakov.country_name, ushakov.aliases) == (
        "Aide to the President of Russia",
        "Russia",
        "Ushakov",
    )
    assert not Person.objects.exists() and not Place.objects.exists()
    assert not Organization.objects.exists()
    # A second run of the same file adds no second draft.
    import_story("--propose-drafts", "--year", "2024", KAZAN)
    assert EntityProposal.objects.count() == count


def test_the_desk_confirms_a_draft_in_the_admin_and_the_entity_keeps_its_evidence(client):
    russia = CountryFactory(name="Russia", slug="russia", iso_code="RU")
    import_story("--propose-drafts", "--year", "2024", KAZAN)
    article = Article.objects.get()
    draft = EntityProposal.objects.get(name="Yury Ushakov")
    sign_in(client, EditorFactory())
    response = client.post(
        reverse("admin:articles_entityproposal_changelist"),
        {"action": "create_entities", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Yury Ushakov")
    [position] = Position.objects.filter(person=person)
    assert (position.title, position.country, str(position.start_date)) == (
        "Aide to the President of Russia",
        russia,
        "2024-10-02",
    )
    assert position.evidence == draft.evidence
    draft.refresh_from_db()
    assert (draft.status, draft.person) == (EntityProposal.Status.CREATED, person)
    assert person in article.people.all()
    page = client.get(reverse("admin:events_person_change", args=[person.pk])).content.decode()
    assert "Where the desk learnt of them" in page
    assert article.headline in page and "Yury Ushakov, an aide to the President of Russia" in page


def test_dismissing_drafts_in_the_admin_creates_nothing(client):
    import_story("--propose-drafts", "--year", "2024", KAZAN)
    sign_in(client, EditorFactory())
    pks = list(EntityProposal.objects.values_list("pk", flat=True))
    client.post(
        reverse("admin:articles_entityproposal_changelist"),
        {"action": "dismiss_proposals", "_selected_action": pks},
    )
    assert set(EntityProposal.objects.values_list("status", flat=True)) == {"dismissed"}
    assert not Person.objects.exists()


def test_a_reporter_cannot_see_or_confirm_drafts(client):
    from tests.factories import ReporterFactory

    import_story("--propose-drafts", "--year", "2024", KAZAN)
    sign_in(client, ReporterFactory())
    assert client.get(reverse("admin:articles_entityproposal_changelist")).status_code == 403


def test_dry_run_with_propose_drafts_is_a_usage_error():
    with pytest.raises(CommandError, match="writes nothing"):
        import_story("--dry-run", "--propose-drafts", SITE_STORY)
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_story",
            "--dry-run",
            "--propose-drafts",
            str(SITE_STORY),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2, completed.stderr
