"""The live preview: the story from the form's unsaved content, with the public template;
for new, draft, scheduled and published stories; never a counted view, never cached, never
shown to someone who may not write the story."""

import extruct
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    EventFactory,
    ImageFactory,
    PersonFactory,
    ReporterFactory,
)
from tests.hardening.test_no_script_runs import PAYLOADS, executable_markup
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
NEW = reverse("desk:preview_new")


def preview_url(article):
    return reverse("desk:preview", args=[article.pk])


def form(**overrides):
    return {
        "headline": "Leaders meet in Moscow",
        "summary": "The summit opens.",
        "body": "<p>Presidents <strong>arrived</strong> on Tuesday.</p>",
        "language": "en",
        **overrides,
    }


def story_body(html):
    start = html.index('<div class="story-body">')
    return html[start : html.index("</div>", start)]


def test_the_preview_renders_the_forms_unsaved_words_with_the_public_template(as_editor):
    story = ArticleFactory(headline="The saved headline")
    response = as_editor.post(preview_url(story), form())
    assert response.status_code == 200
    html = response.text
    assert "<h1>Leaders meet in Moscow</h1>" in html
    assert "<strong>arrived</strong>" in story_body(html)
    assert "The saved headline" not in html
    story.refresh_from_db()
    assert story.headline == "The saved headline"  # nothing saved


def test_body_links_images_related_boxes_and_json_ld_come_from_the_form(as_editor):
    person = PersonFactory(name="Shavkat Mirziyoyev", slug="shavkat-mirziyoyev")
    event = EventFactory(title="CIS summit")
    related = ArticleFactory(headline="An earlier story")
    image = ImageFactory(caption="Leaders at the Kremlin")
    story = ArticleFactory(draft=True)
    body = (
        f'<p>President <a href="/x/" data-entity="person:{person.pk}">Mirziyoyev</a> spoke.</p>\n'
        f'<figure data-image="{image.pk}"></figure>'
    )
    html = as_editor.post(
        preview_url(story),
        form(body=body, events=[event.pk], related_articles=[related.pk]),
    ).text
    assert 'href="/people/shavkat-mirziyoyev/"' in story_body(html)
    assert "Leaders at the Kremlin" in html
    # The person linked in the text is in the story's box, as a save would put them there.
    assert 'id="people-heading"' in html and "Shavkat Mirziyoyev</a>" in html
    assert "CIS summit" in html
    assert "An earlier story" in html
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"], uniform=True)
    [article] = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    assert article["headline"] == "Leaders meet in Moscow"
    assert story.people.count() == 0  # the preview linked nothing


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "published", "withdrawn"])
def test_every_state_previews(as_editor, stories_in_every_state, state):
    story = stories_in_every_state[state]
    response = as_editor.post(preview_url(story), form())
    assert response.status_code == 200
    assert "<h1>Leaders meet in Moscow</h1>" in response.text
    assert ("Preview — not published" in response.text) is (state != "published")


def test_a_new_story_previews(as_editor):
    person = PersonFactory(name="Vladimir Putin")
    response = as_editor.post(NEW, form(people=[person.pk]))
    assert response.status_code == 200
    assert "Vladimir Putin</a>" in response.text
    assert not Article.objects.exists()


def test_a_scheduled_time_on_the_form_is_shown(as_editor):
    story = ArticleFactory(draft=True)
    html = as_editor.post(
        preview_url(story),
        form(status="published", published_at_0="2999-01-02", published_at_1="10:00:00"),
    ).text
    assert "Scheduled for" in html


def test_the_preview_counts_no_view_and_touches_no_cache(client, settings, editor):
    settings.NEWSROOM_VIEW_COUNT_FLUSH_SECONDS = 0
    story = ArticleFactory(view_count=5)
    sign_in(client, editor)
    cache.clear()
    response = client.post(preview_url(story), form())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert list(cache._cache) == []  # nothing written to any cache
    story.refresh_from_db()
    assert story.view_count == 5
    # A reader still gets the saved story, not the previewed words.
    assert "Leaders meet in Moscow" not in Client().get(story.get_absolute_url()).text


def test_someone_who_may_not_write_the_story_gets_a_403(client):
    reporter = ReporterFactory()
    sign_in(client, reporter)
    others = ArticleFactory(draft=True, created_by=ReporterFactory())
    own_published = ArticleFactory(created_by=reporter)
    for story in (others, own_published):
        response = client.post(preview_url(story), form())
        assert response.status_code == 403
        assert "Leaders meet" not in response.text
    assert client.post(NEW, form()).status_code == 200  # their own new story


def test_signed_out_is_a_401(client):
    assert client.post(preview_url(ArticleFactory()), form()).status_code == 401


def test_an_unknown_choice_is_a_400_naming_the_field(as_editor):
    response = as_editor.post(NEW, form(people=["999999"]))
    assert response.status_code == 400
    assert "people" in response.json()["fields"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_html_in_the_form_runs_no_script_in_the_preview(as_editor, payload):
    html = as_editor.post(NEW, form(body=payload, headline=payload, summary=payload)).text
    # The page's body; in its head, a headline of "javascript:alert(1)" is the text of the
    # title's <meta content>, which the checker counts as an address.
    assert executable_markup(html[html.index("<body") :]) == []
    assert "<script>" not in html and "<SCRIPT" not in html
