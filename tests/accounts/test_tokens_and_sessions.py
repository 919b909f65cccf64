"""API tokens (hash only, shown once, expiry, revocation, last use) and sessions one can end."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from accounts.models import AccessToken, SignedInSession, digest
from core.signals import security_event
from tests.factories import EditorFactory, ReporterFactory
from tests.signing_in import authenticator, sign_in

pytestmark = pytest.mark.django_db

DESK_API = "/api/desk/articles/"


@pytest.fixture
def events():
    """Every security_event sent during the test, as (action, actor, target)."""
    sent = []

    def record(sender, action, actor=None, target=None, request=None, detail="", **kwargs):
        sent.append((action, actor, target))

    security_event.connect(record, dispatch_uid="test-events")
    yield sent
    security_event.disconnect(dispatch_uid="test-events")


def make_token(client, name="Wire importer", days=30):
    response = client.post(reverse("accounts:new_token"), {"name": name, "days": days})
    assert response.status_code == 200, response.content[:300]
    return response.context["key"], response.context["token"]


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client, events):
    editor = EditorFactory()
    sign_in(client, editor)
    key, token = make_token(client)
    assert key.startswith("nr_") and len(key) > 40
    stored = AccessToken.objects.get()
    assert stored.key_hash == digest(key) and key not in str(stored.__dict__)
    assert key not in client.get(reverse("accounts:security")).text
    assert ("token_created", editor, token) in events
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get(DESK_API).status_code == 200
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(DESK_API).status_code == 200


def test_a_token_has_a_name_and_a_lifetime_within_the_limit(client, settings):
    settings.NEWSROOM_TOKEN_MAX_DAYS = 30
    sign_in(client, EditorFactory())
    for data, words in [
        ({"name": "", "days": 10}, "This field is required"),
        ({"name": "   ", "days": 10}, "This field is required"),
        ({"name": "x", "days": 31}, "At most 30 days"),
        ({"name": "x", "days": 0}, "greater than or equal to 1"),
        ({"name": "x", "days": "soon"}, "Enter a whole number"),
        ({"name": "x\x00y", "days": 3}, "Null characters are not allowed"),
        ({"name": "x" * 101, "days": 3}, "at most 100 characters"),
    ]:
        response = client.post(reverse("accounts:new_token"), data)
        assert response.status_code == 200, data
        assert words in response.text, data
    assert not AccessToken.objects.exists()


def test_an_expired_token_is_refused_with_words(client):
    sign_in(client, EditorFactory())
    key, _ = make_token(client, days=1)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    with freeze_time(timezone.now() + datetime.timedelta(days=2)):
        response = api.get(DESK_API)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_the_owner_revokes_a_token_after_a_confirmation(client, events):
    editor = EditorFactory()
    sign_in(client, editor)
    key, token = make_token(client)
    revoke = reverse("accounts:revoke_token", args=[token.pk])
    confirm = client.get(revoke)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    assert AccessToken.objects.get().revoked_at is None  # a GET changes nothing
    assert client.post(revoke).status_code == 302
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(DESK_API)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert ("token_revoked", editor, token) in [(a, b, c) for a, b, c in events]


def test_an_editor_revokes_a_reporters_token_and_a_reporter_cannot_touch_others(client):
    reporter = ReporterFactory()
    authenticator(reporter)
    sign_in(client, reporter)
    session = client.session
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = authenticator(reporter).persistent_id
    session.save()
    _, token = make_token(client)
    other = Client()
    sign_in(other, ReporterFactory())
    assert other.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    editor = Client()
    sign_in(editor, EditorFactory())
    assert editor.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 302
    assert AccessToken.objects.get().revoked_at is not None


def test_last_use_is_written_at_most_once_a_minute(client, django_assert_num_queries):
    sign_in(client, EditorFactory())
    key, _ = make_token(client)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    api.get(DESK_API)
    first = AccessToken.objects.get().last_used_at
    assert first is not None
    api.get(DESK_API)
    assert AccessToken.objects.get().last_used_at == first
    with freeze_time(timezone.now() + datetime.timedelta(seconds=61)):
        api.get(DESK_API)
    assert AccessToken.objects.get().last_used_at > first


def test_an_editors_token_stops_when_the_factors_are_reset(client):
    editor = EditorFactory()
    sign_in(client, editor)
    key, _ = make_token(client)
    call_command("reset_second_factor", editor.username)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(DESK_API)
    assert response.status_code == 401 and "second factor" in response.json()["detail"]


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer a b", "Bearer nr_unknown", "Bearer \u00e9\u00e9", "Token "]
)
def test_bad_tokens_are_a_401_with_words(header):
    response = Client(HTTP_AUTHORIZATION=header).get(DESK_API)
    assert response.status_code == 401
    assert response.json()["detail"]


# Sessions.


def test_each_sign_in_is_recorded_with_device_and_address(client):
    reporter = ReporterFactory()
    reporter.set_password("a-long-reporter-password")
    reporter.save()
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
    client.post(
        "/admin/login/",
        {"username": reporter.username, "password": "a-long-reporter-password"},
        HTTP_USER_AGENT=firefox,
        REMOTE_ADDR="203.0.113.7",
    )
    record = SignedInSession.objects.get(user=reporter)
    assert (record.device, record.address) == ("Firefox on Windows", "203.0.113.7")
    assert record.key_hash == digest(client.session.session_key)
    page = client.get(reverse("accounts:security"))
    assert "this browser" in page.text and "Firefox on Windows" in page.text
    # Seen again a minute later, from elsewhere: the record follows, at most once a minute.
    with freeze_time(timezone.now() + datetime.timedelta(seconds=61)):
        client.get("/admin/", REMOTE_ADDR="203.0.113.8")
    record.refresh_from_db()
    assert record.address == "203.0.113.8"


def test_ending_a_session_signs_that_browser_out_at_its_next_request(events):
    editor = EditorFactory()
    laptop, phone = Client(), Client()
    sign_in(laptop, editor)
    sign_in(phone, editor)
    assert phone.get("/admin/").status_code == 200
    phone_record = SignedInSession.objects.get(key_hash=digest(phone.session.session_key))
    end = reverse("accounts:end_session", args=[phone_record.pk])
    assert "next page" in laptop.get(end).text  # a confirmation first
    assert laptop.post(end).status_code == 302
    assert not Session.objects.filter(session_key=phone.cookies["sessionid"].value).exists()
    assert phone.get("/admin/").url.startswith("/admin/login/")
    assert laptop.get("/admin/").status_code == 200
    assert [action for action, *_ in events] == ["session_ended"]


def test_signing_out_everywhere_else_keeps_this_browser(client):
    editor = EditorFactory()
    others = [Client(), Client()]
    for other in others:
        sign_in(other, editor)
    sign_in(client, editor)
    url = reverse("accounts:end_other_sessions")
    assert "(2)" in client.get(url).text
    client.post(url)
    assert client.get("/admin/").status_code == 200
    for other in others:
        assert other.get("/admin/").status_code == 302
    assert SignedInSession.objects.filter(user=editor).count() == 1


def test_an_editor_ends_another_persons_session_and_a_reporter_cannot(client):
    reporter = ReporterFactory()
    browser = Client()
    sign_in(browser, reporter)
    record = SignedInSession.objects.get(user=reporter)
    nosy = Client()
    sign_in(nosy, ReporterFactory())
    assert nosy.post(reverse("accounts:end_session", args=[record.pk])).status_code == 404
    sign_in(client, EditorFactory())
    assert reporter.username in client.get(reverse("accounts:person", args=[reporter.pk])).text
    client.post(reverse("accounts:end_session", args=[record.pk]))
    assert browser.get("/admin/").status_code == 302


def test_a_password_change_ends_the_other_sessions(client, events):
    editor = EditorFactory()
    other = Client()
    sign_in(other, editor)
    sign_in(client, editor)
    editor.set_password("a-brand-new-long-passphrase")
    editor.save()
    assert "password_changed" in [action for action, *_ in events]
    assert other.get("/admin/").status_code == 302
    assert not SignedInSession.objects.filter(user=editor).exists()


def test_the_own_password_change_page_keeps_this_browser(client):
    editor = EditorFactory()
    editor.set_password("the-old-long-passphrase")
    editor.save()
    other = Client()
    sign_in(other, editor)
    sign_in(client, editor)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "the-old-long-passphrase",
            "new_password1": "short",
            "new_password2": "short",
        },
    )
    assert "too short" in response.text  # the strict validators
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "the-old-long-passphrase",
            "new_password1": "a-brand-new-long-passphrase",
            "new_password2": "a-brand-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302
    assert SignedInSession.objects.filter(user=editor).count() == 1


# Resetting a lost device.


def test_an_editor_resets_anothers_factors_after_a_confirmation(client, events):
    victim = EditorFactory()
    phone = Client()
    sign_in(phone, victim)
    editor = EditorFactory()
    sign_in(client, editor)
    url = reverse("accounts:reset_factors", args=[victim.pk])
    assert "every recovery code" in client.get(url).text
    assert TOTPDevice.objects.filter(user=victim).exists()
    client.post(url)
    assert not TOTPDevice.objects.filter(user=victim).exists()
    assert phone.get("/admin/").status_code == 302
    assert ("factors_reset", editor, victim) in events


def test_a_reporter_may_not_reset_anyones_factors(client):
    victim = EditorFactory()
    authenticator(victim)
    sign_in(client, ReporterFactory())
    response = client.post(reverse("accounts:reset_factors", args=[victim.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=victim).exists()


def test_the_command_resets_factors(events, capsys):
    victim = EditorFactory()
    authenticator(victim)
    call_command("reset_second_factor", victim.username)
    assert not TOTPDevice.objects.filter(user=victim).exists()
    assert ("factors_reset", None, victim) in events
    with pytest.raises(CommandError, match="No account named"):
        call_command("reset_second_factor", "nobody")


def test_the_command_prints_a_token_once_for_an_account_that_may_have_one(capsys, events):
    editor = EditorFactory()
    with pytest.raises(CommandError, match="needs a second factor"):
        call_command("create_api_token", editor.username)
    authenticator(editor)
    call_command("create_api_token", editor.username, "--name", "Tutorial", "--days", "1")
    key = capsys.readouterr().out.strip()
    assert AccessToken.objects.get().key_hash == digest(key)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(DESK_API).status_code == 200
    assert [action for action, *_ in events] == ["token_created"]
    for arguments, words in [
        (["nobody"], "No account named"),
        ([editor.username, "--days", "0"], "--days must be"),
        ([editor.username, "--name", "  "], "--name must"),
    ]:
        with pytest.raises(CommandError, match=words):
            call_command("create_api_token", *arguments)
