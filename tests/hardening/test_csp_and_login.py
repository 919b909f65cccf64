"""A Content-Security-Policy that forbids inline script without breaking the admin, and an
admin login that stops password guessing."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.admin.test_browser_workflow import log_in
from tests.factories import ArticleFactory, EditorFactory, PersonFactory

LOGIN = reverse("admin:login")


def policy(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/robots.txt", "/api/articles/", "/admin/login/"])
def test_every_answer_carries_a_policy_without_inline_script(client, url):
    directives = policy(client.get(url))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in " ".join(directives.values())


def csp_violations(driver):
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_site_the_admin_and_the_api_docs_run_under_the_policy(live_server, selenium_driver):
    EditorFactory(username="eddie")
    story = ArticleFactory(body="<p>Shavkat Mirziyoyev spoke.</p>")
    story.people.add(PersonFactory(name="Shavkat Mirziyoyev"))
    driver, base = selenium_driver, live_server.url
    driver.get(base + story.get_absolute_url())
    driver.get(f"{base}/api/docs/")
    WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .info"))
    )
    log_in(driver, base, "eddie")  # waits for the admin's page: the session is set
    driver.get(f"{base}/admin/articles/article/{story.pk}/change/")
    # The admin's own scripts still work: the autocomplete box opens and searches.
    driver.find_element(By.CSS_SELECTOR, ".field-people .select2-selection").click()
    WebDriverWait(driver, 10).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".select2-search__field"))
    ).send_keys("Mirz")
    WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".select2-results__option"))
    )
    assert csp_violations(driver) == []


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def small_limits(settings):
    settings.ADMIN_LOGIN_FAILURES_PER_USERNAME = 3
    settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS = 5


@pytest.mark.django_db
def test_an_account_is_locked_after_too_many_failed_logins(client, small_limits):
    EditorFactory(username="eddie")
    for _ in range(3):
        assert attempt(client, "eddie", "guess").status_code == 200
    refused = attempt(client, "eddie", "correct-horse-battery")  # even the right password
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.text
    assert int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_one_address_cannot_guess_across_many_accounts(client, small_limits):
    for number in range(5):
        attempt(client, f"user{number}", "guess")
    assert attempt(client, "someone-else", "guess").status_code == 429
    assert attempt(client, "someone-else", "guess", address="198.51.100.1").status_code == 200


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, small_limits):
    for number in range(5):
        client.post(
            LOGIN,
            {"username": "eddie", "password": "guess"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )
    assert attempt(client, "eddie", "guess").status_code == 429


@pytest.mark.django_db
def test_a_successful_login_clears_the_accounts_count(client, small_limits):
    EditorFactory(username="eddie")
    for _ in range(2):
        attempt(client, "eddie", "guess")
    assert attempt(client, "eddie", "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(2):
        assert attempt(client, "eddie", "guess").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https://evil.example/"])
def test_login_never_sends_anyone_to_another_host(client, target):
    EditorFactory(username="eddie")
    response = client.post(
        f"{LOGIN}?next={target}",
        {"username": "eddie", "password": "correct-horse-battery", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
