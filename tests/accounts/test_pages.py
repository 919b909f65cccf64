"""The security screens are valid HTML, and check --deploy stays clean with them."""

import pytest
from django.urls import reverse

from accounts.models import AccessToken
from tests.factories import EditorFactory, ReporterFactory
from tests.signing_in import authenticator, sign_in
from tests.site.test_html_validity import save_pages, vnu_errors

pytestmark = pytest.mark.django_db


def test_the_security_screens_are_valid_html(client, tmp_path):
    reporter = ReporterFactory()
    token, _ = AccessToken.issue(user=reporter, name="Wire <importer>", days=30)
    editor = EditorFactory()
    authenticator(editor).__class__.objects.filter(user=editor).update(name='Phone "A" & <b>')
    sign_in(client, editor)
    pages = {
        "security": reverse("accounts:security"),
        "enrol": reverse("accounts:enrol"),
        "new-app": reverse("accounts:new_app"),
        "recovery-codes": reverse("accounts:recovery_codes"),
        "new-token": reverse("accounts:new_token"),
        "revoke-token": reverse("accounts:revoke_token", args=[token.pk]),
        "people": reverse("accounts:people"),
        "person": reverse("accounts:person", args=[reporter.pk]),
        "reset-factors": reverse("accounts:reset_factors", args=[reporter.pk]),
        "end-others": reverse("accounts:end_other_sessions"),
    }
    files = save_pages(client, pages, tmp_path)
    shown = client.post(reverse("accounts:new_token"), {"name": "Script", "days": 5})
    (tmp_path / "token-shown.html").write_bytes(shown.content)
    codes = client.post(reverse("accounts:recovery_codes"))
    (tmp_path / "codes-shown.html").write_bytes(codes.content)
    other = type(client)()
    waiting = EditorFactory()
    authenticator(waiting)
    other.force_login(waiting)
    (tmp_path / "second-step.html").write_bytes(other.get(reverse("accounts:second_step")).content)
    files += [
        tmp_path / name for name in ("token-shown.html", "codes-shown.html", "second-step.html")
    ]
    assert vnu_errors(files) == {}


@pytest.mark.parametrize(
    "site_url, rp_id, origins",
    [
        ("https://news.example.org", "news.example.org", ["https://news.example.org"]),
        ("https://news.example.org:8443/", "news.example.org", ["https://news.example.org:8443"]),
        ("http://127.0.0.1:8000", "localhost", ["http://localhost:8000"]),
        ("http://localhost", "localhost", ["http://localhost"]),
    ],
)
def test_passkeys_belong_to_the_sites_host(site_url, rp_id, origins):
    from newsroom.settings.base import _webauthn_defaults

    assert _webauthn_defaults(site_url) == (rp_id, origins)
