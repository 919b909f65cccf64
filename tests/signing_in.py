"""Signing in as a desk account in tests, second factor included.

`sign_in(client, user)` is `client.force_login(user)` for an account that needs no second
factor; for one that does (editors, superusers), it also gives the account an authenticator
app if it has none and marks the session as having passed it, as the second step does.
`sign_in_with_browser(driver, base_url, user, password)` does the real two steps in Chromium,
typing a code computed from the account's authenticator app.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import policy


def authenticator(user):
    """The account's authenticator app (made if it has none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)
    return device


def current_code(device, steps_ahead=0):
    """The code the app shows now (or `steps_ahead` 30-second steps later: django-otp accepts
    the next step too, and refuses a step already used)."""
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{code:0{device.digits}d}"


def sign_in(client, user):
    client.force_login(user)
    if policy.factor_required(user):
        device = authenticator(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def fresh_code(user):
    """A code for the account's app that the next second step accepts, for tests about
    something else: the replay guard (a time step once used never works again) is cleared,
    so a test may sign in several times within 30 seconds."""
    device = authenticator(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return current_code(device)


def second_step_in_browser(driver, user, wait_seconds=10):
    """After the password form: the second step, if the account has one to pass."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    if not policy.factor_required(user):
        return
    code = fresh_code(user)  # gives the account its app if it had none
    WebDriverWait(driver, wait_seconds).until(
        lambda d: (
            "/admin/security/second-step/" in d.current_url
            or "/admin/security/factors/new/" in d.current_url
        )
    )
    if "/admin/security/factors/new/" in driver.current_url:
        # The account had no factor when its password was typed: its app exists now.
        driver.get(driver.current_url.replace("/factors/new/", "/second-step/"))
    driver.find_element(By.NAME, "code").send_keys(code)
    driver.find_element(By.ID, "second-step-continue").click()
    WebDriverWait(driver, wait_seconds).until(
        lambda d: "/admin/security/second-step/" not in d.current_url
    )


def sign_in_with_browser(driver, base_url, user, password, wait_seconds=10):
    """The admin's password form, then the second step with the app's code."""
    from selenium.webdriver.common.by import By

    if policy.factor_required(user):
        authenticator(user)
    driver.get(f"{base_url}/admin/login/")
    driver.find_element(By.NAME, "username").send_keys(user.get_username())
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    second_step_in_browser(driver, user, wait_seconds)


def second_step_with_requests(session, base_url, user):
    """The second step for a `requests` session signed in with the password (multihost)."""
    import re

    if not policy.factor_required(user):
        return
    url = f"{base_url}/admin/security/second-step/"
    page = session.get(url).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = session.post(
        url,
        data={"csrfmiddlewaretoken": token, "code": fresh_code(user), "next": "/admin/"},
        headers={"Referer": url},
    )
    assert answer.status_code == 200 and answer.url.endswith("/admin/"), answer.text[:500]
