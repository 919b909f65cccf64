"""New names proposed in a real browser (Debian's Chromium): a reporter types a paragraph that
introduces a new person with their post; the proposal appears within a second of the typing
stopping; one click creates the person, with the post and the sentence as evidence, and links
the name; once an editor publishes the story, the public page links the new person. Also: a
dismissal remembered for the story, the panel at three widths, the policy and axe."""

import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article, EntityProposal
from articles.services import article_transition
from events.models import Person, Position
from tests.admin.test_browser_workflow import log_in
from tests.admin.test_writing_desk_browser import body_value, open_editor
from tests.factories import (
    ArticleFactory,
    CountryFactory,
    EditorFactory,
    PersonFactory,
    ReporterFactory,
)
from tests.hardening.test_csp_and_login import csp_violations
from tests.site.test_browser import AXE_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = (
    "Preparations for the summit are complete, Yury Ushakov, an aide to the President of "
    "Russia, told journalists. Vladimir Putin will meet the leaders in Kazan."
)
ITEM = "#newsroom-proposals li.newsroom-proposal"


def panel_axe_violations(driver):
    """axe on the panel this feature adds (the admin's own breadcrumbs, under the device
    emulation, are Django's: tests/admin/test_writing_desk_browser.py checks the page)."""
    driver.execute_script(AXE_JS.read_text())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run('#newsroom-proposals-panel', {resultTypes: ['violations']})"
        ".then(done, error => done({error: String(error)}));"
    )
    assert "error" not in result, result
    return result["violations"]


def wait(driver, condition, seconds=10):
    return WebDriverWait(driver, seconds).until(condition)


def proposal_item(driver, name):
    """The panel's item for `name`, or None (also while the panel is being redrawn)."""
    try:
        for item in driver.find_elements(By.CSS_SELECTOR, ITEM):
            heading = item.find_element(By.CSS_SELECTOR, ".newsroom-proposal-name").text
            if heading.startswith("New ") and heading.split(": ", 1)[1].split(" — ")[0] == name:
                return item
    except StaleElementReferenceException:
        return None
    return None


def click_in_item(driver, name, button_text):
    """Click a button of `name`'s item, again if the panel was redrawn under the click."""

    def click(d):
        item = proposal_item(d, name)
        if item is None:
            return False
        try:
            item.find_element(By.XPATH, f".//button[contains(., '{button_text}')]").click()
        except StaleElementReferenceException:
            return False
        return True

    wait(driver, click)


@pytest.fixture
def story():
    CountryFactory(name="Russia", slug="russia", iso_code="RU")
    PersonFactory(name="Vladimir Putin", slug="vladimir-putin", aliases="Putin")
    reporter = ReporterFactory(username="rita")
    return ArticleFactory(
        draft=True,
        created_by=reporter,
        headline="The Kazan summit is ready",
        slug="the-kazan-summit-is-ready",
        body="",
    )


def test_a_reporter_creates_a_new_person_from_a_proposal_and_readers_see_him_linked(
    live_server, selenium_driver, story
):
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "rita")
    editor = open_editor(driver, f"{base}/admin/articles/article/{story.pk}/change/")
    editor.click()
    editor.send_keys(PARAGRAPH)
    typing_stopped = time.monotonic()
    # Within a second of the last keystroke (the editor waits 400 ms, then asks once).
    item = WebDriverWait(driver, 1, poll_frequency=0.05).until(
        lambda d: proposal_item(d, "Yury Ushakov")
    )
    appeared_after = time.monotonic() - typing_stopped
    assert appeared_after < 1.0
    heading, evidence = driver.execute_script(
        "const item = arguments[0];"
        "return [item.querySelector('.newsroom-proposal-name').textContent,"
        " item.querySelector('.newsroom-proposal-evidence').textContent]",
        item,
    )
    assert heading == "New person: Yury Ushakov — aide to the President of Russia"
    assert evidence == (
        "Preparations for the summit are complete, Yury Ushakov, an aide to the President of "
        "Russia, told journalists."
    )
    assert proposal_item(driver, "Vladimir Putin") is None  # known: never proposed

    # A dismissal: the place goes, for this story.
    click_in_item(driver, "Kazan", "Not new")
    wait(driver, lambda d: proposal_item(d, "Kazan") is None)

    # One click: the person, his post from the story's date, the evidence, and the link.
    click_in_item(driver, "Yury Ushakov", "Create Yury Ushakov")
    wait(driver, lambda d: 'data-entity="person:' in body_value(d))
    person = Person.objects.get(name="Yury Ushakov")
    assert f'data-entity="person:{person.pk}">Yury Ushakov</a>' in body_value(driver)
    status = driver.find_element(By.ID, "newsroom-proposals-status")
    wait(driver, lambda d: "Created Yury Ushakov (person) and linked the name" in status.text)
    [position] = Position.objects.filter(person=person)
    assert position.title == "Aide to the President of Russia"
    assert position.country.name == "Russia"
    evidence_row = EntityProposal.objects.get(person=person)
    assert (evidence_row.article_id, evidence_row.evidence) == (story.pk, evidence)
    assert csp_violations(driver) == []

    driver.find_element(By.NAME, "_continue").click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    saved = Article.objects.get(pk=story.pk)
    assert list(saved.people.all()) == [person]
    # Reloaded: the dismissed place stays dismissed; the created person is known now.
    wait(
        driver,
        lambda d: (
            d.find_element(By.ID, "newsroom-proposals").text
            != "The text is read a moment after you stop typing."
        ),
    )
    assert proposal_item(driver, "Kazan") is None
    assert proposal_item(driver, "Yury Ushakov") is None

    # An editor publishes; readers see the new person linked to his page.
    article_transition(article=saved, to_status=Article.Status.PUBLISHED, user=EditorFactory())
    driver.get(base + saved.get_absolute_url())
    link = driver.find_element(By.CSS_SELECTOR, f'.story-body a[data-entity="person:{person.pk}"]')
    assert link.text == "Yury Ushakov"
    assert link.get_attribute("href") == f"{base}/people/yury-ushakov/"
    link.click()
    wait(driver, EC.title_contains("Yury Ushakov"))
    assert "Aide to the President of Russia" in driver.find_element(By.TAG_NAME, "main").text


@pytest.mark.parametrize("width", [1280, 768, 375])
def test_the_proposals_panel_fits_every_width_under_the_policy_and_axe(
    live_server, selenium_driver, story, width
):
    story.body = f"<p>{PARAGRAPH}</p>"
    story.save()
    driver, base = selenium_driver, live_server.url
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    log_in(driver, base, "rita")
    open_editor(driver, f"{base}/admin/articles/article/{story.pk}/change/")
    item = wait(driver, lambda d: proposal_item(d, "Yury Ushakov"))
    create = item.find_element(By.CSS_SELECTOR, "button.default")
    dismiss = item.find_element(By.XPATH, ".//button[contains(., 'Not new')]")
    # The primary action first.
    assert (create.location["y"], create.location["x"]) <= (
        dismiss.location["y"],
        dismiss.location["x"],
    )
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    panel = driver.find_element(By.ID, "newsroom-proposals-panel")
    assert panel.size["width"] <= width
    panel.screenshot(f"/tmp/proposals-panel-{width}.png")
    assert csp_violations(driver) == []
    problems = panel_axe_violations(driver)
    csp_violations(driver)  # empties the log of axe's own styles
    serious = [v for v in problems if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(
        f"{v['id']}: {v['help']} {[node['html'] for node in v['nodes']]}" for v in serious
    )
