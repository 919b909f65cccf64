"""Safety of the text: every save keeps a revision, diffs are readable, restore is a new
revision, and the second of two concurrent editors is refused without losing their words."""

import pytest
from django.urls import reverse

from articles.diff import word_diff
from articles.models import Article, Revision
from tests.admin.helpers import change_form_data
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def revision_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version])


@pytest.fixture
def editor_client(client):
    editor = EditorFactory()
    sign_in(client, editor)
    client.user = editor
    return client


def test_every_save_keeps_a_revision_of_the_words():
    story = ArticleFactory(headline="First", body="<p>One.</p>")
    story.headline = "Second"
    story.save()
    story.body = "<p>Two.</p>"
    story.save()
    assert list(story.revisions.values_list("version", "headline", "body")) == [
        (3, "Second", "<p>Two.</p>"),
        (2, "Second", "<p>One.</p>"),
        (1, "First", "<p>One.</p>"),
    ]
    assert story.version == 3


def test_a_save_through_the_admin_records_who_made_it(editor_client):
    story = ArticleFactory()
    page = editor_client.get(change_url(story))
    editor_client.post(change_url(story), change_form_data(page, headline="Edited"))
    latest = story.revisions.first()
    assert (latest.headline, latest.created_by) == ("Edited", editor_client.user)


def test_word_diff_marks_removed_and_added_words_and_escapes_markup():
    html = word_diff("Putin met <b>Aliyev</b> today", "Putin met Tokayev today")
    assert "<del>&lt;b&gt;Aliyev&lt;/b&gt;</del>" in html
    assert "<ins>Tokayev</ins>" in html
    assert "<b>" not in html


def test_history_page_shows_each_revision_with_its_diff(editor_client):
    story = ArticleFactory(headline="Leaders meet in Moscow")
    story.headline = "Leaders meet in the Kremlin"
    story.save()
    response = editor_client.get(revisions_url(story))
    assert response.status_code == 200
    assert "<del>Moscow</del><ins>the Kremlin</ins>" in response.text.replace("\n", "")
    assert "Version 2" in response.text and "Version 1" in response.text


def test_restoring_a_revision_makes_a_new_revision(editor_client):
    story = ArticleFactory(headline="Original", body="<p>Original words.</p>")
    story.headline, story.body = "Vandalised", "<p>Nonsense.</p>"
    story.save()
    response = editor_client.post(revision_url(story, 1))
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.body, story.version) == ("Original", "<p>Original words.</p>", 3)
    newest = story.revisions.first()
    assert (newest.note, newest.created_by) == ("Restored from version 1", editor_client.user)
    assert story.revisions.count() == 3  # nothing was thrown away


def test_a_reporter_may_not_restore_someone_elses_story(client):
    reporter = ReporterFactory()
    story = ArticleFactory(draft=True, created_by=ReporterFactory(), headline="Original")
    story.headline = "Changed"
    story.save()
    sign_in(client, reporter)
    assert client.post(revision_url(story, 1)).status_code == 403
    story.refresh_from_db()
    assert story.headline == "Changed"


def test_history_needs_an_account_with_the_right(client):
    story = ArticleFactory()
    response = client.get(revisions_url(story))
    assert response.status_code == 302 and "/admin/login/" in response.url
    sign_in(client, EditorFactory(is_staff=False))
    assert client.get(revisions_url(story)).status_code == 302


def test_an_unknown_revision_is_not_found(editor_client):
    story = ArticleFactory()
    assert editor_client.get(revision_url(story, 99)).status_code == 404


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(client):
    story = ArticleFactory(headline="Presidents gather", body="<p>The first text.</p>")
    first, second = EditorFactory(), EditorFactory()
    sign_in(client, second)
    second_page = client.get(change_url(story))  # the second editor opens the story …

    sign_in(client, first)  # … the first opens it, edits it and saves first
    first_page = client.get(change_url(story))
    client.post(change_url(story), change_form_data(first_page, body="<p>The first editor's.</p>"))

    sign_in(client, second)
    data = change_form_data(second_page, body="<p>The second editor's careful words.</p>")
    response = client.post(change_url(story), data)

    assert response.status_code == 200
    assert "Someone else saved this story" in response.text
    assert first.username in response.text
    assert "The second editor&#x27;s careful words." in response.text  # still on the form
    story.refresh_from_db()
    assert story.body == "<p>The first editor's.</p>"  # nothing overwritten
    assert Revision.objects.filter(article=story).count() == 2


def test_saving_a_fresh_copy_after_a_conflict_works(editor_client):
    story = ArticleFactory()
    story.headline = "Saved elsewhere"
    story.save()
    page = editor_client.get(change_url(story))
    response = editor_client.post(change_url(story), change_form_data(page, headline="Mine"))
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "Mine"
