"""Issue 24, "A day at the desk", in a real browser (Debian's Chromium): one test per thing a
reporter or an editor met on the desk, each written against what they expected. One browser
for the module (cleared between tests); the reporter's and the editor's whole day is
test_a_reporters_and_an_editors_whole_day."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from desk.models import Autosave
from distribution.models import Subscriber
from live.models import LiveCoverage, LiveEntry
from tests.admin.test_browser_workflow import PASSWORD, pick_in_autocomplete
from tests.conftest import start_chromium, stop_chromium
from tests.desk.test_browser import serious_axe_violations
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    EventFactory,
    ImageFactory,
    LiveCoverageFactory,
    LiveEntryFactory,
    PersonFactory,
    ReporterFactory,
)
from tests.hardening.test_csp_and_login import csp_violations
from tests.signing_in import second_step_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITABLE = ".ProseMirror[contenteditable]"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def module_browser(request):
    driver, profile = start_chromium()
    yield driver
    stop_chromium(request, driver, profile)


@pytest.fixture
def browser(module_browser, live_server, request):
    """The module's browser at 1,280 px, signed out, its storage empty (a fresh reporter)."""
    driver = module_browser
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.get(live_server.url + "/admin/login/")
    driver.delete_all_cookies()
    driver.execute_script("localStorage.clear()")
    driver.get_log("browser")  # what earlier tests left in the console
    yield driver
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        driver.save_screenshot(str(ROOT / "test-artifacts" / f"{request.node.name}.png"))


def wait(driver, condition, seconds=20):
    """Generous: the machine running the suite may be busy."""
    return WebDriverWait(driver, seconds).until(condition)


def sign_in(driver, base, user):
    driver.get(f"{base}/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys(user.username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    second_step_in_browser(driver, user)
    wait(driver, EC.presence_of_element_located((By.ID, "user-tools")))


def open_story(driver, url):
    driver.get(url)
    return wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, EDITABLE)))


def step_buttons(driver):
    """The labels of the story form's workflow buttons, in order."""
    return [
        element.text
        for element in driver.find_elements(
            By.CSS_SELECTOR, ".desk-steps > button.desk-step, .desk-steps > details > summary"
        )
    ]


def take_step(driver, action):
    """Press a workflow button; one that asks first is opened, then confirmed."""
    details = driver.find_elements(By.CSS_SELECTOR, f"details.desk-step-{action}")
    if details:
        details[0].find_element(By.TAG_NAME, "summary").click()
    wait(
        driver, EC.element_to_be_clickable((By.CSS_SELECTOR, f"button[name=_step][value={action}]"))
    ).click()
    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, ".messagelist")))


def change_url(base, story):
    return f"{base}/admin/articles/article/{story.pk}/change/"


def no_sideways_scroll(driver):
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def type_in_editor(driver, text):
    editable = wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, EDITABLE)))
    editable.click()
    editable.send_keys(text)
    return editable


def body_value(driver):
    return driver.find_element(By.ID, "id_body").get_attribute("value")


# --- 1. Publishing is a dropdown ---------------------------------------------------------------


def test_the_forms_primary_buttons_are_the_next_steps_the_workflow_allows(browser, live_server):
    reporter = ReporterFactory(first_name="Rita", last_name="Reyes")
    editor = EditorFactory(first_name="Erin", last_name="Edwards")
    driver, base = browser, live_server.url

    sign_in(driver, base, reporter)
    open_story(driver, f"{base}/admin/articles/article/add/")
    assert driver.switch_to.active_element.get_attribute("id") == "id_headline"
    assert not driver.find_element(By.ID, "id_status").is_displayed()  # no Status select
    assert step_buttons(driver) == ["Submit for review"]

    story = ArticleFactory(in_review=True, created_by=reporter, headline="Budget approved")
    driver.delete_all_cookies()
    sign_in(driver, base, editor)
    open_story(driver, change_url(base, story))
    assert step_buttons(driver) == ["Publish now", "Schedule…", "Back to draft"]
    message = take_step(driver, "publish")
    assert message.text.startswith("Published. View it on the site")
    link = message.find_element(By.LINK_TEXT, "View it on the site")
    story.refresh_from_db()
    assert story.is_published
    assert link.get_attribute("href") == base + story.get_absolute_url()
    assert driver.current_url == change_url(base, story)  # still on the story
    assert step_buttons(driver) == ["Withdraw…", "Unpublish…"]
    details = driver.find_element(By.CSS_SELECTOR, "details.desk-step-withdraw")
    details.find_element(By.TAG_NAME, "summary").click()
    assert "kill notice" in details.text and "Partners" in details.text
    story.refresh_from_db()
    assert story.is_published  # opening the question did nothing yet
    assert csp_violations(driver) == []


# --- 2. Both demo accounts said "WELCOME, DEMO" ------------------------------------------------


def test_the_header_names_the_person_and_their_role(browser, live_server):
    reporter = ReporterFactory(first_name="Rafael", last_name="Reyes")
    editor = EditorFactory(first_name="Erin", last_name="Edwards")
    driver, base = browser, live_server.url
    sign_in(driver, base, reporter)
    tools = driver.find_element(By.ID, "user-tools").text.lower()
    assert "rafael reyes" in tools and "reporter" in tools
    driver.delete_all_cookies()
    sign_in(driver, base, editor)
    tools = driver.find_element(By.ID, "user-tools").text.lower()
    assert "erin edwards" in tools and "editor" in tools


# --- 3. The desk home --------------------------------------------------------------------------


def test_the_home_page_starts_with_write_a_story_and_the_roles_lists(browser, live_server):
    reporter = ReporterFactory()
    editor = EditorFactory()
    ArticleFactory(draft=True, created_by=reporter, headline="Rita's draft")
    driver, base = browser, live_server.url

    sign_in(driver, base, editor)
    start = driver.find_element(By.ID, "desk-start")
    buttons = [link.text for link in start.find_elements(By.TAG_NAME, "a")]
    assert buttons == ["Write a story", "Start a live story"]
    assert start.location["y"] < 250  # at the top, above the fold
    lists = driver.find_elements(By.CSS_SELECTOR, "#desk-home > .module")
    assert lists[0].get_attribute("id") == "desk-in-review"  # what waits for the editor
    recent = driver.find_element(By.ID, "recent-actions-module")
    assert recent.location["y"] > max(each.location["y"] + each.size["height"] for each in lists)
    driver.find_element(By.LINK_TEXT, "Write a story").click()
    wait(driver, EC.url_contains("/admin/articles/article/add/"))

    driver.delete_all_cookies()
    sign_in(driver, base, reporter)
    start = driver.find_element(By.ID, "desk-start")
    assert [link.text for link in start.find_elements(By.TAG_NAME, "a")] == ["Write a story"]
    lists = driver.find_elements(By.CSS_SELECTOR, "#desk-home > .module")
    assert lists[0].get_attribute("id") == "desk-my-drafts"  # the reporter's own words first


# --- 4. Lists that do not fit (the sweep of every list is tests/desk/test_screens.py) ---------


def test_the_story_and_live_lists_fit_at_1280_and_a_live_story_links_its_desk(browser, live_server):
    editor = EditorFactory()
    for number in range(3):
        ArticleFactory(
            headline=f"A long headline about the summit of the heads of state, number {number}"
        )
    coverage = LiveCoverageFactory(event=EventFactory())
    driver, base = browser, live_server.url
    sign_in(driver, base, editor)
    for path in ["/admin/articles/article/", "/admin/live/livecoverage/"]:
        driver.get(base + path)
        results = driver.find_element(By.CSS_SELECTOR, "#changelist .results")
        assert driver.execute_script(
            "return arguments[0].scrollWidth <= arguments[0].clientWidth", results
        ), path
        assert no_sideways_scroll(driver), path
    desk_url = f"/admin/live/livecoverage/{coverage.pk}/desk/"
    desk_link = driver.find_element(By.CSS_SELECTOR, f'#result_list a[href="{desk_url}"]')
    assert desk_link.is_displayed()
    right_edge = driver.execute_script(
        "return arguments[0].getBoundingClientRect().right", desk_link
    )
    assert right_edge <= 1280  # not past the table's edge
    driver.get(f"{base}/admin/live/livecoverage/{coverage.pk}/change/")
    driver.find_element(By.CSS_SELECTOR, f'.object-tools a[href="{desk_url}"]').click()
    wait(driver, EC.presence_of_element_located((By.ID, "live-desk")))


# --- 5. The editor offers what is already done ------------------------------------------------


def test_names_the_story_already_links_are_not_offered_again(browser, live_server):
    editor = EditorFactory()
    putin = PersonFactory(name="Vladimir Putin")
    aliyev = PersonFactory(name="Ilham Aliyev")
    tokayev = PersonFactory(name="Kassym-Jomart Tokayev")
    story = ArticleFactory(
        draft=True,
        body=(
            f'<p><a href="{aliyev.get_absolute_url()}" data-entity="person:{aliyev.pk}">'
            "Ilham Aliyev</a> met Vladimir Putin and Kassym-Jomart Tokayev.</p>\n"
            "<p>Vladimir Putin spoke; Ilham Aliyev answered.</p>"
        ),
    )
    story.people.add(putin)
    driver, base = browser, live_server.url
    sign_in(driver, base, editor)
    open_story(driver, change_url(base, story))
    summary = driver.find_element(By.ID, "newsroom-mentions-summary")
    wait(driver, lambda d: "Linked in the text" in summary.text)
    markers = driver.find_elements(By.CSS_SELECTOR, ".newsroom-mention-link")
    assert [marker.get_attribute("data-entity") for marker in markers] == [f"person:{tokayev.pk}"]
    assert "Link Kassym-Jomart Tokayev" in summary.text
    assert "Link Vladimir Putin" not in summary.text and "Link Ilham Aliyev" not in summary.text
    assert "Linked in the text: Ilham Aliyev." in summary.text
    assert "Already the story's (the page links their first mention): Vladimir Putin." in (
        summary.text
    )


# --- 6. Pictures in the editor ----------------------------------------------------------------


def test_pictures_are_uploaded_from_the_picker_and_chosen_by_thumbnail(browser, live_server):
    editor = EditorFactory()
    ImageFactory(
        alt_text="Leaders at the table",
        caption="A" + "verylongwordwithoutanyspace" * 8,
        credit="TASS",
    )
    coverage = LiveCoverageFactory()
    driver, base = browser, live_server.url
    sign_in(driver, base, editor)
    open_story(driver, f"{base}/admin/articles/article/add/")
    driver.find_element(By.CSS_SELECTOR, '.prose-menubar [data-name="newsroomImage"]').click()
    dialog = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    choice = wait(
        driver, EC.visibility_of_element_located((By.CSS_SELECTOR, ".newsroom-image-choice"))
    )
    assert choice.find_element(By.TAG_NAME, "img").get_attribute("src")
    # A long caption stays inside its card.
    assert driver.execute_script(
        "const card = arguments[0], caption = card.querySelector('span');"
        "return caption.getBoundingClientRect().right <= card.getBoundingClientRect().right + 1",
        choice,
    )
    upload = dialog.find_element(By.CSS_SELECTOR, "a.newsroom-image-upload")
    assert upload.get_attribute("href") == f"{base}/admin/articles/image/add/"
    assert upload.get_attribute("target") == "_blank"  # the story stays in this tab
    story_tab = driver.current_window_handle
    upload.click()
    wait(driver, lambda d: len(d.window_handles) == 2)
    driver.switch_to.window(next(tab for tab in driver.window_handles if tab != story_tab))
    wait(driver, EC.presence_of_element_located((By.ID, "id_file")))
    assert "Add image" in driver.title
    driver.close()
    driver.switch_to.window(story_tab)
    assert driver.find_element(By.CSS_SELECTOR, "dialog[open]")  # the picker is still open

    # The image library's list shows each picture.
    driver.get(f"{base}/admin/articles/image/")
    assert driver.find_elements(By.CSS_SELECTOR, "#result_list img.desk-thumbnail")

    # The live desk's picture is chosen from the same thumbnails, not typed as a number.
    driver.get(f"{base}/admin/live/livecoverage/{coverage.pk}/desk/")
    assert driver.find_element(By.NAME, "image").get_attribute("type") == "hidden"
    driver.find_element(By.ID, "live-picture-choose").click()
    wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, ".newsroom-image-choice"))).click()
    wait(driver, EC.visibility_of_element_located((By.ID, "live-picture-thumbnail")))
    driver.find_element(By.ID, "live-post").click()
    wait(driver, lambda d: d.find_element(By.ID, "live-desk-message").text == "Posted.")
    assert LiveEntry.objects.get().image.alt_text == "Leaders at the table"


# --- 7. Destructive actions in one click -------------------------------------------------------


def test_a_deleted_entry_can_be_undone_and_closing_asks_first(browser, live_server, settings):
    settings.NEWSROOM_LIVE_UNDO_SECONDS = 2
    editor = EditorFactory()
    coverage = LiveCoverageFactory()
    kept = LiveEntryFactory(coverage=coverage, body="<p>Kept after all.</p>")
    driver, base = browser, live_server.url
    sign_in(driver, base, editor)
    driver.get(f"{base}/admin/live/livecoverage/{coverage.pk}/desk/")
    entry = wait(driver, EC.presence_of_element_located((By.ID, f"desk-entry-{kept.pk}")))
    entry.find_element(By.CSS_SELECTOR, ".live-delete").click()
    undo = wait(driver, EC.element_to_be_clickable((By.ID, "live-undo-button")))
    assert not entry.is_displayed()
    undo.click()
    assert entry.is_displayed()
    # Past the delay, nothing was sent: the entry is there for readers.
    wait(driver, lambda d: d.find_element(By.ID, "live-desk-message").text.startswith("Kept"))
    # Past the undo's delay (2 s) and more, the entry was never deleted.
    with pytest.raises(TimeoutException):
        WebDriverWait(driver, 3.5).until(lambda d: LiveEntry.objects.get(pk=kept.pk).is_deleted)
    kept.refresh_from_db()
    assert not kept.is_deleted and "Kept after all." in kept.body

    # Without undo, it goes once the delay has passed.
    entry.find_element(By.CSS_SELECTOR, ".live-delete").click()
    wait(driver, lambda d: LiveEntry.objects.get(pk=kept.pk).is_deleted)

    # Closing asks first, saying what readers and reporters lose.
    driver.find_element(By.ID, "live-open-close").click()
    question = driver.find_element(By.CSS_SELECTOR, ".live-close-question")
    assert "This live coverage has ended" in question.text and "reporters" in question.text
    assert LiveCoverage.objects.get(pk=coverage.pk).is_open
    driver.find_element(By.ID, "live-close-confirm").click()
    wait(driver, EC.text_to_be_present_in_element((By.ID, "live-open-close"), "Reopen"))
    assert not LiveCoverage.objects.get(pk=coverage.pk).is_open


# --- 8. The live desk's form and raw ids ---------------------------------------------------------


def test_the_live_desks_form_is_laid_out_and_make_it_live_picks_the_event_by_name(
    browser, live_server
):
    editor = EditorFactory()
    story = ArticleFactory(headline="Summit day")
    EventFactory(title="Informal CIS summit 2017")
    coverage = LiveCoverageFactory()
    driver, base = browser, live_server.url
    sign_in(driver, base, editor)
    driver.get(f"{base}/admin/live/livecoverage/{coverage.pk}/desk/")
    editable = wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, EDITABLE)))
    assert editable.size["height"] >= 100  # more than one line high
    for name in ["quote", "quote_by"]:
        field = driver.find_element(By.NAME, name)
        label = driver.find_element(By.CSS_SELECTOR, f"label[for={field.get_attribute('id')}]")
        # Labels above their fields, aligned on the same left edge.
        assert label.location["y"] < field.location["y"]
        assert abs(label.location["x"] - field.location["x"]) <= 2
    assert driver.find_element(By.CSS_SELECTOR, ".live-entry-form .prose-menubar")  # the editor

    # "Make it live": the story and the event chosen by typing, not by number and popup.
    driver.get(f"{base}/admin/live/livecoverage/add/?article={story.pk}")
    assert not driver.find_elements(By.CSS_SELECTOR, ".vForeignKeyRawIdAdminField")
    pick_in_autocomplete(driver, "event", "Informal", "Informal CIS summit 2017")
    driver.find_element(By.NAME, "_save").click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist")))
    assert LiveCoverage.objects.get(pk=story.pk).event.title == "Informal CIS summit 2017"


# --- 10. The autosave offer and the preview -------------------------------------------------


def test_the_autosave_offer_shows_words_and_the_preview_leaves_the_form_its_width(
    browser, live_server
):
    editor = EditorFactory()
    story = ArticleFactory(
        draft=True,
        created_by=editor,
        body='<p>Putin <a href="https://example.org/">met</a> him.</p>',
    )
    Autosave.objects.create(
        user=editor,
        article=story,
        headline=story.headline,
        summary=story.summary,
        body='<p>Putin <a href="https://example.org/">met</a> Aliyev today.</p>',
        base_version=story.version,
    )
    driver, base = browser, live_server.url
    sign_in(driver, base, editor)
    open_story(driver, change_url(base, story))
    offer = wait(driver, EC.visibility_of_element_located((By.ID, "desk-restore")))
    diff = offer.find_element(By.CSS_SELECTOR, ".desk-diff").text
    assert "Aliyev today." in diff
    assert "<" not in diff and "href" not in diff  # words, not markup

    driver.find_element(By.ID, "desk-preview-toggle").click()
    wait(driver, EC.visibility_of_element_located((By.ID, "desk-preview")))
    headline = driver.find_element(By.ID, "id_headline")
    assert headline.size["width"] >= 600  # not squeezed to 300 px
    assert no_sideways_scroll(driver)


# --- 12. Small things a real desk notices ------------------------------------------------------


def test_the_small_things_arrow_full_stop_subscriber_form_and_secret(browser, live_server):
    editor = EditorFactory()
    putin = PersonFactory(name="Vladimir Putin")
    driver, base = browser, live_server.url
    sign_in(driver, base, editor)
    open_story(driver, f"{base}/admin/articles/article/add/")

    # The toolbar's dropdown arrow is drawn, not a character the fonts lack.
    arrow = driver.execute_script(
        "const style = getComputedStyle(document.querySelector('.prose-menubar__selected'),"
        " '::after'); return [style.content, style.borderTopWidth]"
    )
    assert "⏷" not in arrow[0] and arrow[1] != "0px"

    # A full stop typed after a link the editor made stays outside it.
    type_in_editor(driver, "Vladimir Putin")
    marker = wait(
        driver,
        EC.element_to_be_clickable((By.CSS_SELECTOR, f'[data-entity="person:{putin.pk}"]')),
    )
    marker.click()
    wait(driver, lambda d: 'data-entity="person:' in body_value(d))
    driver.find_element(By.CSS_SELECTOR, EDITABLE).send_keys(Keys.END, ". Next")
    wait(driver, lambda d: "Next" in body_value(d))
    assert re.search(r"Vladimir Putin</a>\. Next", body_value(driver)), body_value(driver)

    # The subscriber form: an endpoint box an address fits in, no empty "Health" on add.
    driver.get(f"{base}/admin/distribution/subscriber/add/")
    endpoint = driver.find_element(By.ID, "id_endpoint_url")
    assert endpoint.size["width"] >= 400
    headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "fieldset h2")]
    assert not any(heading.lower() == "health" for heading in headings)

    # The one-time secret has a copy button that copies it.
    driver.find_element(By.ID, "id_name").send_keys("Partner wire")
    endpoint.send_keys("https://93.184.215.14/hook")
    assert driver.find_element(By.ID, "id_receives_all").is_selected()  # every story
    driver.find_element(By.NAME, "_save").click()
    button = wait(driver, EC.element_to_be_clickable((By.ID, "copy-secret")))
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    button.click()
    wait(driver, EC.text_to_be_present_in_element((By.ID, "copy-secret-done"), "Copied"))
    copied = driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done(String(e)))"
    )
    assert copied == Subscriber.objects.get(name="Partner wire").secret
    assert serious_axe_violations(driver, "#content") == []
    assert csp_violations(driver) == []


def test_make_run_names_the_address_it_serves_to_the_pushes():
    """`make run PORT=8731`: the server and the worker both get NEWSROOM_SITE_URL on 8731."""
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8731"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "export NEWSROOM_SITE_URL='http://127.0.0.1:8731'" in dry_run
    assert dry_run.index("NEWSROOM_SITE_URL") < dry_run.index("run_worker")


# --- The whole day -----------------------------------------------------------------------------


def test_a_reporters_and_an_editors_whole_day(browser, live_server):
    """The reporter writes with two names linked, the words are autosaved, they submit; the
    editor publishes it with one button, schedules another, withdraws a third with its
    confirmation; then a live story with two entries, one deleted and undone."""
    reporter = ReporterFactory(first_name="Rafael", last_name="Reyes")
    editor = EditorFactory(first_name="Erin", last_name="Edwards")
    putin = PersonFactory(name="Vladimir Putin")
    aliyev = PersonFactory(name="Ilham Aliyev")
    tomorrow = ArticleFactory(in_review=True, headline="Tomorrow's budget")
    old_story = ArticleFactory(headline="An old mistake")
    coverage = LiveCoverageFactory(article__headline="The summit, live")
    driver, base = browser, live_server.url

    # Morning: the reporter writes.
    sign_in(driver, base, reporter)
    driver.find_element(By.LINK_TEXT, "Write a story").click()
    open_story(driver, driver.current_url)
    driver.switch_to.active_element.send_keys("Leaders meet in Moscow")
    type_in_editor(driver, "Vladimir Putin welcomed Ilham Aliyev")
    for person in (putin, aliyev):
        wait(
            driver,
            EC.element_to_be_clickable(
                (By.CSS_SELECTOR, f'.newsroom-mention-link[data-entity="person:{person.pk}"]')
            ),
        ).click()
        wait(driver, lambda d, person=person: f'data-entity="person:{person.pk}"' in body_value(d))
    # The words are kept before any save.
    wait(driver, lambda d: Autosave.objects.filter(user=reporter, body__contains="Aliyev").exists())
    take_step(driver, "submit")
    story = Article.objects.get(headline="Leaders meet in Moscow")
    assert story.status == Article.Status.IN_REVIEW
    assert set(story.people.all()) == {putin, aliyev}
    assert not Autosave.objects.filter(user=reporter).exists()  # saved: nothing left to restore

    # The editor publishes it with one button.
    driver.delete_all_cookies()
    sign_in(driver, base, editor)
    driver.find_element(By.LINK_TEXT, "Leaders meet in Moscow").click()  # from "In review"
    open_story(driver, driver.current_url)
    message = take_step(driver, "publish")
    assert "Published. View it on the site" in message.text
    story.refresh_from_db()
    assert story.is_published

    # Schedules another for tomorrow, 09:30.
    open_story(driver, change_url(base, tomorrow))
    driver.find_element(By.CSS_SELECTOR, "details.desk-step-schedule summary").click()
    when = timezone.localtime() + datetime.timedelta(days=1)
    driver.execute_script(
        "arguments[0].value = arguments[1]",
        driver.find_element(By.ID, "desk-schedule-at"),
        f"{when:%Y-%m-%d}T09:30",
    )
    driver.find_element(By.CSS_SELECTOR, "button[name=_step][value=schedule]").click()
    message = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, ".messagelist")))
    assert message.text.startswith("Scheduled for")
    tomorrow.refresh_from_db()
    assert tomorrow.is_scheduled and timezone.localtime(tomorrow.published_at).hour == 9

    # Withdraws a third, after reading what happens to partners.
    open_story(driver, change_url(base, old_story))
    message = take_step(driver, "withdraw")
    assert message.text.startswith("Withdrawn.")
    old_story.refresh_from_db()
    assert old_story.status == Article.Status.WITHDRAWN

    # The live story: two entries, one deleted and undone.
    driver.get(f"{base}/admin/live/livecoverage/{coverage.pk}/desk/")
    for text in ["First: leaders arrive.", "Second: talks begin."]:
        type_in_editor(driver, text)
        wait(
            driver,
            lambda d, text=text: text in d.find_element(By.NAME, "body").get_attribute("value"),
        )
        driver.find_element(By.ID, "live-post").click()
        wait(driver, lambda d, text=text: LiveEntry.objects.filter(body__contains=text).exists())
        wait(driver, lambda d: d.find_element(By.NAME, "body").get_attribute("value") == "")
    second = LiveEntry.objects.get(body__contains="Second")
    entry = wait(driver, EC.presence_of_element_located((By.ID, f"desk-entry-{second.pk}")))
    entry.find_element(By.CSS_SELECTOR, ".live-delete").click()
    wait(driver, EC.element_to_be_clickable((By.ID, "live-undo-button"))).click()
    assert entry.is_displayed()
    second.refresh_from_db()
    assert not second.is_deleted
    assert LiveEntry.objects.visible().filter(coverage=coverage).count() == 2
    assert csp_violations(driver) == []
