"""The desk's new screens in a real browser (Debian's Chromium) at 1280, 768 and 375 px: the
backfill page a subscriber's list action leads to, the embargo badge on the story form and the
desk home's list of stories under embargo. No sideways scroll, the primary action first, axe
with no serious or critical finding in what this branch added."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from distribution.models import Subscriber
from tests.admin.test_browser_workflow import log_in
from tests.desk.test_browser import serious_axe_violations
from tests.factories import ArticleFactory, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 768, 375]


def sideways_scroll(driver):
    return driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def wait_for(driver, css):
    return WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_the_backfill_page_the_badge_and_the_desk_homes_list(live_server, selenium_driver):
    EditorFactory(username="eddie")
    Subscriber.objects.create(name="Archive", endpoint_url="https://93.184.215.14/in")
    story = ArticleFactory(
        headline="Treaty text agreed",
        embargoed_until=timezone.now() + datetime.timedelta(hours=5),
    )
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    for width in WIDTHS:
        driver.set_window_size(width, 900)

        driver.get(f"{base}/admin/distribution/subscriber/")
        driver.find_element(By.CSS_SELECTOR, "input.action-select").click()
        Select(driver.find_element(By.NAME, "action")).select_by_value("send_recent_stories")
        driver.find_element(By.CSS_SELECTOR, "button[name=index]").click()
        wait_for(driver, "input[name=days]")
        assert sideways_scroll(driver) <= 0, width
        buttons = driver.find_elements(By.CSS_SELECTOR, ".submit-row input, .submit-row a")
        assert buttons[0].get_attribute("value") == "Send them"  # primary action first
        assert serious_axe_violations(driver, "#content-main") == [], width

        driver.get(f"{base}/admin/articles/article/{story.pk}/change/")
        badge = wait_for(driver, "#embargo-badge")
        assert "Under embargo" in badge.text
        assert sideways_scroll(driver) <= 0, width
        assert serious_axe_violations(driver, "#embargo-badge") == [], width

        driver.get(f"{base}/admin/")
        embargoed = wait_for(driver, "#desk-under-embargo")
        assert "Treaty text agreed" in embargoed.text
        assert sideways_scroll(driver) <= 0, width
        assert serious_axe_violations(driver, "#desk-under-embargo") == [], width
    assert Subscriber.objects.get().deliveries.count() == 0  # nothing sent by looking
