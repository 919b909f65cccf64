"""The desk in a real browser: a reporter writes and links a story, an editor publishes it."""

import pytest
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from articles.models import Article
from tests.factories import EditorFactory, PersonFactory, ReporterFactory
from tests.signing_in import second_step_in_browser

PASSWORD = "correct-horse-battery"


def log_in(driver, base_url, username):
    driver.get(f"{base_url}/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    second_step_in_browser(driver, get_user_model().objects.get(username=username))
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "user-tools")))


def log_out(driver):
    driver.find_element(By.CSS_SELECTOR, "#logout-form button").click()
    WebDriverWait(driver, 10).until(EC.title_contains("Logged out"))


def pick_in_autocomplete(driver, field, typed, choice):
    """Open the admin's select2 box of `field`, type, and click the matching option."""
    driver.find_element(By.CSS_SELECTOR, f".field-{field} .select2-selection").click()
    search = WebDriverWait(driver, 10).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".select2-search__field"))
    )
    search.send_keys(typed)
    option = WebDriverWait(driver, 10).until(
        EC.element_to_be_clickable(
            (By.XPATH, f"//li[contains(@class, 'select2-results__option') and text()='{choice}']")
        )
    )
    option.click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reporter_writes_and_links_editor_publishes_reader_follows(live_server, selenium_driver):
    reporter = ReporterFactory(username="rita")
    EditorFactory(username="eddie")
    person = PersonFactory(name="Shavkat Mirziyoyev", slug="shavkat-mirziyoyev")
    driver, base = selenium_driver, live_server.url

    # The reporter writes a story, links the person through the autocomplete, submits it.
    log_in(driver, base, "rita")
    driver.get(f"{base}/admin/articles/article/add/")
    driver.find_element(By.ID, "id_headline").send_keys("Mirziyoyev flies to Moscow")
    body = WebDriverWait(driver, 10).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, ".ProseMirror[contenteditable]"))
    )
    body.click()  # the story editor (tests/admin/test_writing_desk_browser.py)
    body.send_keys("President Shavkat Mirziyoyev departed on October 7 to attend the meeting.")
    pick_in_autocomplete(driver, "people", "Mirzi", "Shavkat Mirziyoyev")
    # The form's workflow button (issue 24), not a Status select.
    driver.find_element(By.CSS_SELECTOR, "button[name=_step][value=submit]").click()
    WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success"))
    )
    story = Article.objects.get()
    assert story.created_by == reporter
    assert story.status == Article.Status.IN_REVIEW
    assert list(story.people.all()) == [person]
    driver.get(f"{base}/admin/articles/article/")
    assert "publish_now" not in driver.page_source  # not the reporter's to do
    log_out(driver)

    # The editor publishes it from the story list.
    log_in(driver, base, "eddie")
    driver.get(f"{base}/admin/articles/article/")
    driver.find_element(
        By.CSS_SELECTOR, f"input[name=_selected_action][value='{story.pk}']"
    ).click()
    Select(driver.find_element(By.NAME, "action")).select_by_value("publish_now")
    driver.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist"))
    )
    story.refresh_from_db()
    assert story.is_published

    # A reader sees the story, with the person's name linked to their page.
    driver.delete_all_cookies()
    driver.get(base + story.get_absolute_url())
    link = driver.find_element(By.CSS_SELECTOR, "main a[href='/people/shavkat-mirziyoyev/']")
    assert link.text == "Shavkat Mirziyoyev"
    link.click()
    WebDriverWait(driver, 10).until(EC.url_contains("/people/shavkat-mirziyoyev/"))
    assert "Mirziyoyev flies to Moscow" in driver.find_element(By.TAG_NAME, "main").text
