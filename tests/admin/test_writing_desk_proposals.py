"""The story editor's proposals: new names in the mentions check, and the endpoint that
creates one (with its post and evidence) or dismisses it for the story."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import EntityProposal
from events.models import Person, Place, Position
from tests.factories import (
    ArticleFactory,
    CountryFactory,
    EditorFactory,
    OrganizationFactory,
    PersonFactory,
    ReporterFactory,
    UserFactory,
)
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

MENTIONS = reverse("admin:articles_article_editor_mentions")
PROPOSALS = reverse("admin:articles_article_editor_proposals")
USHAKOV = (
    "Preparations are complete, Yury Ushakov, an aide to the President of Russia, told "
    "journalists on Wednesday."
)
LATER = "According to Ushakov, the talks will last two days."
KEY = "person:Yury Ushakov"


def post(client, url, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def reporter(client):
    user = ReporterFactory()
    sign_in(client, user)
    return user


@pytest.fixture
def russia():
    return CountryFactory(name="Russia", slug="russia", iso_code="RU")


@pytest.fixture
def own_draft(reporter):
    return ArticleFactory(
        draft=True,
        created_by=reporter,
        published_at=timezone.now() - datetime.timedelta(days=3),
        body=f"<p>{USHAKOV}</p>\n<p>{LATER}</p>",
    )


def test_the_check_answers_proposals_beside_mentions_with_offsets_per_paragraph(client, reporter):
    PersonFactory(name="Vladimir Putin", aliases="Putin")
    response = post(client, MENTIONS, {"blocks": [f"Putin met them. {USHAKOV}", LATER]})
    assert response.status_code == 200
    data = response.json()
    assert [mention["text"] for mention in data["mentions"]] == ["Putin"]
    [proposal] = data["proposals"]
    assert proposal == {
        "key": KEY,
        "kind": "person",
        "name": "Yury Ushakov",
        "description": "aide to the President of Russia",
        "evidence": USHAKOV,
        "namesake_of": "",
        "block": 0,
        "start": 43,
        "end": 55,
        "text": "Yury Ushakov",
    }
    assert f"Putin met them. {USHAKOV}"[43:55] == "Yury Ushakov"


def test_offsets_of_proposals_count_as_the_browser_does(client, reporter):
    [proposal] = post(client, MENTIONS, {"blocks": ["🎉 " + USHAKOV]}).json()["proposals"]
    # The emoji is one code point and two UTF-16 units.
    assert (proposal["start"], proposal["end"]) == (30, 42)


def test_a_namesake_is_proposed_with_the_known_persons_name(client, reporter):
    PersonFactory(name="Alexander Lukashenko", slug="alexander-lukashenko", aliases="Lukashenko")
    text = "Viktor Lukashenko, an engineer from Gomel, won the race."
    data = post(client, MENTIONS, {"blocks": [text]}).json()
    assert data["mentions"] == []
    people = [proposal for proposal in data["proposals"] if proposal["kind"] == "person"]
    assert [(person["name"], person["namesake_of"]) for person in people] == [
        ("Viktor Lukashenko", "Alexander Lukashenko")
    ]


def test_creating_a_person_adds_the_post_from_the_storys_date_and_the_evidence(
    client, reporter, russia, own_draft
):
    response = post(
        client,
        PROPOSALS,
        {"action": "create", "key": KEY, "blocks": [USHAKOV, LATER], "story": own_draft.pk},
    )
    assert response.status_code == 200, response.content
    person = Person.objects.get(name="Yury Ushakov")
    assert response.json() == {
        "entity": f"person:{person.pk}",
        "kind": "person",
        "name": "Yury Ushakov",
        "url": person.get_absolute_url(),
        "block": 0,
        "start": 27,
        "end": 39,
        "text": "Yury Ushakov",
    }
    assert person.country == russia
    assert person.alias_list == ["Ushakov"]  # the story calls him that, and nobody else is
    [position] = Position.objects.filter(person=person)
    assert position.title == "Aide to the President of Russia"
    assert position.country == russia
    assert position.start_date == timezone.localtime(own_draft.published_at).date()
    assert position.evidence == USHAKOV
    row = EntityProposal.objects.get(person=person)
    assert (row.article, row.status, row.evidence, row.decided_by) == (
        own_draft,
        EntityProposal.Status.CREATED,
        USHAKOV,
        reporter,
    )
    assert list(own_draft.people.all()) == [person]
    # Known now: not proposed again, and found by the linker.
    data = post(client, MENTIONS, {"blocks": [USHAKOV, LATER], "story": own_draft.pk}).json()
    assert data["proposals"] == []
    assert [mention["text"] for mention in data["mentions"]] == ["Yury Ushakov", "Ushakov"]


def test_an_organisation_gets_its_acronym_and_a_place_its_country(client, reporter):
    CountryFactory(name="Kyrgyzstan", slug="kyrgyzstan", iso_code="KG")
    text = "A loan from the Eurasian Development Bank (EDB) will go to Osh, Kyrgyzstan."
    blocks = [text]
    response = post(
        client,
        PROPOSALS,
        {"action": "create", "key": "organization:Eurasian Development Bank", "blocks": blocks},
    )
    assert response.status_code == 200, response.content
    bank = EntityProposal.objects.get(name="Eurasian Development Bank").organization
    assert (bank.name, bank.short_name) == ("Eurasian Development Bank", "EDB")
    # A story not saved yet: the evidence is kept without a story.
    assert EntityProposal.objects.get(organization=bank).article is None
    post(client, PROPOSALS, {"action": "create", "key": "place:Osh", "blocks": blocks})
    osh = Place.objects.get(name="Osh")
    assert (osh.kind, osh.country.name) == ("city", "Kyrgyzstan")


def test_a_dismissal_is_remembered_for_the_story_only(client, reporter, own_draft):
    blocks = [USHAKOV]
    response = post(
        client,
        PROPOSALS,
        {"action": "dismiss", "key": KEY, "blocks": blocks, "story": own_draft.pk},
    )
    assert response.json() == {"dismissed": KEY, "remembered": True}
    assert (
        post(client, MENTIONS, {"blocks": blocks, "story": own_draft.pk}).json()["proposals"] == []
    )
    other = ArticleFactory(draft=True, created_by=reporter)
    assert (
        len(post(client, MENTIONS, {"blocks": blocks, "story": other.pk}).json()["proposals"]) == 1
    )
    assert len(post(client, MENTIONS, {"blocks": blocks}).json()["proposals"]) == 1
    assert not Person.objects.filter(name="Yury Ushakov").exists()


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ("not json", 400, "not JSON"),
        ({"action": "create", "key": KEY}, 400, "list of strings"),
        ({"action": "delete", "key": KEY, "blocks": [USHAKOV]}, 400, '"create" or "dismiss"'),
        ({"action": "create", "key": 12, "blocks": [USHAKOV]}, 400, "names a proposal"),
        (
            {"action": "create", "key": KEY, "blocks": [USHAKOV], "story": "x"},
            400,
            "number of a story",
        ),
        (
            {"action": "create", "key": KEY, "blocks": [USHAKOV], "story": True},
            400,
            "number of a story",
        ),
        ({"action": "create", "key": KEY, "blocks": [USHAKOV], "story": 999999}, 404, "no story"),
        (
            {"action": "create", "key": "person:Nobody Here", "blocks": [USHAKOV]},
            400,
            "not proposed",
        ),
    ],
)
def test_bad_input_is_a_clear_error_and_creates_nothing(client, reporter, payload, status, message):
    response = post(client, PROPOSALS, payload)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert not Person.objects.exists()


def test_another_reporters_story_is_refused(client, reporter):
    theirs = ArticleFactory(draft=True, created_by=ReporterFactory())
    response = post(
        client, PROPOSALS, {"action": "create", "key": KEY, "blocks": [USHAKOV], "story": theirs.pk}
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_a_name_created_meanwhile_is_a_409(client, reporter):
    # Proposed a moment ago; someone created him since (the linker knows him now).
    blocks = [USHAKOV]
    assert post(client, MENTIONS, {"blocks": blocks}).json()["proposals"]
    PersonFactory(name="Yury Ushakov")
    response = post(client, PROPOSALS, {"action": "create", "key": KEY, "blocks": blocks})
    assert response.status_code == 400  # no longer proposed at all: the linker knows him
    assert Person.objects.filter(name="Yury Ushakov").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "reader", "inactive staff"])
def test_anyone_but_the_desk_gets_403(client, who):
    if who == "reader":
        sign_in(client, UserFactory())
    elif who == "inactive staff":
        sign_in(client, ReporterFactory(is_active=False))
    response = post(client, PROPOSALS, {"action": "create", "key": KEY, "blocks": [USHAKOV]})
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_the_endpoint_needs_the_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, EditorFactory())
    response = post(strict, PROPOSALS, {"action": "create", "key": KEY, "blocks": [USHAKOV]})
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_a_check_with_proposals_costs_a_fixed_number_of_queries(
    client, reporter, own_draft, django_assert_num_queries
):
    OrganizationFactory(name="Commonwealth of Independent States", short_name="CIS")
    blocks = [f"{USHAKOV} The CIS agreed.", LATER] * 20
    post(client, MENTIONS, {"blocks": ["warm the linker"]})
    # session, user, its permissions (2), organisations, sections, the story, its decisions
    with django_assert_num_queries(8):
        response = post(client, MENTIONS, {"blocks": blocks, "story": own_draft.pk})
    assert len(response.json()["proposals"]) == 1


def test_the_change_page_has_the_proposals_panel_and_module(client, reporter, own_draft):
    page = client.get(
        reverse("admin:articles_article_change", args=[own_draft.pk])
    ).content.decode()
    assert 'id="newsroom-proposals"' in page
    assert "articles/proposals.js" in page


def test_a_new_storys_first_save_takes_the_evidence_of_what_its_writer_created(client, reporter):
    from tests.admin.helpers import change_form_data

    response = post(client, PROPOSALS, {"action": "create", "key": KEY, "blocks": [USHAKOV]})
    person = Person.objects.get(pk=response.json()["entity"].split(":")[1])
    row = EntityProposal.objects.get(person=person)
    assert row.article is None
    link = f'<a href="{person.get_absolute_url()}" data-entity="person:{person.pk}">'
    body = f"<p>{link}Yury Ushakov</a> spoke.</p>"
    add_page = client.get(reverse("admin:articles_article_add"))
    data = change_form_data(add_page, headline="Ushakov speaks", slug="ushakov-speaks", body=body)
    saved = client.post(reverse("admin:articles_article_add"), data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    row.refresh_from_db()
    assert row.article.headline == "Ushakov speaks"


def test_an_event_is_created_with_the_kind_its_head_says_and_shows_its_evidence(client, reporter):
    from events.models import Event

    text = "The third Tashkent International Investment Forum opened on Tuesday."
    key = "event:Tashkent International Investment Forum"
    response = post(client, PROPOSALS, {"action": "create", "key": key, "blocks": [text]})
    assert response.status_code == 200, response.content
    event = Event.objects.get(title="Tashkent International Investment Forum")
    assert (event.kind, event.start_date) == (Event.Kind.CONFERENCE, None)
    sign_in(client, EditorFactory())
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Where the desk learnt of it" in page and text in page


def test_an_organisations_admin_page_shows_the_sentence_it_came_from(client, reporter, own_draft):
    text = "A loan from the Eurasian Development Bank (EDB) was signed."
    key = "organization:Eurasian Development Bank"
    post(
        client, PROPOSALS, {"action": "create", "key": key, "blocks": [text], "story": own_draft.pk}
    )
    bank = EntityProposal.objects.get(name="Eurasian Development Bank").organization
    sign_in(client, EditorFactory())
    page = client.get(reverse("admin:events_organization_change", args=[bank.pk])).content.decode()
    assert own_draft.headline in page and text in page


def test_creating_costs_a_fixed_number_of_queries(
    client, reporter, russia, own_draft, django_assert_num_queries
):
    blocks = [f"{USHAKOV} The CIS agreed.", LATER] * 10
    OrganizationFactory(name="Commonwealth of Independent States", short_name="CIS")
    post(client, MENTIONS, {"blocks": ["warm the linker"]})
    payload = {"action": "create", "key": KEY, "blocks": blocks, "story": own_draft.pk}
    # The request's own (session, user, permissions, story, sections, decisions), the
    # country, the slug, the person, the position, the evidence row (in savepoints), the
    # story's link and what it sets off (the countries' story index: articles/story_index.py).
    # The same with twenty paragraphs or two hundred.
    with django_assert_num_queries(28) as captured:
        response = post(client, PROPOSALS, payload)
    assert response.status_code == 200, [query["sql"] for query in captured.captured_queries]
