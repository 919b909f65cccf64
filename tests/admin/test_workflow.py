"""The editorial workflow in the admin: roles, transitions and their record, scheduling."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, StatusChange
from tests.admin.helpers import change_form_data
from tests.factories import ArticleFactory, ReporterFactory, SectionFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def new_story_data(**overrides):
    return {
        "headline": "Council approves budget",
        "slug": "council-approves-budget",
        "summary": "",
        "body": "<p>Details.</p>",
        "status": Status.DRAFT,
        "language": "en",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        **overrides,
    }


def run_action(client, action, *articles, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(article.pk) for article in articles], **extra},
        follow=True,
    )


def test_the_two_roles_exist_with_the_rights_of_their_job():
    reporter = Group.objects.get(name="Reporter").permissions.values_list("codename", flat=True)
    editor = Group.objects.get(name="Editor").permissions.values_list("codename", flat=True)
    assert {"add_article", "change_article", "view_person"} <= set(reporter)
    assert not {"publish_article", "edit_any_article", "delete_article"} & set(reporter)
    assert {"publish_article", "edit_any_article", "change_person"} <= set(editor)
    assert not {"change_revision", "delete_statuschange"} & set(editor)


# --- reporters ----------------------------------------------------------------------------


def test_reporter_writes_a_draft_credited_to_them(as_reporter, reporter):
    response = as_reporter.post(ADD, new_story_data())
    assert response.status_code == 302
    story = Article.objects.get()
    assert (story.created_by, story.status) == (reporter, Status.DRAFT)


def test_reporter_may_only_choose_draft_or_review(as_reporter):
    response = as_reporter.get(ADD)
    choices = [
        value for value, _label in response.context["adminform"].form.fields["status"].choices
    ]
    assert choices == [Status.DRAFT, Status.IN_REVIEW]
    assert "published_at" not in response.context["adminform"].form.fields


def test_reporter_crafting_a_published_status_is_refused(as_reporter):
    response = as_reporter.post(ADD, new_story_data(status=Status.PUBLISHED))
    assert response.status_code == 200
    assert "You may not move this story to “published”." in response.text
    assert not Article.objects.exists()


def test_reporter_crafting_a_publication_time_is_refused(as_reporter, reporter):
    story = ArticleFactory(draft=True, created_by=reporter)
    page = as_reporter.get(change_url(story))
    future = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    data = change_form_data(page, published_at_0=future, published_at_1="08:00:00")
    response = as_reporter.post(change_url(story), data)
    assert response.status_code == 200
    assert "Only editors choose when a story is published." in response.text
    story.refresh_from_db()
    assert story.published_at is None


def test_reporter_edits_their_own_draft(as_reporter, reporter):
    story = ArticleFactory(draft=True, created_by=reporter)
    page = as_reporter.get(change_url(story))
    response = as_reporter.post(change_url(story), change_form_data(page, headline="Better"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Better"


@pytest.mark.parametrize(
    "story_kwargs",
    [{"draft": True}, {"status": Status.PUBLISHED}],
    ids=["someone elses draft", "own published story"],
)
def test_reporter_cannot_edit(as_reporter, reporter, story_kwargs):
    owner = reporter if "status" in story_kwargs else ReporterFactory()
    story = ArticleFactory(created_by=owner, **story_kwargs)
    page = as_reporter.get(change_url(story))
    assert page.status_code == 200  # they may read it …
    assert not page.context["has_change_permission"]
    response = as_reporter.post(change_url(story), {"headline": "Hijacked"})
    assert response.status_code == 403  # … not change it
    story.refresh_from_db()
    assert story.headline != "Hijacked"


def test_reporter_submits_their_draft_for_review(as_reporter, reporter):
    story = ArticleFactory(draft=True, created_by=reporter)
    run_action(as_reporter, "submit_for_review", story)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    change = StatusChange.objects.get(article=story)
    assert (change.changed_by, change.from_status, change.to_status) == (
        reporter,
        Status.DRAFT,
        Status.IN_REVIEW,
    )


@pytest.mark.parametrize("action", ["publish_now", "withdraw"])
def test_reporter_cannot_use_the_editors_actions(as_reporter, reporter, action):
    listing = as_reporter.get(CHANGELIST)
    offered = [name for name, _label in listing.context["action_form"].fields["action"].choices]
    assert action not in offered
    story = ArticleFactory(in_review=True, created_by=reporter)
    run_action(as_reporter, action, story)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert not StatusChange.objects.exists()


# --- editors ------------------------------------------------------------------------------


def test_editor_publishes_now_and_the_step_is_recorded(as_editor, editor):
    story = ArticleFactory(in_review=True)
    before = timezone.now()
    response = run_action(as_editor, "publish_now", story)
    assert "Published 1 story." in response.text
    story.refresh_from_db()
    assert story.is_published and before <= story.published_at <= timezone.now()
    change = StatusChange.objects.get(article=story)
    assert (change.changed_by, change.from_status, change.to_status) == (
        editor,
        Status.IN_REVIEW,
        Status.PUBLISHED,
    )


def test_editor_withdraws_a_published_story(as_editor):
    story = ArticleFactory(headline="Budget approved")
    # The list's "Withdraw…" asks first, naming the stories and what partners are sent.
    question = run_action(as_editor, "withdraw", story)
    assert "Budget approved" in question.text and "kill notice" in question.text
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    run_action(as_editor, "withdraw", story, confirmed="yes")
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_an_impossible_move_is_refused_and_reported(as_editor):
    draft = ArticleFactory(draft=True)
    response = run_action(as_editor, "withdraw", draft, confirmed="yes")
    assert "Not allowed for: " + draft.headline in response.text
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_schedules_a_story_through_the_form(as_editor, editor):
    story = ArticleFactory(in_review=True, section=SectionFactory())
    page = as_editor.get(change_url(story))
    when = timezone.localtime() + datetime.timedelta(days=2)
    data = change_form_data(
        page,
        status=Status.PUBLISHED,
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1="09:30:00",
    )
    response = as_editor.post(change_url(story), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_scheduled and not story.is_published
    assert story.status_changes.get().to_status == Status.PUBLISHED


def test_the_story_page_shows_its_workflow_history(as_editor, reporter, editor):
    story = ArticleFactory(draft=True, created_by=reporter)
    StatusChange.objects.create(
        article=story, from_status=Status.DRAFT, to_status=Status.IN_REVIEW, changed_by=reporter
    )
    StatusChange.objects.create(
        article=story, from_status=Status.IN_REVIEW, to_status=Status.PUBLISHED, changed_by=editor
    )
    response = as_editor.get(change_url(story))
    history = response.text[response.text.index('id="workflow-history"') :]
    assert str(reporter) in history and str(editor) in history
    assert history.index("In review") < history.index("Published")


# Deleting ----------------------------------------------------------------------------------------


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


@pytest.mark.parametrize("state", ["published", "scheduled"])
def test_a_story_that_went_out_cannot_be_deleted_only_withdrawn(as_editor, state):
    story = ArticleFactory(**{state: True}) if state == "scheduled" else ArticleFactory()
    assert as_editor.get(delete_url(story)).status_code == 403
    assert as_editor.post(delete_url(story), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [story.pk]}
    # The story list's action says why on its confirmation page, and refuses the confirmation.
    assert "permission to delete" in as_editor.post(CHANGELIST, bulk).text
    assert as_editor.post(CHANGELIST, {**bulk, "post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=story.pk).exists()


@pytest.mark.parametrize("state", ["draft", "in_review", "withdrawn"])
def test_an_editor_deletes_a_story_that_is_not_out(as_editor, state):
    story = ArticleFactory(**{state: True})
    response = as_editor.post(delete_url(story), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=story.pk).exists()


# The story form's workflow buttons (issue 24): the same rules through `_step` -------------------


def test_the_form_offers_the_steps_the_workflow_allows(as_reporter, reporter, client, editor):
    draft = ArticleFactory(draft=True, created_by=reporter)
    steps = as_reporter.get(change_url(draft)).context["workflow_steps"]
    assert [step["action"] for step in steps] == ["submit"]
    sign_in(client, editor)
    steps = client.get(change_url(ArticleFactory(in_review=True))).context["workflow_steps"]
    assert [step["action"] for step in steps] == ["publish", "schedule", "return"]


def test_a_reporter_crafting_the_publish_step_is_refused(as_reporter, reporter):
    story = ArticleFactory(draft=True, created_by=reporter)
    page = as_reporter.get(change_url(story))
    response = as_reporter.post(change_url(story), change_form_data(page, _step="publish"))
    assert response.status_code == 200
    assert "You may not move this story to “publish”." in response.text
    story.refresh_from_db()
    assert story.status == Status.DRAFT
    # The refused step is not left in the form for the next plain Save.
    assert response.context["adminform"].form["status"].value() == Status.DRAFT


def test_the_schedule_step_takes_a_time_in_the_future_only(as_editor):
    story = ArticleFactory(in_review=True)
    page = as_editor.get(change_url(story))
    past = (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = as_editor.post(
        change_url(story), change_form_data(page, _step="schedule", _schedule_at=past)
    )
    assert "Choose a time in the future to schedule the story." in response.text
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    when = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT09:30")
    response = as_editor.post(
        change_url(story), change_form_data(page, _step="schedule", _schedule_at=when), follow=True
    )
    story.refresh_from_db()
    assert story.is_scheduled
    assert "Scheduled for" in response.text
