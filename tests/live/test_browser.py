"""Live coverage in real browsers (Debian's Chromium): two reporters post from two browsers, a
reader's open page shows both within 5 s without a reload, an editor pins one and deletes the
other, and closing the coverage shows the end notice."""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from live.models import LiveEntry
from tests.admin.test_browser_workflow import log_in, log_out
from tests.conftest import start_chromium, stop_chromium
from tests.desk.test_browser import serious_axe_violations
from tests.factories import (
    EditorFactory,
    EventFactory,
    LiveCoverageFactory,
    LiveEntryFactory,
    PersonFactory,
    ReporterFactory,
)
from tests.hardening.test_csp_and_login import csp_violations
from tests.site.test_browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EDITABLE = ".ProseMirror[contenteditable]"


@pytest.fixture
def reader_driver(request):
    driver, profile = start_chromium()
    yield driver
    stop_chromium(request, driver, profile, name="-reader")


def wait(driver, condition, seconds=20):
    return WebDriverWait(driver, seconds).until(condition)


def desk_url(base, coverage):
    return f"{base}/admin/live/livecoverage/{coverage.pk}/desk/"


def post_entry(driver, text):
    editable = wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, EDITABLE)))
    editable.click()
    editable.send_keys(text)
    wait(driver, lambda d: text in d.find_element(By.NAME, "body").get_attribute("value"))
    message = driver.find_element(By.ID, "live-desk-message")
    driver.execute_script("arguments[0].textContent = ''", message)
    driver.find_element(By.ID, "live-post").click()
    wait(driver, lambda d: message.text == "Posted.")
    # The form is empty again, ready for the next entry.
    wait(driver, lambda d: d.find_element(By.NAME, "body").get_attribute("value") == "")


def desk_entry(driver, entry):
    return wait(driver, EC.presence_of_element_located((By.ID, f"desk-entry-{entry.pk}")))


def test_two_reporters_a_reader_and_an_editor_on_one_live_story(
    live_server, selenium_driver, second_selenium_driver, reader_driver
):
    base = live_server.url
    ReporterFactory(username="rita", first_name="Rita", last_name="Roe")
    ReporterFactory(username="rob", first_name="Rob", last_name="Poe")
    EditorFactory(username="edna")
    putin = PersonFactory(name="Vladimir Putin")
    tokayev = PersonFactory(name="Kassym-Jomart Tokayev")
    event = EventFactory(title="CIS summit")
    coverage = LiveCoverageFactory(article__headline="CIS summit: live", event=event)
    # The reader is already reading an entry, so new ones wait behind the button (a page with
    # none shows its first ones at once: tests/site/test_screens.py).
    earlier = LiveEntryFactory(coverage=coverage, body="<p>Delegations arrive.</p>")

    reader = reader_driver
    reader.get(f"{base}{coverage.article.get_absolute_url()}")
    wait(reader, EC.presence_of_element_located((By.ID, f"entry-{earlier.pk}")))
    reader.execute_script("window.neverReloaded = true")

    rita, rob = selenium_driver, second_selenium_driver
    log_in(rita, base, "rita")
    log_in(rob, base, "rob")
    rita.get(desk_url(base, coverage))
    rob.get(desk_url(base, coverage))

    post_entry(rita, "Vladimir Putin opens the session.")
    # Rob sees Rita's entry on his desk without reloading.
    wait(rob, EC.text_to_be_present_in_element((By.ID, "live-desk-entries"), "opens the session"))
    post_entry(rob, "Kassym-Jomart Tokayev speaks next.")
    posted = time.monotonic()
    first, second = LiveEntry.objects.exclude(pk=earlier.pk).order_by("pk")

    new_updates = wait(
        reader,
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".live-new-button"), "2 new updates"),
        seconds=5,
    )
    assert new_updates
    assert time.monotonic() - posted < 5
    reader.find_element(By.CSS_SELECTOR, ".live-new-button").click()
    entries = reader.find_elements(By.CSS_SELECTOR, "#live-entries > .live-entry")
    assert [element.get_attribute("id") for element in entries] == [
        f"entry-{second.pk}",
        f"entry-{first.pk}",
        f"entry-{earlier.pk}",
    ]
    assert (
        entries[1]
        .find_element(By.LINK_TEXT, "Vladimir Putin")
        .get_attribute("href")
        .endswith(putin.get_absolute_url())
    )
    assert (
        entries[0]
        .find_element(By.LINK_TEXT, "Kassym-Jomart Tokayev")
        .get_attribute("href")
        .endswith(tokayev.get_absolute_url())
    )
    assert "Rita Roe" in entries[1].text and "Rob Poe" in entries[0].text

    # Reporters may not pin: their desk offers no such button.
    assert not rob.find_elements(By.CSS_SELECTOR, ".live-pin")

    log_out(rita)
    log_in(rita, base, "edna")
    editor = rita
    editor.get(desk_url(base, coverage))
    pin_form = desk_entry(editor, first)
    pin_form.find_element(By.CSS_SELECTOR, ".live-pin-title").send_keys("Session opens")
    pin_form.find_element(By.CSS_SELECTOR, ".live-pin").click()
    wait(
        reader,
        EC.text_to_be_present_in_element((By.ID, "live-key-events"), "Session opens"),
        seconds=10,
    )
    wait(
        reader,
        lambda d: (
            "live-entry-key" in d.find_element(By.ID, f"entry-{first.pk}").get_attribute("class")
        ),
    )

    # Rob corrects his entry in place: the reader's copy is replaced, marked "Updated".
    desk_entry(rob, second).find_element(By.CSS_SELECTOR, ".live-edit").click()
    wait(
        rob, lambda d: d.find_element(By.ID, "live-post").get_attribute("value") == "Save the edit"
    )
    editable = rob.find_element(By.CSS_SELECTOR, EDITABLE)
    wait(rob, lambda d: "Tokayev speaks next." in editable.text)
    editable.click()
    editable.send_keys(Keys.END, " Then Vladimir Putin again.")
    rob.find_element(By.ID, "live-post").click()
    wait(rob, lambda d: d.find_element(By.ID, "live-desk-message").text == "Saved.")
    wait(
        reader,
        EC.text_to_be_present_in_element((By.ID, f"entry-{second.pk}"), "Updated"),
        seconds=10,
    )
    assert "Then Vladimir Putin again." in reader.find_element(By.ID, f"entry-{second.pk}").text

    # Deleted with a few seconds to undo (issue 24): readers lose it once they have passed.
    desk_entry(editor, second).find_element(By.CSS_SELECTOR, ".live-delete").click()
    wait(editor, EC.visibility_of_element_located((By.ID, "live-undo-button")))
    wait(
        reader,
        EC.invisibility_of_element_located((By.ID, f"entry-{second.pk}")),
        seconds=20,
    )
    assert not reader.find_elements(By.ID, f"entry-{second.pk}")
    assert "Tokayev speaks next" not in reader.find_element(By.TAG_NAME, "main").text

    editor.find_element(By.ID, "live-open-close").click()  # asks first, saying what happens
    editor.find_element(By.ID, "live-close-confirm").click()
    wait(editor, EC.text_to_be_present_in_element((By.ID, "live-open-close"), "Reopen"))
    wait(
        reader,
        EC.text_to_be_present_in_element((By.ID, "live-status"), "This live coverage has ended"),
        seconds=10,
    )
    assert reader.execute_script("return window.neverReloaded") is True

    # Reloaded (a reload revalidates the browser's copy): the page, the policy, accessibility.
    reader.refresh()
    assert "This live coverage has ended" in reader.find_element(By.TAG_NAME, "main").text
    assert "Session opens" in reader.find_element(By.ID, "live-key-events").text
    assert axe_violations(reader) == []
    rob.refresh()
    wait(rob, EC.presence_of_element_located((By.ID, f"desk-entry-{first.pk}")))
    # The desk's own part of the admin page, as the desk's other pages are checked.
    assert serious_axe_violations(rob, "#live-desk") == []
    for driver in (reader, editor, rob):
        assert csp_violations(driver) == []
