"""The desk never loses a word, in a real browser (Debian's Chromium): a closed tab, an
expired login and a second person on the same story; the live preview as one types."""

import pytest
from django.contrib.sessions.models import Session
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from desk.models import Autosave
from newsroom.models import User
from tests.admin.test_browser_workflow import log_in
from tests.admin.test_writing_desk_browser import (
    EDITABLE,
    body_value,
    menu,
    open_editor,
    to_the_end,
)
from tests.factories import ArticleFactory, EditorFactory, PersonFactory, ReporterFactory
from tests.hardening.test_csp_and_login import csp_violations
from tests.hardening.test_no_script_runs import PAYLOADS, executable_markup
from tests.site.test_browser import AXE_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESTORE = "#desk-restore"


def wait(driver, condition, seconds=20):
    """Generous: the machine running the suite may be busy."""
    return WebDriverWait(driver, seconds).until(condition)


def change_url(base, story):
    return f"{base}/admin/articles/article/{story.pk}/change/"


def close_tab_and_open_another(driver, url):
    """Close the current tab without saving (its beacon goes), then open `url` in a new one."""
    keep = driver.current_window_handle
    driver.switch_to.new_window("tab")
    fresh = driver.current_window_handle
    driver.switch_to.window(keep)
    driver.close()
    driver.switch_to.window(fresh)
    return open_editor(driver, url)


def restore_offer(driver):
    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, RESTORE)))


def test_a_new_story_typed_into_a_closed_tab_is_restored_word_for_word(
    live_server, selenium_driver
):
    reporter = ReporterFactory(username="rita")
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "rita")
    add = f"{base}/admin/articles/article/add/"
    editor = open_editor(driver, add)
    driver.find_element(By.ID, "id_headline").send_keys("Leaders gather in Moscow")
    driver.find_element(By.ID, "id_summary").send_keys("Eleven presidents, one table.")
    editor.click()
    editor.send_keys("The leaders arrived on Monday.", Keys.ENTER, "Talks ran late.")
    wait(driver, lambda d: "Talks ran late." in body_value(d))

    # Closed at once, before the pause that autosaves: the beacon (or, failing it, the
    # browser's own copy, sent by the next page) carries the words.
    editor = close_tab_and_open_another(driver, add)
    offer = restore_offer(driver)
    assert "You have unsaved changes from" in offer.text
    assert "Talks ran late." in offer.text  # the diff against nothing: every word added
    offer.find_element(By.XPATH, ".//button[text()='Restore']").click()
    wait(driver, lambda d: "Talks ran late." in body_value(d))
    assert driver.find_element(By.ID, "id_headline").get_attribute("value") == (
        "Leaders gather in Moscow"
    )
    assert driver.find_element(By.ID, "id_summary").get_attribute("value") == (
        "Eleven presidents, one table."
    )
    assert body_value(driver) == "<p>The leaders arrived on Monday.</p>\n<p>Talks ran late.</p>"
    assert Autosave.objects.get(user=reporter, article=None).headline == "Leaders gather in Moscow"

    driver.find_element(By.NAME, "_continue").click()
    wait(driver, lambda d: "was added successfully" in d.page_source)
    story = Article.objects.get()
    assert story.body == "<p>The leaders arrived on Monday.</p>\n<p>Talks ran late.</p>"
    wait(driver, lambda d: not Autosave.objects.exists())


def test_an_existing_story_offers_its_unsaved_words_with_a_diff(live_server, selenium_driver):
    reporter = ReporterFactory(username="rita")
    story = ArticleFactory(
        draft=True, created_by=reporter, headline="Summit opens", body="<p>Presidents arrived.</p>"
    )
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "rita")
    editor = open_editor(driver, change_url(base, story))
    to_the_end(driver)
    editor.send_keys(" They met the press.")
    # The pause autosaves: the words are on the server before the tab closes.
    wait(driver, lambda d: Autosave.objects.filter(body__contains="met the press").exists())
    assert "Unsaved changes kept at" in driver.find_element(By.ID, "desk-status").text
    story.refresh_from_db()
    assert (story.version, story.body) == (1, "<p>Presidents arrived.</p>")

    close_tab_and_open_another(driver, change_url(base, story))
    offer = restore_offer(driver)
    inserted = offer.find_element(By.CSS_SELECTOR, ".desk-diff ins")
    assert "They met the press." in inserted.text
    offer.find_element(By.XPATH, ".//button[text()='Restore']").click()
    wait(driver, lambda d: "They met the press." in body_value(d))
    driver.find_element(By.NAME, "_continue").click()
    wait(driver, lambda d: "was changed successfully" in d.page_source)
    story.refresh_from_db()
    assert story.body == "<p>Presidents arrived. They met the press.</p>"
    assert story.version == 2


def test_edits_made_after_the_login_expired_are_sent_after_a_sign_in_in_another_tab(
    live_server, selenium_driver
):
    reporter = ReporterFactory(username="rita")
    story = ArticleFactory(draft=True, created_by=reporter, body="<p>Presidents arrived.</p>")
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "rita")
    editor = open_editor(driver, change_url(base, story))
    Session.objects.all().delete()  # the login expires mid-edit

    to_the_end(driver)
    editor.send_keys(" Written while signed out.")
    status = driver.find_element(By.ID, "desk-status")
    wait(driver, lambda d: "Your login has expired" in status.text)
    kept = driver.execute_script(
        "return localStorage.getItem(arguments[0])", f"newsroom-desk:{reporter.pk}:{story.pk}"
    )
    assert "Written while signed out." in kept
    assert not Autosave.objects.exists()

    # Signing in again in another tab; the first tab notices and sends what it kept.
    writing = driver.current_window_handle
    driver.switch_to.new_window("tab")
    log_in(driver, base, "rita")
    driver.close()
    driver.switch_to.window(writing)
    wait(driver, lambda d: "Signed in again" in status.text)
    assert "Written while signed out." in Autosave.objects.get(user=reporter).body

    # And the story saves: the page took the new login's CSRF token.
    driver.find_element(By.NAME, "_continue").click()
    wait(driver, lambda d: "was changed successfully" in d.page_source)
    story.refresh_from_db()
    assert story.body == "<p>Presidents arrived. Written while signed out.</p>"


def test_two_people_on_one_story_see_each_other_and_neither_loses_a_word(
    live_server, selenium_driver, second_selenium_driver
):
    anna = EditorFactory(username="anna", first_name="Anna", last_name="Editor")
    boris = EditorFactory(username="boris", first_name="Boris", last_name="Editor")
    story = ArticleFactory(draft=True, created_by=anna, body="<p>Presidents arrived.</p>")
    base = live_server.url
    first, second = selenium_driver, second_selenium_driver
    log_in(first, base, "anna")
    log_in(second, base, "boris")
    anna_editor = open_editor(first, change_url(base, story))
    boris_editor = open_editor(second, change_url(base, story))

    # Each sees the other named on the form, before anyone saves.
    for driver, other in ((second, "Anna Editor"), (first, "Boris Editor")):
        presence = driver.find_element(By.ID, "desk-presence")
        wait(driver, lambda d, presence=presence, other=other: other in presence.text, seconds=40)

    # Both type; both are autosaved, each into their own record.
    to_the_end(first)
    anna_editor.send_keys(" Anna's sentence.")
    to_the_end(second)
    boris_editor.send_keys(" Boris's sentence.")
    for user, words in ((anna, "Anna's sentence."), (boris, "Boris's sentence.")):
        wait(
            first,
            lambda d, user=user, words=words: Autosave.objects.filter(
                user=user, body__contains=words
            ).exists(),
        )

    # Anna saves first.
    first.find_element(By.NAME, "_continue").click()
    wait(first, lambda d: "was changed successfully" in d.page_source)
    story.refresh_from_db()
    assert story.body == "<p>Presidents arrived. Anna's sentence.</p>"

    # Boris's save is refused by the version check; his words stay on his form and on the server.
    second.find_element(By.NAME, "_continue").click()
    wait(second, lambda d: "Someone else saved this story" in d.page_source)
    wait(second, EC.element_to_be_clickable((By.CSS_SELECTOR, EDITABLE)))
    assert "Boris's sentence." in body_value(second)
    story.refresh_from_db()
    assert "Boris" not in story.body
    assert "Boris's sentence." in Autosave.objects.get(user=boris, article=story).body
    assert not Autosave.objects.filter(user=anna).exists()


def preview_source(driver):
    return driver.find_element(By.ID, "desk-preview-frame").get_attribute("srcdoc") or ""


def test_the_live_preview_follows_the_typing_within_two_seconds_of_a_pause(
    live_server, selenium_driver
):
    EditorFactory(username="eddie")
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    story = ArticleFactory(draft=True, headline="Summit opens", body="<p>Talks ran late.</p>")
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    editor = open_editor(driver, change_url(base, story))
    driver.find_element(By.ID, "desk-preview-toggle").click()
    wait(driver, lambda d: "<h1>Summit opens</h1>" in preview_source(d))

    # A formatting change: bold words.
    to_the_end(driver)
    editor.send_keys(" ")
    menu(driver, "bold")
    editor.send_keys("Very late.")
    wait(driver, lambda d: "<strong>Very late.</strong>" in body_value(d))
    wait(driver, lambda d: "<strong>Very late.</strong>" in preview_source(d), seconds=2)
    menu(driver, "bold")

    # A person named and linked with one click.
    to_the_end(driver)
    editor.send_keys(" Vladimir Putin spoke.")
    wait(
        driver,
        EC.element_to_be_clickable(
            (By.CSS_SELECTOR, f'button.newsroom-mention-link[data-entity="person:{putin.pk}"]')
        ),
    ).click()
    wait(driver, lambda d: f'data-entity="person:{putin.pk}"' in body_value(d))
    wait(driver, lambda d: 'href="/people/vladimir-putin/"' in preview_source(d), seconds=2)

    # The frame shows it as readers will, desktop and phone widths.
    frame = driver.find_element(By.ID, "desk-preview-frame")
    driver.switch_to.frame(frame)
    assert driver.find_element(By.CSS_SELECTOR, ".story-body strong").text == "Very late."
    assert driver.find_element(By.CSS_SELECTOR, ".story-body a.mention").text == "Vladimir Putin"
    driver.switch_to.default_content()
    driver.find_element(By.CSS_SELECTOR, "[data-preview-width=phone]").click()
    wait(driver, lambda d: frame.size["width"] <= 377)
    assert csp_violations(driver) == []
    story.refresh_from_db()
    assert story.body == "<p>Talks ran late.</p>"  # nothing saved
    assert story.version == 1


def test_the_desks_panels_are_absent_for_a_story_one_may_not_write(live_server, selenium_driver):
    ReporterFactory(username="rita")
    story = ArticleFactory(created_by=EditorFactory())
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "rita")
    driver.get(change_url(base, story))
    wait(driver, EC.presence_of_element_located((By.ID, "content-main")))
    assert driver.find_elements(By.ID, "desk-preview-toggle") == []
    assert driver.find_elements(By.ID, "desk-config") == []


def test_hostile_words_in_an_autosave_and_the_preview_run_no_script(live_server, selenium_driver):
    EditorFactory(username="eddie")
    story = ArticleFactory(draft=True)
    hostile = "".join(PAYLOADS)
    # Stored as it came, unsanitised: the worst an autosave row could hold.
    Autosave.objects.create(
        user=User.objects.get(username="eddie"),
        article=story,
        headline=hostile[:250],
        summary=hostile,
        body=hostile,
    )
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    open_editor(driver, change_url(base, story))
    restore_offer(driver).find_element(By.XPATH, ".//button[text()='Restore']").click()
    driver.find_element(By.ID, "desk-preview-toggle").click()
    wait(driver, lambda d: "story-body" in preview_source(d))
    assert executable_markup(body_value(driver)) == []
    driver.find_element(By.NAME, "_continue").click()  # a page load later, still nothing ran
    wait(driver, EC.presence_of_element_located((By.ID, "content-main")))
    assert not EC.alert_is_present()(driver)


def serious_axe_violations(driver, *selectors):
    """axe-core's serious and critical findings inside the desk's own parts of the page (the
    admin around them is Django's, checked by the writing desk's tests)."""
    driver.execute_script(AXE_JS.read_text())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run({include: arguments[0]}, {resultTypes: ['violations']})"
        ".then(done, error => done({error: String(error)}));",
        [[selector] for selector in selectors],
    )
    assert "error" not in result, result
    return [
        f"{violation['id']}: {violation['help']} {[node['html'] for node in violation['nodes']]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_desks_home_page_and_the_open_preview_are_accessible(live_server, selenium_driver):
    editor = EditorFactory(username="eddie")
    story = ArticleFactory(draft=True, created_by=editor, headline="Draft on the desk")
    ArticleFactory(in_review=True, headline="Waiting for an editor")
    ArticleFactory(scheduled=True, headline="Tomorrow's story")
    Autosave.objects.create(user=editor, article=story, headline="Unsaved words")
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    driver.get(f"{base}/admin/")
    wait(driver, EC.presence_of_element_located((By.ID, "desk-home")))
    driver.find_element(By.LINK_TEXT, "Draft on the desk").click()  # one click to its form
    open_editor(driver, driver.current_url)
    restore_offer(driver)
    driver.find_element(By.ID, "desk-preview-toggle").click()
    wait(driver, lambda d: "story-body" in preview_source(d))
    assert csp_violations(driver) == []
    assert (
        serious_axe_violations(driver, "#desk-restore", "#desk-preview", ".desk-preview-bar") == []
    )
    driver.get(f"{base}/admin/")
    wait(driver, EC.presence_of_element_located((By.ID, "desk-home")))
    assert serious_axe_violations(driver, "#desk-home") == []
