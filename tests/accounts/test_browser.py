"""The second factor in Chromium: a passkey on WebDriver's virtual authenticator, an
authenticator app's code computed here, recovery codes; the new screens at three widths."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from selenium.webdriver.common.by import By
from selenium.webdriver.common.virtual_authenticator import (
    Protocol,
    Transport,
    VirtualAuthenticatorOptions,
)
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from accounts.models import AccessToken
from articles.models import Article
from tests.desk.test_browser import serious_axe_violations
from tests.desk.test_screens import overflow
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory
from tests.hardening.test_csp_and_login import csp_violations
from tests.hardening.test_no_script_runs import PAYLOADS, executable_markup
from tests.signing_in import current_code, second_step_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-editor-passphrase"


@pytest.fixture(autouse=True)
def passkeys_for_the_test_server(settings, live_server):
    """The test server's origin may use passkeys (the settings allow NEWSROOM_SITE_URL's)."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def wait(driver, condition, seconds=15):
    return WebDriverWait(driver, seconds).until(condition)


def editor_with_password(**kwargs):
    editor = EditorFactory(**kwargs)
    editor.set_password(PASSWORD)
    editor.save()
    return editor


def type_password(driver, base, user):
    driver.get(f"{base}/admin/login/")
    driver.find_element(By.NAME, "username").send_keys(user.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "#logout-form button").click()
    wait(driver, EC.title_contains("Logged out"))


def at(driver, path):
    return wait(driver, lambda d: path in d.current_url)


def test_an_editor_enrols_a_passkey_signs_in_with_it_and_publishes(live_server, selenium_driver):
    driver, base = selenium_driver, live_server.url
    assert base.startswith("http://localhost:"), "WebAuthn refuses an IP address"
    editor = editor_with_password()
    story = ArticleFactory(draft=True, headline="Budget passes")
    options = VirtualAuthenticatorOptions()
    options.protocol = Protocol.CTAP2
    options.transport = Transport.INTERNAL
    options.has_resident_key = True
    options.has_user_verification = True
    options.is_user_verified = True
    driver.add_virtual_authenticator(options)

    # A password only: the desk sends the editor to set up a factor, and nothing else opens.
    type_password(driver, base, editor)
    at(driver, "/admin/security/factors/new/")
    driver.get(f"{base}/admin/articles/article/")
    at(driver, "/admin/security/factors/new/")
    wait(driver, EC.element_to_be_clickable((By.ID, "passkey-register-button"))).click()

    # Registered: recovery codes next, shown once, then the desk.
    at(driver, "/admin/security/recovery-codes/")
    assert WebAuthnCredential.objects.filter(user=editor, confirmed=True).count() == 1
    assert len(driver.get_credentials()) == 1
    driver.find_element(By.ID, "make-recovery-codes").click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".accounts-codes")))
    codes = [
        element.text for element in driver.find_elements(By.CSS_SELECTOR, ".accounts-codes code")
    ]
    assert len(codes) == 10
    driver.find_element(By.LINK_TEXT, "I have kept them: continue").click()
    wait(driver, EC.presence_of_element_located((By.ID, "user-tools")))
    sign_out(driver)

    # Password, then the passkey.
    type_password(driver, base, editor)
    at(driver, "/admin/security/second-step/")
    wait(driver, EC.element_to_be_clickable((By.ID, "passkey-verification-button"))).click()
    wait(driver, lambda d: d.current_url.rstrip("/").endswith("/admin"))

    # And publishes.
    driver.get(f"{base}/admin/articles/article/")
    driver.find_element(
        By.CSS_SELECTOR, f"input[name=_selected_action][value='{story.pk}']"
    ).click()
    Select(driver.find_element(By.NAME, "action")).select_by_value("publish_now")
    driver.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist")))
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED


def test_an_editor_enrols_an_app_signs_in_with_its_code_and_a_recovery_code_works_once(
    live_server, selenium_driver
):
    driver, base = selenium_driver, live_server.url
    editor = editor_with_password()
    type_password(driver, base, editor)
    at(driver, "/admin/security/factors/new/")
    driver.find_element(By.LINK_TEXT, "Set up an authenticator app").click()
    at(driver, "/admin/security/factors/new/app/")

    # The key as the page shows it, typed into "the app": here, django-otp's own TOTP.
    secret = "".join(driver.find_element(By.CSS_SELECTOR, ".accounts-secret").text.split())
    key = base64.b32decode(secret)
    driver.find_element(By.NAME, "name").clear()
    driver.find_element(By.NAME, "name").send_keys("Work phone")
    driver.find_element(By.NAME, "code").send_keys(f"{totp(key):06d}")
    driver.find_element(By.ID, "add-authenticator").click()
    at(driver, "/admin/security/recovery-codes/")
    assert TOTPDevice.objects.get(user=editor).name == "Work phone"
    driver.find_element(By.ID, "make-recovery-codes").click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".accounts-codes")))
    codes = [
        element.text for element in driver.find_elements(By.CSS_SELECTOR, ".accounts-codes code")
    ]
    driver.find_element(By.LINK_TEXT, "I have kept them: continue").click()
    wait(driver, EC.presence_of_element_located((By.ID, "user-tools")))
    sign_out(driver)

    # Password, then the code the app shows next (the current step was used to enrol).
    type_password(driver, base, editor)
    at(driver, "/admin/security/second-step/")
    device = TOTPDevice.objects.get(user=editor)
    driver.find_element(By.NAME, "code").send_keys(current_code(device, steps_ahead=1))
    driver.find_element(By.ID, "second-step-continue").click()
    wait(driver, EC.presence_of_element_located((By.ID, "user-tools")))
    sign_out(driver)

    # A recovery code, once.
    for attempt in ("first", "second"):
        type_password(driver, base, editor)
        at(driver, "/admin/security/second-step/")
        driver.find_element(By.NAME, "code").send_keys(codes[0])
        driver.find_element(By.ID, "second-step-continue").click()
        if attempt == "first":
            wait(driver, EC.presence_of_element_located((By.ID, "user-tools")))
            assert "recovery code; 9 left" in driver.page_source
            sign_out(driver)
        else:
            error = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".errornote")))
            assert "not right, or it was used already" in error.text
            driver.get(f"{base}/admin/")
            at(driver, "/admin/security/second-step/")


QR_CODE = re.compile(
    r'<svg aria-hidden="true" focusable="false" width="\d+" height="\d+" class="accounts-qr">'
    r'<path transform="scale\(4\)" class="qrline" stroke="#000" d="[Mmhv0-9. -]+"></path></svg>'
)


@pytest.mark.parametrize("width", [1280, 768, 375])
def test_the_security_screens_fit_pass_axe_and_run_no_payload(live_server, selenium_driver, width):
    """Every new screen: no sideways scroll, axe clean, no CSP report, and the XSS corpus as
    device and token names shows as words."""
    driver, base = selenium_driver, live_server.url
    editor = editor_with_password(first_name="Erin", last_name="Edwards")
    reporter = ReporterFactory()
    for number, payload in enumerate(PAYLOADS[:12]):
        TOTPDevice.objects.create(user=editor, name=payload[:64], confirmed=True)
        AccessToken.issue(user=editor, name=payload[:100], days=30)
        AccessToken.issue(user=reporter, name=f"{payload[:90]} {number}", days=30)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    type_password(driver, base, editor)
    at(driver, "/admin/security/second-step/")
    problems = {}

    def check(name):
        wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        # The policy's reports first: axe itself sets inline styles as it checks.
        found = csp_violations(driver) + overflow(driver)
        found += serious_axe_violations(driver, "#content")
        content = driver.execute_script("return document.getElementById('content').outerHTML")
        # The app's setup QR code is an <svg> the page draws itself: taken out when it is
        # exactly that (a path of moves and lines), so that any other <svg> is still found.
        content, _ = QR_CODE.subn("", content, count=1)
        found += [
            problem
            # The desk's part of the page (the admin's header draws its icons in <svg>).
            for problem in executable_markup(content)
            # The page's own scripts (django-otp-webauthn's, the desk's), not a payload.
            if not re.search(r"/static/|jsi18n|application/json", problem)
        ]
        driver.get_log("browser")  # axe's own inline styles, refused: not the page's
        if found:
            problems[name] = found

    check("second step")
    second_step_in_browser(driver, editor)
    token = AccessToken.objects.filter(user=reporter).first()
    pages = {
        "security": reverse("accounts:security"),
        "enrol": reverse("accounts:enrol"),
        "new app": reverse("accounts:new_app"),
        "recovery codes": reverse("accounts:recovery_codes"),
        "new token": reverse("accounts:new_token"),
        "revoke token": reverse("accounts:revoke_token", args=[token.pk]),
        "people": reverse("accounts:people"),
        "person": reverse("accounts:person", args=[reporter.pk]),
        "reset factors": reverse("accounts:reset_factors", args=[reporter.pk]),
        "end others": reverse("accounts:end_other_sessions"),
    }
    for name, path in pages.items():
        driver.get(base + path)
        check(name)
    assert problems == {}
