"""The live desk in the admin: posting in one step, and who may pin, delete, open and close."""

import pytest
from django.urls import reverse

from live.models import LiveEntry
from tests.factories import EditorFactory, LiveCoverageFactory, LiveEntryFactory, ReporterFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def post_url(coverage):
    return reverse("admin:live_desk_post", args=[coverage.pk])


def action_url(entry, action):
    return reverse("admin:live_desk_entry_action", args=[entry.coverage_id, entry.pk, action])


def test_a_reporter_opens_the_desk_of_a_live_story_an_editor_opened(as_reporter):
    coverage = LiveCoverageFactory()
    LiveEntryFactory(coverage=coverage, body="<p>Earlier news.</p>")
    response = as_reporter.get(reverse("admin:live_livecoverage_desk", args=[coverage.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="live-entry-form"' in html and "Earlier news." in html
    assert html.index('id="live-entry-form"') < html.index("Earlier news.")  # form above
    assert "data-django-prose-editor-newsroom" in html  # the story editor
    assert "nonce=" in html  # its import map runs under the policy
    assert "Close the live coverage" not in html  # editors only


def test_a_reporter_posts_an_entry_in_one_step(as_reporter, reporter):
    reporter.first_name, reporter.last_name = "Jane", "Roe"
    reporter.save()
    coverage = LiveCoverageFactory()
    response = as_reporter.post(post_url(coverage), {"body": "<p>Leaders arrive.</p>"}, **JSON)
    assert response.status_code == 200
    entry = LiveEntry.objects.get(pk=response.json()["id"])
    assert (entry.author, entry.author_name, entry.body) == (
        reporter,
        "Jane Roe",
        "<p>Leaders arrive.</p>",
    )
    # Without JavaScript the form posts and comes back to the desk.
    response = as_reporter.post(post_url(coverage), {"body": "<p>Talks begin.</p>"})
    assert response.status_code == 302 and response["Location"].endswith("/desk/")


def test_the_desk_poll_shows_the_entries_others_posted(as_reporter):
    coverage = LiveCoverageFactory()
    mine = LiveEntryFactory(coverage=coverage)
    theirs = LiveEntryFactory(coverage=coverage, body="<p>From a colleague.</p>")
    url = reverse("admin:live_desk_entries", args=[coverage.pk]) + f"?since={mine.pk}"
    data = as_reporter.get(url).json()
    assert [entry["id"] for entry in data["entries"]] == [theirs.pk]
    assert "From a colleague." in data["entries"][0]["html"]
    assert as_reporter.get(url.replace(f"since={mine.pk}", "since=x")).status_code == 400


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write something"),
        ({"body": "<p> </p><script>alert(1)</script>"}, "Write something"),
        ({"body": "<p>x</p>", "image": "999999"}, "no picture"),
        ({"body": "<p>x</p>", "image": "abc"}, "picture"),
        ({"body": "", "quote_by": "Someone"}, "Write something"),
        ({"body": "<p>x</p>" * 10_000}, "at most"),
    ],
)
def test_a_bad_entry_is_refused_with_a_reason(as_reporter, data, message):
    coverage = LiveCoverageFactory()
    response = as_reporter.post(post_url(coverage), data, **JSON)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not LiveEntry.objects.exists()


def test_posting_to_a_closed_live_story_is_refused(as_reporter):
    coverage = LiveCoverageFactory(is_open=False)
    response = as_reporter.post(post_url(coverage), {"body": "<p>Late.</p>"}, **JSON)
    assert response.status_code == 409
    assert "ended" in response.json()["error"]
    assert not LiveEntry.objects.exists()


def test_a_reporter_may_not_pin_nor_delete_another_writers_entry(as_reporter):
    entry = LiveEntryFactory(author=EditorFactory())
    for action in ("pin", "delete", "edit"):
        response = as_reporter.post(action_url(entry, action), {"body": "<p>Mine now.</p>"}, **JSON)
        assert response.status_code == 403, action
    entry.refresh_from_db()
    assert not entry.is_key_event and not entry.is_deleted and entry.version == 1


def test_a_reporter_edits_and_deletes_their_own_entry_but_may_not_pin_it(as_reporter, reporter):
    entry = LiveEntryFactory(author=reporter)
    response = as_reporter.post(action_url(entry, "edit"), {"body": "<p>Fixed.</p>"}, **JSON)
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.body == "<p>Fixed.</p>" and entry.is_edited and entry.version == 2
    assert as_reporter.post(action_url(entry, "pin"), **JSON).status_code == 403
    assert as_reporter.post(action_url(entry, "delete"), **JSON).status_code == 200
    entry.refresh_from_db()
    assert entry.is_deleted and entry.body == ""


def test_an_editor_pins_deletes_closes_and_reopens(as_editor):
    coverage = LiveCoverageFactory()
    entry = LiveEntryFactory(coverage=coverage, author=ReporterFactory())
    other = LiveEntryFactory(coverage=coverage, author=ReporterFactory())
    response = as_editor.post(action_url(entry, "pin"), {"pinned": "1", "title": "Deal"}, **JSON)
    assert response.status_code == 200
    assert as_editor.post(action_url(other, "delete"), **JSON).status_code == 200
    entry.refresh_from_db()
    other.refresh_from_db()
    assert entry.is_key_event and entry.key_event_title == "Deal" and other.is_deleted
    url = reverse("admin:live_desk_open", args=[coverage.pk])
    assert as_editor.post(url, {"open": "0"}, **JSON).status_code == 200
    coverage.refresh_from_db()
    assert not coverage.is_open and coverage.closed_at is not None
    assert as_editor.post(url, {"open": "maybe"}, **JSON).status_code == 400
    assert as_editor.post(url, {"open": "1"}, **JSON).status_code == 200
    coverage.refresh_from_db()
    assert coverage.is_open and coverage.closed_at is None


def test_a_reporter_may_not_close_a_live_story(as_reporter):
    coverage = LiveCoverageFactory()
    url = reverse("admin:live_desk_open", args=[coverage.pk])
    assert as_reporter.post(url, {"open": "0"}, **JSON).status_code == 403
    coverage.refresh_from_db()
    assert coverage.is_open


def test_unknown_entries_actions_and_methods(as_editor):
    entry = LiveEntryFactory()
    assert as_editor.post(action_url(entry, "explode"), **JSON).status_code == 404
    assert as_editor.get(action_url(entry, "pin")).status_code == 405
    other = LiveEntryFactory()  # of another live story
    url = reverse("admin:live_desk_entry_action", args=[entry.coverage_id, other.pk, "pin"])
    assert as_editor.post(url, **JSON).status_code == 404
    assert as_editor.get(reverse("admin:live_livecoverage_desk", args=[999999])).status_code == 404


def test_readers_and_signed_out_visitors_never_reach_the_desk(client):
    coverage = LiveCoverageFactory()
    response = client.post(post_url(coverage), {"body": "<p>x</p>"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not LiveEntry.objects.exists()


def test_a_long_full_name_is_cut_to_fit_the_byline(as_reporter, reporter):
    reporter.first_name, reporter.last_name = "F" * 150, "L" * 150
    reporter.save()
    coverage = LiveCoverageFactory()
    response = as_reporter.post(post_url(coverage), {"body": "<p>Hello.</p>"}, **JSON)
    entry = LiveEntry.objects.get(pk=response.json()["id"])
    assert entry.author_name == ("F" * 150 + " " + "L" * 150)[:255]


def test_the_story_change_page_leads_to_the_live_desk(as_editor, client, reporter):
    from tests.factories import ArticleFactory

    coverage = LiveCoverageFactory()
    plain = ArticleFactory()
    change = reverse("admin:articles_article_change", args=[coverage.pk])
    desk = reverse("admin:live_livecoverage_desk", args=[coverage.pk])
    assert f'href="{desk}">Live desk</a>' in as_editor.get(change).content.decode()
    html = as_editor.get(reverse("admin:articles_article_change", args=[plain.pk])).content
    assert f"/admin/live/livecoverage/add/?article={plain.pk}" in html.decode()
    sign_in(client, reporter)
    assert f'href="{desk}">Live desk</a>' in client.get(change).content.decode()
    html = client.get(reverse("admin:articles_article_change", args=[plain.pk])).content
    assert "Make it live" not in html.decode()


def test_an_entry_of_one_library_picture_or_one_quote_is_not_empty(as_reporter):
    from tests.factories import ImageFactory

    coverage = LiveCoverageFactory()
    image = ImageFactory()
    for data in (
        {"body": f'<figure data-image="{image.pk}"></figure>'},
        {"body": "", "image": str(image.pk)},
        {"body": "", "quote": "We agree.", "quote_by": "The chair"},
    ):
        response = as_reporter.post(post_url(coverage), data, **JSON)
        assert response.status_code == 200, (data, response.content)
    assert coverage.entries.count() == 3
