"""Autosave endpoints: a writer's unsaved words kept apart from the story, refused when they
are not the writer's to keep, malformed or too long; restored with a diff; pruned."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Revision
from desk.models import Autosave
from tests.admin.helpers import change_form_data
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, UserFactory
from tests.hardening.test_no_script_runs import PAYLOADS, executable_markup
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
NEW = reverse("desk:autosave_new")


def autosave_url(article):
    return reverse("desk:autosave", args=[article.pk])


def words(**overrides):
    return {
        "headline": "Leaders meet in Moscow",
        "summary": "The summit opens.",
        "body": "<p>Presidents arrived on Tuesday.</p>",
        "expected_version": "1",
        **overrides,
    }


@pytest.fixture
def reporter():
    return ReporterFactory(username="rita")


@pytest.fixture
def own_draft(reporter):
    return ArticleFactory(draft=True, created_by=reporter, body="<p>Presidents arrived.</p>")


def test_an_autosave_keeps_the_words_apart_from_the_story(as_reporter, reporter, own_draft):
    before = (own_draft.version, own_draft.revisions.count(), own_draft.updated_at)
    response = as_reporter.post(
        autosave_url(own_draft), words(expected_version=str(own_draft.version))
    )
    assert response.status_code == 200, response.content
    kept = Autosave.objects.get(user=reporter, article=own_draft)
    assert kept.headline == "Leaders meet in Moscow"
    assert kept.body == "<p>Presidents arrived on Tuesday.</p>"
    assert kept.base_version == own_draft.version
    own_draft.refresh_from_db()
    assert (own_draft.version, own_draft.revisions.count(), own_draft.updated_at) == before
    assert own_draft.headline != "Leaders meet in Moscow"
    # A second autosave replaces the first: one per writer and story.
    as_reporter.post(autosave_url(own_draft), words(headline="Leaders meet"))
    assert Autosave.objects.get().headline == "Leaders meet"


def test_reopening_offers_the_words_with_a_diff_against_the_saved_story(as_reporter, own_draft):
    as_reporter.post(autosave_url(own_draft), words())
    offer = as_reporter.get(autosave_url(own_draft)).json()["autosave"]
    assert offer["body"] == "<p>Presidents arrived on Tuesday.</p>"
    body_diff = next(diff for diff in offer["diffs"] if diff["field"] == "body")
    assert body_diff["changed"]
    assert "<del>arrived.</del><ins>arrived on Tuesday.</ins>" in body_diff["html"]
    # Words, as the reader reads them: no tag shown, as text or as markup (issue 24, item 10).
    assert "&lt;" not in body_diff["html"] and "<p>" not in body_diff["html"]


def test_words_equal_to_the_saved_story_are_not_kept(as_reporter, own_draft):
    as_reporter.post(autosave_url(own_draft), words())
    same = words(headline=own_draft.headline, summary=own_draft.summary, body=own_draft.body)
    assert as_reporter.post(autosave_url(own_draft), same).json() == {"saved_at": None}
    assert not Autosave.objects.exists()
    assert as_reporter.get(autosave_url(own_draft)).json() == {"autosave": None}


def test_a_new_story_is_kept_per_writer_and_offered_on_the_add_page(as_reporter, reporter):
    other = ReporterFactory()
    assert as_reporter.post(NEW, words(expected_version="")).status_code == 200
    offer = as_reporter.get(NEW).json()["autosave"]
    assert offer["headline"] == "Leaders meet in Moscow"
    someone_else = Client()
    sign_in(someone_else, other)
    assert someone_else.get(NEW).json() == {"autosave": None}


def test_each_writer_has_their_own_autosave_of_a_story(client, reporter):
    story = ArticleFactory(draft=True)
    first, second = EditorFactory(), EditorFactory()
    for editor, headline in ((first, "First's words"), (second, "Second's words")):
        sign_in(client, editor)
        client.post(autosave_url(story), words(headline=headline))
    assert dict(Autosave.objects.values_list("user__username", "headline")) == {
        first.username: "First's words",
        second.username: "Second's words",
    }


def test_saving_the_story_deletes_its_writers_autosave_only(
    client, own_draft, reporter, django_capture_on_commit_callbacks
):
    editor = EditorFactory()
    Autosave.objects.create(user=editor, article=own_draft, headline="The editor's words")
    sign_in(client, reporter)
    client.post(autosave_url(own_draft), words())
    page = client.get(reverse("admin:articles_article_change", args=[own_draft.pk]))
    data = change_form_data(page, headline="Leaders meet in Moscow", _save="Save")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_article_change", args=[own_draft.pk]), data)
    assert response.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == [editor.username]


def test_the_first_save_of_a_new_story_ends_the_add_pages_autosave(
    as_reporter, django_capture_on_commit_callbacks
):
    as_reporter.post(NEW, words(expected_version=""))
    with django_capture_on_commit_callbacks(execute=True):
        response = as_reporter.post(
            reverse("admin:articles_article_add"),
            {
                "headline": "Leaders meet in Moscow",
                "slug": "leaders-meet-in-moscow",
                "summary": "",
                "body": "<p>Presidents arrived on Tuesday.</p>",
                "status": Article.Status.DRAFT,
                "language": "en",
                "corrections-TOTAL_FORMS": "0",
                "corrections-INITIAL_FORMS": "0",
                "quotes-TOTAL_FORMS": "0",
                "quotes-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    assert not Autosave.objects.exists()


# --- refusals ------------------------------------------------------------------------------


def test_another_writers_story_is_refused(as_reporter):
    story = ArticleFactory(draft=True, created_by=ReporterFactory())
    assert as_reporter.post(autosave_url(story), words()).status_code == 403
    assert as_reporter.get(autosave_url(story)).status_code == 403
    assert not Autosave.objects.exists()


def test_a_reporters_published_story_is_refused(as_reporter, reporter):
    story = ArticleFactory(created_by=reporter)  # published: an editor's to change now
    response = as_reporter.post(autosave_url(story), words())
    assert response.status_code == 403
    assert "not yours" in response.json()["error"]


def test_an_unknown_story_is_a_404(as_reporter):
    assert as_reporter.post(reverse("desk:autosave", args=[999999]), words()).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"headline": "Only a headline"},
        words(expected_version="seven"),
        words(expected_version=""),
        {},
    ],
)
def test_malformed_input_is_a_400(as_reporter, own_draft, data):
    response = as_reporter.post(autosave_url(own_draft), data)
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_oversize_body_is_a_413(as_reporter, own_draft):
    response = as_reporter.post(autosave_url(own_draft), words(body="<p>" + "word " * 250_000))
    assert response.status_code == 413
    assert "longer than" in response.json()["error"]


def test_a_request_longer_than_the_limit_is_refused_before_it_is_read(
    as_reporter, own_draft, settings
):
    settings.NEWSROOM_AUTOSAVE_MAX_BYTES = 1000
    response = as_reporter.post(autosave_url(own_draft), words(body="x" * 2000))
    assert response.status_code == 413
    assert not Autosave.objects.exists()


def test_signed_out_is_a_401_in_json_not_a_login_page(client, own_draft):
    response = client.post(autosave_url(own_draft), words())
    assert response.status_code == 401
    assert "signed out" in response.json()["error"]


def test_a_reader_account_is_refused(client, own_draft):
    sign_in(client, UserFactory())
    assert client.post(autosave_url(own_draft), words()).status_code == 403


def test_the_csrf_check_is_kept(reporter, own_draft):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, reporter)
    assert client.post(autosave_url(own_draft), words()).status_code == 403
    assert not Autosave.objects.exists()


def test_only_get_and_post(as_reporter, own_draft):
    assert as_reporter.put(autosave_url(own_draft)).status_code == 405


def test_the_session_endpoint_gives_a_signed_in_writer_a_fresh_csrf_token(client, reporter):
    assert client.get(reverse("desk:session")).status_code == 401
    sign_in(client, reporter)
    answer = client.get(reverse("desk:session")).json()
    assert answer["signed_in"] and len(answer["csrf_token"]) == 64


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_html_is_kept_sanitised(as_reporter, own_draft, payload):
    as_reporter.post(autosave_url(own_draft), words(body=payload, headline=payload))
    kept = Autosave.objects.get()
    assert not executable_markup(kept.body)
    offer = as_reporter.get(autosave_url(own_draft)).json()["autosave"]
    for diff in offer["diffs"]:
        assert not executable_markup(diff["html"])


def test_discard_deletes_only_the_writers_own(as_reporter, own_draft, reporter):
    editor = EditorFactory()
    Autosave.objects.create(user=editor, article=own_draft, headline="Theirs")
    as_reporter.post(autosave_url(own_draft), words())
    response = as_reporter.post(reverse("desk:autosave_discard", args=[own_draft.pk]))
    assert response.status_code == 200
    assert list(Autosave.objects.values_list("user", flat=True)) == [editor.pk]


# --- pruning -------------------------------------------------------------------------------


def test_prune_deletes_autosaves_older_than_the_configured_age(reporter, settings):
    settings.NEWSROOM_AUTOSAVE_MAX_AGE_DAYS = 7
    old = Autosave.objects.create(
        user=reporter, saved_at=timezone.now() - datetime.timedelta(days=8)
    )
    recent = Autosave.objects.create(
        user=reporter,
        article=ArticleFactory(draft=True),
        saved_at=timezone.now() - datetime.timedelta(days=6),
    )
    call_command("prune_autosaves")
    assert list(Autosave.objects.all()) == [recent]
    assert not Autosave.objects.filter(pk=old.pk).exists()
    call_command("prune_autosaves", "--days", "5")
    assert not Autosave.objects.exists()


def test_prune_refuses_a_nonsensical_age():
    with pytest.raises(CommandError, match="at least one day"):
        call_command("prune_autosaves", "--days", "0")


def test_autosaves_are_not_revisions(as_reporter, own_draft):
    revisions = Revision.objects.count()
    as_reporter.post(autosave_url(own_draft), words())
    assert Revision.objects.count() == revisions
