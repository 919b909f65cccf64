"""Every kind of public page in Debian's Chromium at 375, 768 and 1280 px (issue 24): no sideways
scroll, every navigation link whole and on screen, every table's columns on screen, a picture
in a text as wide as the text, no file missing (the browser reports nothing severe), and no
serious or critical axe finding; and a live story as a reader meets it (the badge, the first
updates, the event's "Live now")."""

import pytest
from django.db.models import Count
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from events.models import Event
from live import services
from live.models import LiveCoverage
from tests.factories import ArticleFactory, EditorFactory, EventFactory, ImageFactory
from tests.site.conftest import add_what_the_demo_lacks, public_pages
from tests.site.test_browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 768, 1280)


def set_width(driver, width, height=800):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
    )


# What a reader could not read: each problem as a sentence, for the page at this width.
PROBLEMS = """
const problems = [];
const say = (problem) => problems.push(problem);
const width = document.documentElement.clientWidth;
const overflow = document.documentElement.scrollWidth - width;
if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px`);
for (const link of document.querySelectorAll(".site-nav a")) {
  const box = link.getBoundingClientRect();
  const name = link.textContent;
  if (box.left < 0 || box.right > width) say(`navigation "${name}" is off-screen`);
  if (link.scrollWidth > link.clientWidth) say(`navigation "${name}" is cut`);
}
for (const box of document.querySelectorAll(".table-scroll")) {
  const hidden = box.scrollWidth - box.clientWidth;
  if (hidden > 0) say(`a table scrolls inside its box by ${hidden}px`);
}
for (const cell of document.querySelectorAll("main td, main th")) {
  const box = cell.getBoundingClientRect();
  const off = box.left < 0 || box.right > width + 0.5;
  if (box.width && off) say(`cell "${cell.textContent.trim()}" is off-screen`);
}
const inner = (element) => {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
  const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
  return { left, right };
};
const indented = ".story-body figure, .live-entry figure, .live-entry-quote";
for (const element of document.querySelectorAll(indented)) {
  const text = inner(element.closest(".story-body, .live-entry"));
  const box = element.getBoundingClientRect();
  if (Math.abs(box.left - text.left) > 0.5 || Math.abs(box.right - text.right) > 0.5) {
    say(`${element.className} is indented (${box.left - text.left}px)`);
  }
}
return problems;
"""


def make_a_story_live_with_a_picture_in_its_text():
    """The demo has no live story and no picture in a text: the latest story gets both, and
    entries with words and with a quote."""
    # The event whose page the tour shows (public_pages: the one with most stories).
    event = Event.objects.annotate(n=Count("articles", distinct=True)).order_by("-n", "pk")[0]
    story = event.articles.published().latest_first().first()
    picture = ImageFactory(file__width=1200, file__height=800, alt_text="The hall", caption="Hall")
    story.body = f'<figure data-image="{picture.pk}"></figure>' + story.body
    story.save()
    coverage = LiveCoverage.objects.create(article=story, event=event)
    editor = EditorFactory()
    services.live_entry_post(coverage=coverage, user=editor, body="<p>Doors open.</p>")
    services.live_entry_post(coverage=coverage, user=editor, quote="Agreed.", quote_by="A delegate")
    return story


def test_every_kind_of_public_page_reads_at_phone_tablet_and_desktop_widths(
    live_server, selenium_driver
):
    add_what_the_demo_lacks()
    live = make_a_story_live_with_a_picture_in_its_text()
    pages = public_pages(every_object=False)
    assert live.get_absolute_url() in pages.values()
    assert live.live_coverage.event.get_absolute_url() in pages.values()  # "Live now"
    assert {"front", "archive", "search-results", "not-found", "agreements"} <= set(pages)
    kinds = {name.split("-")[0] for name in pages}
    assert {"section", "person", "event", "agreement", "place", "country", "organization"} <= kinds
    driver = selenium_driver
    problems, findings = [], []
    for width in WIDTHS:
        set_width(driver, width)
        for name, path in pages.items():
            driver.get(live_server.url + path)
            # Every file the page asks for is there (its icon, style sheet, script, pictures),
            # and no policy blocks any: the browser reports nothing severe.
            problems += [
                f"{name} at {width}px: {entry['message']}"
                for entry in driver.get_log("browser")
                if entry["level"] == "SEVERE" and name != "not-found"
            ]
            problems += [
                f"{name} at {width}px: {problem}" for problem in driver.execute_script(PROBLEMS)
            ]
            if width != 768:  # axe at the narrowest and the widest
                findings += [
                    f"{name} at {width}px: {violation['id']} ({violation['help']})"
                    for violation in axe_violations(driver)
                    if violation["impact"] in ("serious", "critical")
                ]
    assert problems == []
    assert findings == []


def test_an_agreements_status_is_beside_each_country_on_a_phone(live_server, selenium_driver):
    add_what_the_demo_lacks()
    agreement = public_pages(every_object=False)[
        "agreement-international-russian-language-organization-treaty"
    ]
    set_width(selenium_driver, 375)
    selenium_driver.get(live_server.url + agreement)
    rows = selenium_driver.find_elements(By.CSS_SELECTOR, ".parties tbody tr")
    assert len(rows) == 9
    for row in rows:
        country = row.find_element(By.CSS_SELECTOR, "th").rect
        status = row.find_element(By.CSS_SELECTOR, ".status")
        assert status.is_displayed() and status.text in {"PENDING", "RATIFIED", "SIGNED"}
        # On the country's line, and on the screen.
        assert abs(status.rect["y"] - country["y"]) < country["height"]
        assert status.rect["x"] + status.rect["width"] <= 375


def test_a_reader_sees_a_story_is_live_and_its_first_updates_in_place(live_server, selenium_driver):
    event = EventFactory(title="The summit")
    story = ArticleFactory(headline="Summit day, live", published_at=timezone.now())
    story.events.add(event)
    coverage = LiveCoverage.objects.create(article=story, event=event)
    driver = selenium_driver
    set_width(driver, 375)

    driver.get(live_server.url + "/")
    badge = driver.find_element(By.CSS_SELECTOR, ".lead-headline .story-badge-live")
    assert badge.is_displayed() and badge.text == "LIVE"
    driver.get(live_server.url + event.get_absolute_url())
    box = driver.find_element(By.CSS_SELECTOR, ".live-now")
    assert box.value_of_css_property("border-top-width") != "0px"
    assert "Summit day, live" in box.text
    teaser = driver.find_element(By.CSS_SELECTOR, "[aria-labelledby=stories-heading] .story-teaser")
    assert teaser.find_element(By.CSS_SELECTOR, ".story-badge-live").is_displayed()

    driver.get(live_server.url + story.get_absolute_url())
    assert driver.find_element(By.CSS_SELECTOR, "h1 .story-badge-live").text == "LIVE"
    assert driver.find_element(By.CSS_SELECTOR, ".live-no-entries").is_displayed()
    editor = EditorFactory()
    services.live_entry_post(coverage=coverage, user=editor, body="<p>The first update.</p>")
    # The first update takes the place of "No updates yet": no button above it.
    WebDriverWait(driver, 15).until(
        lambda d: "The first update." in d.find_element(By.ID, "live-entries").text
    )
    assert driver.find_elements(By.CSS_SELECTOR, ".live-no-entries") == []
    assert not driver.find_element(By.CSS_SELECTOR, ".live-new").is_displayed()
    # Later updates wait behind the button, as before, so the reader keeps their place.
    services.live_entry_post(coverage=coverage, user=editor, body="<p>The second update.</p>")
    button = WebDriverWait(driver, 15).until(
        lambda d: (
            d.find_element(By.CSS_SELECTOR, ".live-new-button").is_displayed()
            and d.find_element(By.CSS_SELECTOR, ".live-new-button")
        )
    )
    assert button.text == "1 new update"
    # Closing the coverage takes the badge away from the open page.
    services.live_coverage_set_open(coverage=coverage, user=editor, is_open=False)
    WebDriverWait(driver, 40).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "h1 .story-badge") == []
    )


def test_a_search_snippet_does_not_run_a_heading_into_a_list(live_server, selenium_driver):
    ArticleFactory(
        headline="Summit ends",
        body="<p>Talks ended.</p><h2>What was agreed</h2><ul><li>A free trade zone</li>"
        "<li>A water pact</li></ul>",
    )
    set_width(selenium_driver, 375)
    selenium_driver.get(live_server.url + "/search/?q=agreed")
    snippet = selenium_driver.find_element(By.CSS_SELECTOR, ".search-results .excerpt").text
    assert "What was agreed · A free trade zone · A water pact" in snippet
