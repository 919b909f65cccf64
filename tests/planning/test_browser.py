"""The diary in a real browser (Debian's Chromium): an editor opens the diary, plans a story and
a live page for a coming event and assigns the story to a reporter; the reporter sees it on the
desk's home page, starts the story (a draft linked to the event, its place and its
participants) and submits it; the editor publishes it; the coverage shows done. An event today
with nothing planned is flagged as a gap. Then every diary screen at 1280, 768 and 375 px: no
sideways scroll, the primary action first, axe with no serious or critical finding."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from articles.models import Article
from planning.models import CoverageItem
from tests.admin.test_browser_workflow import log_in, log_out
from tests.desk.test_browser import serious_axe_violations
from tests.factories import (
    CountryFactory,
    CoverageItemFactory,
    DiaryEntryFactory,
    EditorFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    ReporterFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = CoverageItem.Status


def wait(driver, condition, seconds=10):
    return WebDriverWait(driver, seconds).until(condition)


def plan(driver, kind, assignee_name=None, section=None):
    Select(driver.find_element(By.ID, "id_kind")).select_by_value(kind)
    if section:
        Select(driver.find_element(By.ID, "id_section")).select_by_visible_text(section)
    if assignee_name:
        Select(driver.find_element(By.ID, "id_assignee")).select_by_visible_text(assignee_name)
    form = driver.find_element(By.ID, "planning-plan")
    driver.find_element(By.ID, "planning-plan-submit").click()
    wait(driver, EC.staleness_of(form))  # the page after the post, not the one before
    wait(driver, EC.presence_of_element_located((By.ID, "planning-plan")))


def test_editor_plans_reporter_starts_and_submits_editor_publishes_coverage_done(
    live_server, selenium_driver
):
    driver, base = selenium_driver, live_server.url
    ReporterFactory(username="rita", first_name="Rita", last_name="Roe")
    EditorFactory(username="eddie", first_name="Eddie", last_name="Editor")
    SectionFactory(name="World")
    moscow = PlaceFactory(name="Moscow", country=CountryFactory(name="Russia"))
    summit = EventFactory(
        title="CIS Council of Heads of State",
        start_date=timezone.localdate() + datetime.timedelta(days=1),
        status="scheduled",
        place=moscow,
        organization=OrganizationFactory(name="Commonwealth of Independent States"),
    )
    putin, tokayev = (
        PersonFactory(name="Vladimir Putin"),
        PersonFactory(name="Kassym-Jomart Tokayev"),
    )
    ParticipationFactory(event=summit, person=putin, role="host")
    ParticipationFactory(event=summit, person=tokayev)
    EventFactory(title="Ratification vote in Bishkek", start_date=timezone.localdate())

    # The editor: the home page flags today's event with nothing planned.
    log_in(driver, base, "eddie")
    today_panel = driver.find_element(By.ID, "planning-today")
    gap = today_panel.find_element(By.CSS_SELECTOR, ".planning-gap")
    assert "Ratification vote in Bishkek" in gap.text and "Gap: nothing planned" in gap.text

    # Opens the diary, finds the summit tomorrow, plans a story (Rita's) and a live page.
    driver.find_element(By.LINK_TEXT, "The week").click()
    wait(driver, EC.presence_of_element_located((By.ID, "planning-week")))
    driver.find_element(By.LINK_TEXT, "CIS Council of Heads of State").click()
    wait(driver, EC.presence_of_element_located((By.ID, "planning-plan")))
    assert "Gap: nothing planned yet." in driver.page_source
    plan(driver, "story", assignee_name="Rita Roe", section="World")
    plan(driver, "live", section="World")
    story_item, live_item = CoverageItem.objects.order_by("pk")
    assert story_item.status == Status.ASSIGNED and live_item.status == Status.PLANNED
    assert "Start the live page" in driver.page_source  # an editor may open it too
    log_out(driver)

    # The reporter sees the assignment on the desk's home page and starts the story.
    log_in(driver, base, "rita")
    mine = driver.find_element(By.ID, "planning-my-assignments")
    assert "CIS Council of Heads of State" in mine.text and "Assigned" in mine.text
    mine.find_element(By.LINK_TEXT, "CIS Council of Heads of State").click()
    start = wait(
        driver,
        EC.element_to_be_clickable(
            (By.CSS_SELECTOR, f"#planning-item-{story_item.pk} button.planning-primary")
        ),
    )
    assert start.text == "Start the story"
    assert not driver.find_elements(By.CSS_SELECTOR, f"#planning-item-{live_item.pk} button")
    start.click()
    wait(driver, EC.presence_of_element_located((By.ID, "id_headline")))
    story = Article.objects.get()
    assert driver.current_url.endswith(f"/admin/articles/article/{story.pk}/change/")
    assert story.created_by.username == "rita" and story.status == Article.Status.DRAFT
    assert list(story.events.all()) == [summit] and list(story.places.all()) == [moscow]
    assert set(story.people.all()) == {putin, tokayev}
    assert story.section.name == "World"
    story_item.refresh_from_db()
    assert story_item.status == Status.IN_PROGRESS

    body = wait(
        driver, EC.element_to_be_clickable((By.CSS_SELECTOR, ".ProseMirror[contenteditable]"))
    )
    body.click()
    body.send_keys("Leaders of the CIS meet in Moscow on Tuesday.")
    # The form's workflow button (the desk's story form), not a status select.
    submit = driver.find_element(By.CSS_SELECTOR, "button[name=_step][value=submit]")
    submit.click()
    wait(driver, EC.staleness_of(submit))
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    story_item.refresh_from_db()
    assert story_item.status == Status.FILED
    log_out(driver)

    # The editor sees it filed and waiting, publishes it: the coverage is done.
    log_in(driver, base, "eddie")
    assert "CIS Council of Heads of State" in driver.find_element(By.ID, "planning-filed").text
    driver.get(f"{base}/admin/articles/article/")
    driver.find_element(
        By.CSS_SELECTOR, f"input[name=_selected_action][value='{story.pk}']"
    ).click()
    Select(driver.find_element(By.NAME, "action")).select_by_value("publish_now")
    go = driver.find_element(By.CSS_SELECTOR, "button[name=index]")
    go.click()
    wait(driver, EC.staleness_of(go))
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist")))
    story.refresh_from_db()
    assert story.is_published
    driver.get(f"{base}/admin/planning/events/{summit.pk}/")
    item_box = driver.find_element(By.ID, f"planning-item-{story_item.pk}")
    assert "Done" in item_box.find_element(By.TAG_NAME, "h3").text
    story_item.refresh_from_db()
    assert story_item.status == Status.DONE


SIZES = [(1280, 900), (768, 1000), (375, 800)]


def set_size(driver, width, height):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
    )


def test_the_diary_s_screens_fit_1280_768_and_375_px(live_server, selenium_driver, request):
    driver, base = selenium_driver, live_server.url
    reporter = ReporterFactory(username="rita", first_name="Rita", last_name="Roe")
    EditorFactory(username="eddie")
    place = PlaceFactory(name="Saint Petersburg", country=CountryFactory(name="Russia"))
    today = timezone.localdate()
    event = EventFactory(
        title="Informal summit of the heads of state of the Commonwealth of Independent States",
        start_date=today,
        end_date=today + datetime.timedelta(days=1),
        place=place,
        status="scheduled",
    )
    CoverageItemFactory(
        event=event,
        assignee=reporter,
        notes="Accreditation at the press centre from 8:00; the longest address ever written "
        "https://example.org/a-very-long-address-that-should-wrap-somewhere-sensible",
    )
    CoverageItemFactory(
        event=event, kind="pictures", due=timezone.now() - datetime.timedelta(hours=1)
    )
    EventFactory(title="Gap event", start_date=today + datetime.timedelta(days=1))
    DiaryEntryFactory(title="Unannounced visit", start_date=today + datetime.timedelta(days=2))
    log_in(driver, base, "eddie")
    screens = {
        "home": ("/admin/", "#planning-today"),
        "week": ("/admin/planning/", "#planning-week"),
        "event": (f"/admin/planning/events/{event.pk}/", "#planning-subject"),
        "entry form": ("/admin/planning/entries/new/", "#planning-entry-form"),
        "calendar": ("/admin/planning/calendar/", "#planning-calendar"),
    }
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for width, height in SIZES:
        set_size(driver, width, height)
        for name, (path, selector) in screens.items():
            driver.get(base + path)
            wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, selector)))
            driver.save_screenshot(
                str(ARTIFACTS / f"planning-{name.replace(' ', '-')}-{width}.png")
            )
            sideways = driver.execute_script(
                "return document.documentElement.scrollWidth > window.innerWidth"
            )
            if sideways:
                problems.append(f"{name} scrolls sideways at {width} px")
            for violation in serious_axe_violations(driver, selector):
                problems.append(f"{name} at {width} px: {violation}")
    # The primary action comes first: on the week, the new entry; on the event, for the
    # reporter, "Start the story" before anything else in the item.
    driver.get(base + "/admin/planning/")
    first_action = driver.find_element(By.CSS_SELECTOR, ".planning-actions > *")
    assert first_action.text == "New diary entry"
    assert problems == [], "\n".join(problems)
