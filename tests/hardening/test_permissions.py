"""Permissions are enforced on the server: the admin login never sends anyone to another host,
a reader logged in without the desk's rights sees no unpublished story, and a story's history,
diffs and restore answer 403 to staff without the right and a login to the anonymous.

What tests/admin and tests/site already cover (a reporter restoring someone else's story, the
history for the anonymous and for non-staff, preview for staff without the permission) is not
repeated here.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tests.factories import ArticleFactory, EditorFactory, UserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

OFFSITE_NEXT = [
    "//evil.example",
    "//evil.example/admin/",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/%5Cevil.example",
    "https://evil.example",
    "https:evil.example",
    "http://evil.example@testserver",
    "http://testserver@evil.example",
    " //evil.example",
    "\t//evil.example",
    "//evil.example%2F..",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//%65vil.example",
    "//evil。example",
]


def assert_stays_on_site(location):
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location
    assert not location.lstrip().startswith(("//", "/\\", "\\")), location


@pytest.mark.parametrize("next_url", OFFSITE_NEXT)
def test_logging_in_never_redirects_to_another_host(client, next_url):
    editor = EditorFactory()
    response = client.post(
        reverse("admin:login"),
        {"username": editor.username, "password": "correct-horse-battery", "next": next_url},
    )
    assert response.status_code == 302, response.status_code
    assert_stays_on_site(response["Location"])


@pytest.mark.parametrize("next_url", OFFSITE_NEXT)
def test_a_logged_in_visit_to_the_login_page_never_redirects_to_another_host(client, next_url):
    sign_in(client, EditorFactory())
    response = client.get(reverse("admin:login"), {"next": next_url})
    if response.status_code == 302:
        assert_stays_on_site(response["Location"])
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "withdrawn"])
def test_a_reader_logged_in_without_desk_rights_sees_no_unpublished_story(client, state):
    story = ArticleFactory(**{state: True})
    sign_in(client, UserFactory())  # an account, but not staff
    assert client.get(story.get_absolute_url()).status_code == 404
    assert client.get(f"/api/articles/{story.slug}/").status_code == 404


@pytest.fixture
def story_with_history():
    story = ArticleFactory(headline="Original")
    story.headline = "Changed"
    story.save()
    return story


def history_requests(story):
    """(method, url) of every page of a story's history: list, diff, restore."""
    return [
        ("get", reverse("admin:articles_article_revisions", args=[story.pk])),
        ("get", reverse("admin:articles_article_revision", args=[story.pk, 1])),
        ("post", reverse("admin:articles_article_revision", args=[story.pk, 1])),
    ]


def test_staff_without_the_right_get_403_on_history_diff_and_restore(client, story_with_history):
    sign_in(client, UserFactory(is_staff=True))  # staff, with no permission on stories
    for method, url in history_requests(story_with_history):
        assert getattr(client, method)(url).status_code == 403, (method, url)
    story_with_history.refresh_from_db()
    assert story_with_history.headline == "Changed"


def test_staff_who_may_only_view_stories_may_not_restore(client, story_with_history):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    sign_in(client, viewer)
    restore_url = history_requests(story_with_history)[-1][1]
    assert client.post(restore_url).status_code == 403
    story_with_history.refresh_from_db()
    assert story_with_history.headline == "Changed"


def test_the_anonymous_are_sent_to_log_in_from_history_diff_and_restore(client, story_with_history):
    for method, url in history_requests(story_with_history):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("admin:login")), (method, url)
    story_with_history.refresh_from_db()
    assert story_with_history.headline == "Changed"
