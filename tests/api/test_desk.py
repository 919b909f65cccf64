"""The desk's write API: token auth, the admin's rules for who may do what, model validation,
the workflow's record, and edit conflicts refused with 409."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Revision, StatusChange
from tests.api.conftest import results, token_client
from tests.factories import ArticleFactory, PersonFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

DESK = "/api/desk/articles/"


def item(story):
    return f"{DESK}{story.pk}/"


@pytest.fixture
def own_draft(reporter):
    return ArticleFactory(headline="My draft", draft=True, created_by=reporter)


def test_the_desk_needs_a_token(api_client):
    response = api_client.get(DESK)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert api_client.post(DESK, {"headline": "Hi"}, format="json").status_code == 401


def test_an_account_without_a_desk_role_is_refused():
    outsider = token_client(UserFactory())
    assert outsider.get(DESK).status_code == 403
    assert outsider.post(DESK, {"headline": "Hi"}, format="json").status_code == 403
    assert not Article.objects.exists()


def test_a_reporter_writes_a_draft(reporter, reporter_client):
    section = SectionFactory(slug="world")
    PersonFactory(slug="shavkat-mirziyoyev")
    response = reporter_client.post(
        DESK,
        {
            "headline": "Leaders meet",
            "body": "<p>Hello</p><script>alert(1)</script>",
            "section": "world",
            "people": ["shavkat-mirziyoyev"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    story = Article.objects.get(pk=created["id"])
    assert (story.status, story.created_by, story.section) == ("draft", reporter, section)
    assert story.slug == created["slug"] == "leaders-meet"
    assert "<script>" not in story.body and "<p>Hello</p>" in story.body
    assert created["body"] == story.body
    assert [person.slug for person in story.people.all()] == ["shavkat-mirziyoyev"]
    assert created["created_by"] == reporter.username
    assert created["allowed_statuses"] == ["in_review"]
    assert Revision.objects.filter(article=story, created_by=reporter).exists()


def test_a_reporter_may_submit_a_new_story_for_review(reporter, reporter_client):
    response = reporter_client.post(
        DESK, {"headline": "Ready", "status": "in_review"}, format="json"
    )
    assert response.status_code == 201, response.content
    story = Article.objects.get()
    assert story.status == "in_review"
    change = StatusChange.objects.get(article=story)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "in_review",
        reporter,
    )


@pytest.mark.parametrize(
    "crafted",
    [
        {"status": "published"},
        {"published_at": "2030-01-01T09:00:00Z"},
        {"status": "published", "published_at": "2020-01-01T09:00:00Z"},
    ],
)
def test_a_reporter_cannot_publish_or_schedule_by_crafting_a_request(reporter_client, crafted):
    response = reporter_client.post(DESK, {"headline": "Sneaky", **crafted}, format="json")
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_a_reporter_edits_their_own_draft_and_the_version_moves_on(reporter_client, own_draft):
    response = reporter_client.patch(
        item(own_draft),
        {"headline": "Better headline", "version": own_draft.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    own_draft.refresh_from_db()
    assert own_draft.headline == "Better headline"
    assert response.json()["version"] == own_draft.version == 2


@pytest.mark.parametrize(
    "crafted", [{"status": "published"}, {"published_at": "2030-01-01T09:00:00Z"}]
)
def test_a_reporter_cannot_publish_their_draft(reporter_client, own_draft, crafted):
    response = reporter_client.patch(
        item(own_draft), {"headline": "Changed", "version": 1, **crafted}, format="json"
    )
    assert response.status_code == 403
    own_draft.refresh_from_db()
    assert (own_draft.status, own_draft.headline, own_draft.version) == ("draft", "My draft", 1)


def test_a_reporter_cannot_edit_a_story_once_submitted(reporter, reporter_client):
    submitted = ArticleFactory(in_review=True, created_by=reporter)
    response = reporter_client.patch(
        item(submitted), {"headline": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert reporter_client.get(item(submitted)).status_code == 200  # but may still read it


def test_a_reporter_sees_only_their_own_stories(reporter, reporter_client, own_draft):
    theirs = ArticleFactory(draft=True, created_by=UserFactory())
    assert [entry["id"] for entry in results(reporter_client.get(DESK))] == [own_draft.pk]
    assert reporter_client.get(item(theirs)).status_code == 404
    response = reporter_client.patch(item(theirs), {"headline": "x", "version": 1}, format="json")
    assert response.status_code == 404


def test_an_editor_sees_every_story_in_every_state(editor_client, stories_in_every_state):
    listed = {entry["id"] for entry in results(editor_client.get(DESK))}
    assert listed == {story.pk for story in stories_in_every_state.values()}
    drafts = results(editor_client.get(f"{DESK}?status=draft"))
    assert [entry["id"] for entry in drafts] == [stories_in_every_state["draft"].pk]


def test_an_editor_publishes_and_the_step_is_recorded(api_client, editor, editor_client, own_draft):
    response = editor_client.patch(
        item(own_draft), {"status": "published", "version": own_draft.version}, format="json"
    )
    assert response.status_code == 200, response.content
    own_draft.refresh_from_db()
    assert own_draft.is_published
    assert timezone.now() - own_draft.published_at < datetime.timedelta(minutes=1)
    change = StatusChange.objects.get(article=own_draft)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "published",
        editor,
    )
    assert api_client.get(f"/api/articles/{own_draft.slug}/").status_code == 200


def test_an_editor_schedules_a_story_that_stays_hidden_until_due(
    api_client, editor_client, own_draft
):
    due = timezone.now() + datetime.timedelta(days=1)
    response = editor_client.patch(
        item(own_draft),
        {"status": "published", "published_at": due.isoformat(), "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    own_draft.refresh_from_db()
    assert own_draft.is_scheduled and own_draft.published_at == due
    assert api_client.get(f"/api/articles/{own_draft.slug}/").status_code == 404


def test_changing_the_words_and_the_status_at_once_is_one_version(editor_client, own_draft):
    response = editor_client.patch(
        item(own_draft),
        {"headline": "Ready", "status": "published", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    own_draft.refresh_from_db()
    assert (own_draft.headline, own_draft.status) == ("Ready", "published")
    assert own_draft.version == response.json()["version"] == 2
    assert sorted(own_draft.revisions.values_list("version", "headline")) == [
        (1, "My draft"),
        (2, "Ready"),
    ]
    assert StatusChange.objects.get(article=own_draft).to_status == "published"


def test_a_story_created_straight_into_review_is_version_1(reporter_client):
    response = reporter_client.post(
        DESK, {"headline": "Filed", "status": "in_review"}, format="json"
    )
    assert response.status_code == 201, response.content
    story = Article.objects.get()
    assert (story.status, story.version, response.json()["version"]) == ("in_review", 1, 1)
    assert story.revisions.count() == 1
    assert StatusChange.objects.get(article=story).from_status == "draft"


def test_an_editor_withdraws_a_story_from_the_public_api(api_client, editor_client):
    story = ArticleFactory()
    response = editor_client.patch(
        item(story), {"status": "withdrawn", "version": story.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert api_client.get(f"/api/articles/{story.slug}/").status_code == 404
    assert StatusChange.objects.get(article=story).to_status == "withdrawn"


def test_a_move_the_workflow_does_not_have_is_a_409_naming_the_moves_it_has(
    editor_client, own_draft
):
    response = editor_client.patch(
        item(own_draft), {"status": "withdrawn", "headline": "Changed", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A story that is draft cannot become withdrawn; it can become in review or "
        "published. Nothing was saved.",
        "current_version": 1,
        "current_status": "draft",
    }
    own_draft.refresh_from_db()
    assert (own_draft.headline, own_draft.version) == ("My draft", 1)


def test_a_new_story_may_only_start_where_a_draft_can_go(editor_client):
    response = editor_client.post(
        DESK, {"headline": "Straight out", "status": "withdrawn"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert not Article.objects.exists()


def test_an_edit_must_say_which_version_it_is_based_on(reporter_client, own_draft):
    response = reporter_client.patch(item(own_draft), {"headline": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["version"]


def test_a_stale_version_is_a_409_and_nothing_is_overwritten(
    reporter_client, editor_client, own_draft
):
    first = editor_client.patch(
        item(own_draft), {"headline": "Editor's", "version": 1}, format="json"
    )
    assert first.status_code == 200
    late = reporter_client.patch(
        item(own_draft), {"headline": "Reporter's", "version": 1}, format="json"
    )
    assert late.status_code == 409
    assert late.json()["current_version"] == 2
    assert "version 2" in late.json()["detail"]
    own_draft.refresh_from_db()
    assert (own_draft.headline, own_draft.version) == ("Editor's", 2)


def test_changing_links_alone_is_a_save(reporter_client, own_draft):
    PersonFactory(slug="someone")
    response = reporter_client.patch(
        item(own_draft), {"people": ["someone"], "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["people"] == ["someone"]
    assert own_draft.people.get().slug == "someone"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"headline": ""}, "headline"),
        ({"headline": "x" * 256}, "headline"),
        ({"headline": "Fine", "slug": "taken"}, "slug"),
        ({"headline": "Fine", "slug": "not a slug"}, "slug"),
        ({"headline": "Fine", "people": ["nobody"]}, "people"),
        ({"headline": "Fine", "section": "nowhere"}, "section"),
        ({"headline": "Fine", "dateline": ""}, "dateline"),
        ({"headline": "Fine", "lead_image": 10**30}, "lead_image"),
        ({"headline": "Fine", "status": "gone"}, "status"),
    ],
)
def test_writes_are_validated_like_the_admin_form(editor_client, payload, field):
    ArticleFactory(slug="taken")
    response = editor_client.post(DESK, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_model_constraints_are_enforced_on_edits(editor_client):
    story = ArticleFactory()
    response = editor_client.patch(item(story), {"published_at": None, "version": 1}, format="json")
    assert response.status_code == 400
    assert "publication time" in str(response.json())
    story.refresh_from_db()
    assert story.published_at is not None


def test_desk_responses_are_never_cached(editor_client, own_draft):
    response = editor_client.get(item(own_draft))
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_malformed_json_is_a_400(editor_client):
    response = editor_client.post(DESK, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_an_entity_the_text_links_to_becomes_one_the_story_is_about(reporter_client):
    putin = PersonFactory(name="Vladimir Putin")
    response = reporter_client.post(
        DESK,
        {
            "headline": "Talks",
            "body": f'<p><a href="/x/" data-entity="person:{putin.pk}">Putin</a> spoke.</p>',
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    story = Article.objects.get(pk=response.json()["id"])
    assert list(story.people.all()) == [putin]
