"""The audit trail's screens in a real browser at 1,280, 768 and 375 px: no sideways scroll,
no serious axe violation, nothing refused by the content policy; and valid HTML by the Nu
validator. With long names, an IPv6 address and a hostile username among the rows."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from audit.recording import record
from tests.conftest import start_chromium, stop_chromium
from tests.desk.test_screens import problems_on, sign_in_at
from tests.factories import ArticleFactory, EditorFactory, UserFactory
from tests.signing_in import sign_in
from tests.site.test_html_validity import vnu_errors

LIST = reverse("admin:audit_auditentry_changelist")
HOSTILE = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'


@pytest.fixture(scope="module")
def module_browser(request):
    driver, profile = start_chromium()
    yield driver
    stop_chromium(request, driver, profile)


def a_busy_trail():
    story = ArticleFactory(
        headline="Presidents of the Commonwealth of Independent States gather at the Kremlin "
        "to sign the programme of economic cooperation until 2030"
    )
    someone = UserFactory(username="a.very.long.username.of.the.foreign.desk@newsroom.example")
    request_like = type("Request", (), {})()
    request_like.META = {
        "REMOTE_ADDR": "2001:db8:85a3:1234:5678:8a2e:370:7334",
        "HTTP_USER_AGENT": "Mozilla/5.0 " * 30,
    }
    request_like.user = someone
    record("story_published", actor=someone, target=story, request=request_like)
    record("sign_in_failed", actor_username=HOSTILE, target_repr=HOSTILE, detail=HOSTILE)
    record("token_created", actor=someone, target_repr=HOSTILE, detail="Laptop " * 60)
    return AuditEntry.objects.get(action="story_published")


def pages(entry):
    return [
        ("audit list", LIST),
        ("audit list filtered", LIST + "?action=story_published&q=long"),
        ("audit entry", reverse("admin:audit_auditentry_change", args=[entry.pk])),
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 768, 375])
def test_the_audit_trail_fits_every_screen_and_passes_axe(module_browser, live_server, width):
    editor = EditorFactory(first_name="Erin", last_name="Edwards")
    entry = a_busy_trail()
    driver, base = module_browser, live_server.url
    sign_in_at(driver, base, editor, width)
    assert problems_on(driver, base, pages(entry)) == {}
    assert driver.execute_script("return window.alerted") is None


@pytest.mark.django_db
def test_the_audit_trails_pages_are_valid_html(client, tmp_path):
    sign_in(client, EditorFactory())
    entry = a_busy_trail()
    files = []
    for name, path in pages(entry):
        response = client.get(path)
        assert response.status_code == 200
        file = tmp_path / f"{name.replace(' ', '-')}.html"
        file.write_bytes(response.content)
        files.append(file)
    assert vnu_errors(files) == {}
