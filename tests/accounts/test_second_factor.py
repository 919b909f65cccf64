"""A second factor required by role: no desk page and no token for an editor without one."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessToken
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, SuperUserFactory
from tests.signing_in import authenticator, current_code, sign_in

pytestmark = pytest.mark.django_db

DESK_PAGES = ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/"]


@pytest.mark.parametrize("make", [EditorFactory, SuperUserFactory])
def test_an_editor_with_a_password_only_gets_no_desk_page(client, make):
    user = make()
    client.force_login(user)
    for page in DESK_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(reverse("accounts:enrol")), page
    enrol = client.get(response.url)
    assert enrol.status_code == 200
    assert "Set up your second factor" in enrol.text
    assert client.post("/admin/articles/article/add/", {"headline": "x"}).status_code == 403


def test_an_editor_with_a_factor_is_asked_for_it(client):
    editor = EditorFactory()
    authenticator(editor)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.url == reverse("accounts:second_step") + "?next=%2Fadmin%2F"


def test_an_editor_without_a_factor_is_a_reader_elsewhere(client):
    editor = EditorFactory()
    draft = ArticleFactory(draft=True)
    client.force_login(editor)
    # The preview of a draft is for the desk: not before the second factor.
    assert client.get(draft.get_absolute_url() + "?preview=1").status_code == 404


def test_the_code_from_the_app_opens_the_desk(client):
    editor = EditorFactory()
    device = authenticator(editor)
    client.force_login(editor)
    step = reverse("accounts:second_step")
    wrong = client.post(step, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.text
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(step, {"code": current_code(device), "next": "/admin/"})
    assert right.status_code == 302 and right.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_lock_with_clear_words(client):
    editor = EditorFactory()
    authenticator(editor)
    client.force_login(editor)
    step = reverse("accounts:second_step")
    client.post(step, {"code": "000000"})
    locked = client.post(step, {"code": "111111"})
    assert "Too many wrong codes" in locked.text
    assert "second" in locked.text


@pytest.mark.parametrize("code", ["", "   ", "x" * 40, "12\x0034", "<script>alert(1)</script>"])
def test_bad_codes_give_words_not_errors(client, code):
    editor = EditorFactory()
    authenticator(editor)
    client.force_login(editor)
    response = client.post(reverse("accounts:second_step"), {"code": code})
    assert response.status_code == 200
    assert 'class="errornote"' in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_a_recovery_code_works_once(client):
    editor = EditorFactory()
    authenticator(editor)
    sign_in(client, editor)
    shown = client.post(reverse("accounts:recovery_codes"), {"next": "/admin/"})
    codes = shown.context["codes"]
    assert len(codes) == 10 and all(code in shown.text for code in codes)
    # Shown once: the page itself shows only how many are left.
    assert codes[0] not in client.get(reverse("accounts:recovery_codes")).text

    client.logout()
    client.force_login(editor)
    used = client.post(reverse("accounts:second_step"), {"code": codes[0].upper()})
    assert used.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticDevice.objects.get(user=editor).token_set.count() == 9

    client.logout()
    client.force_login(editor)
    again = client.post(reverse("accounts:second_step"), {"code": codes[0]})
    assert again.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_never_counts_as_a_wrong_app_code(client):
    """Typing a recovery code (used or not) leaves the app unlocked: its next code works at
    once, and a used recovery code is told as used, not as a lock."""
    editor = EditorFactory()
    device = authenticator(editor)
    sign_in(client, editor)
    codes = client.post(reverse("accounts:recovery_codes"), {"next": "/admin/"}).context["codes"]
    step = reverse("accounts:second_step")
    for attempt in ("first", "again"):
        client.logout()
        client.force_login(editor)
        answer = client.post(step, {"code": codes[0]})
        if attempt == "first":
            assert answer.status_code == 302
        else:
            assert "not right, or it was used already" in answer.text
    device.refresh_from_db()
    assert device.verify_is_allowed() == (True, None)
    assert device.throttling_failure_count == 0
    client.logout()
    client.force_login(editor)
    assert client.post(step, {"code": current_code(device, steps_ahead=1)}).status_code == 302


def test_a_reporter_without_a_factor_writes_and_submits(client):
    reporter = ReporterFactory()
    client.force_login(reporter)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/articles/article/add/").status_code == 200


def test_the_setting_requires_a_factor_of_every_reporter(client, settings):
    settings.NEWSROOM_REQUIRE_SECOND_FACTOR_FOR_ALL = True
    reporter = ReporterFactory()
    client.force_login(reporter)
    response = client.get("/admin/")
    assert response.url.startswith(reverse("accounts:enrol"))


def test_a_reporter_who_added_a_factor_is_asked_for_it(client):
    reporter = ReporterFactory()
    authenticator(reporter)
    client.force_login(reporter)
    assert client.get("/admin/").url.startswith(reverse("accounts:second_step"))


def test_enrolling_an_authenticator_app(client):
    editor = EditorFactory()
    client.force_login(editor)
    page = client.get(reverse("accounts:new_app"), {"next": "/admin/"})
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    # The setup link as a QR code drawn in the page (an SVG, nothing fetched from elsewhere),
    # and the same link in words beside it.
    qr = page.text.split('<svg aria-hidden="true" focusable="false"', 1)[1].split("</svg>")[0]
    assert 'class="accounts-qr"' in qr and "<path" in qr and "http" not in qr
    assert device.config_url.replace("&", "&amp;") in page.text
    bad = client.post(reverse("accounts:new_app"), {"name": "Phone", "code": "12"})
    assert "Type the 6 digits" in bad.text
    done = client.post(
        reverse("accounts:new_app"),
        {"name": "Phone", "code": current_code(device), "next": "/admin/"},
    )
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and device.name == "Phone"
    # First factor: recovery codes next, then the desk opens.
    assert done.url.startswith(reverse("accounts:added"))
    assert client.get(done.url).url.startswith(reverse("accounts:recovery_codes"))
    assert client.get("/admin/").status_code == 200


def test_no_factor_is_added_with_a_password_alone(client):
    """Someone with a stolen password cannot add their own app to an account that has one."""
    editor = EditorFactory()
    authenticator(editor)
    client.force_login(editor)
    response = client.get(reverse("accounts:new_app"))
    assert response.url.startswith(reverse("accounts:second_step"))
    assert not TOTPDevice.objects.filter(user=editor, confirmed=False).exists()
    begin = client.post("/admin/security/webauthn/registration/begin/")
    assert begin.status_code == 403


def test_no_token_without_the_second_factor(client):
    editor = EditorFactory()
    client.force_login(editor)
    response = client.post(reverse("accounts:new_token"), {"name": "Script", "days": 30})
    assert response.status_code == 403  # the desk is shut until a factor is set up
    assert not AccessToken.objects.exists()
    reporter = ReporterFactory()
    client.force_login(reporter)
    refused = client.post(reverse("accounts:new_token"), {"name": "Script", "days": 30})
    assert refused.status_code == 403
    assert "second factor" in refused.text
    assert not AccessToken.objects.exists()
