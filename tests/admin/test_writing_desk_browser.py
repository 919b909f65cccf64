"""The writing desk in a real browser (Debian's Chromium): a reporter writes a story with the
editor's buttons, pastes from a word processor, links a person the editor marked, inserts a
library picture and submits; what is saved holds only the allow-list, and the preview shows it.
Also: pasted and typed hostile HTML, the policy, accessibility, and the demo stories' bytes."""

import pytest
from django.core.management import call_command
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from articles.models import Article
from core.html import ALLOWED, ALLOWED_TAGS, sanitize_html
from tests.admin.test_browser_workflow import log_in
from tests.core.test_html_allow_list import CLIPBOARD, elements
from tests.factories import EditorFactory, ImageFactory, PersonFactory, ReporterFactory
from tests.hardening.test_csp_and_login import csp_violations
from tests.hardening.test_no_script_runs import PAYLOADS, executable_markup
from tests.site.test_browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITABLE = ".ProseMirror[contenteditable]"


def wait(driver, condition, seconds=10):
    return WebDriverWait(driver, seconds).until(condition)


def open_editor(driver, url):
    driver.get(url)
    return wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, EDITABLE)))


def menu(driver, name):
    driver.find_element(By.CSS_SELECTOR, f'.prose-menubar [data-name="{name}"]').click()


def paste(driver, html, text=""):
    """A paste as the browser delivers one: a ClipboardEvent on the focused editor."""
    driver.execute_script(
        """
        const [html, text] = arguments
        const target = document.querySelector(".ProseMirror[contenteditable]")
        target.focus()
        const data = new DataTransfer()
        data.setData("text/html", html)
        data.setData("text/plain", text)
        target.dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
        )
        """,
        html,
        text,
    )


def to_the_end(driver):
    """The caret after the last word (Ctrl+End, without Selenium holding Ctrl for what follows)."""
    driver.execute_script("document.getElementById('id_body').newsroomEditor.commands.focus('end')")


def body_value(driver):
    return driver.find_element(By.ID, "id_body").get_attribute("value")


def assert_only_allowed_markup(html):
    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED[tag] | ({"rel"} if tag == "a" else set())
        assert set(attributes) <= allowed, (tag, attributes)
    assert executable_markup(html) == []


def test_a_reporter_writes_pastes_links_and_illustrates_a_story_without_a_tag(
    live_server, selenium_driver
):
    ReporterFactory(username="rita")
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    picture = ImageFactory(
        file__width=900,
        file__height=600,
        alt_text="Leaders around a round table",
        caption="The Kremlin hall",
        credit="TASS",
    )
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "rita")
    editor = open_editor(driver, f"{base}/admin/articles/article/add/")
    driver.find_element(By.ID, "id_headline").send_keys("Leaders gather in Moscow")

    # Paragraphs, a heading, bold, a list and a link: buttons and keys, never a tag.
    editor.click()
    editor.send_keys("The leaders arrived on Monday.", Keys.ENTER, "What they discussed")
    driver.find_element(By.CSS_SELECTOR, ".prose-menubar__selected").click()
    wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, '[data-name="heading2"]'))).click()
    editor.send_keys(Keys.END, Keys.ENTER, "Talks ran ")
    menu(driver, "bold")
    editor.send_keys("late")
    menu(driver, "bold")
    editor.send_keys(" into the night.", Keys.ENTER)
    menu(driver, "bulletList")
    editor.send_keys("security", Keys.ENTER, "trade", Keys.ENTER, Keys.ENTER)
    editor.send_keys("The communiqué was published.", Keys.ARROW_LEFT)
    selecting = ActionChains(driver).key_down(Keys.SHIFT)
    selecting.send_keys(Keys.ARROW_LEFT * len("published")).key_up(Keys.SHIFT).perform()
    menu(driver, "link")
    dialog = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    dialog.find_element(By.NAME, "href").send_keys("https://example.org/communique")
    dialog.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: ">published</a>" in body_value(d))
    to_the_end(driver)
    editor.send_keys(Keys.ENTER)

    # A paste from a word processor lands as clean paragraphs, emphasis, a list and a link.
    paste(driver, (CLIPBOARD / "word.html").read_text(), "The leaders met in the Kremlin")
    pasted = body_value(driver)
    assert "<ul><li><p>security cooperation</p></li>" in pasted  # Word's list is a list
    assert "<strong>Vladimir Putin</strong>" in pasted and "<em>executive committee</em>" in pasted
    assert "mso" not in pasted and "o:p" not in pasted and "font" not in pasted

    # The editor marks the person the desk knows; one click links him.
    marked = wait(
        driver,
        EC.element_to_be_clickable(
            (By.CSS_SELECTOR, f'button.newsroom-mention-link[data-entity="person:{putin.pk}"]')
        ),
    )
    assert driver.find_element(By.CSS_SELECTOR, ".newsroom-mention").text == "Vladimir Putin"
    summary = driver.find_element(By.ID, "newsroom-mentions-summary")
    wait(driver, lambda d: "Link Vladimir Putin" in summary.text)  # the panel, live
    marked.click()
    wait(driver, lambda d: f'data-entity="person:{putin.pk}"' in body_value(d))
    assert driver.find_elements(By.CSS_SELECTOR, "button.newsroom-mention-link") == []
    wait(driver, lambda d: "Every name the desk knows in the text is linked." in summary.text)
    assert str(putin.pk) in Select(driver.find_element(By.ID, "id_people")).all_selected_options[
        0
    ].get_attribute("value")

    # A picture from the library, found by its credit.
    to_the_end(driver)
    menu(driver, "newsroomImage")
    search = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open] input")))
    search.send_keys("tass")
    wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, ".newsroom-image-choice"))).click()
    wait(driver, lambda d: f'data-image="{picture.pk}"' in body_value(d))

    assert csp_violations(driver) == []
    # The form's primary button (issue 24: the workflow's next step, not a Status select).
    driver.find_element(By.CSS_SELECTOR, "button[name=_step][value=submit]").click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))

    story = Article.objects.get(headline="Leaders gather in Moscow")
    assert story.status == Article.Status.IN_REVIEW
    assert list(story.people.all()) == [putin]
    body = story.body
    assert_only_allowed_markup(body)
    assert body.startswith(
        "<p>The leaders arrived on Monday.</p>\n<h2>What they discussed</h2>\n"
        "<p>Talks ran <strong>late</strong> into the night.</p>\n"
        "<ul><li><p>security</p></li><li><p>trade</p></li></ul>\n"
        '<p>The communiqué was <a href="https://example.org/communique" '
        'rel="noopener noreferrer">published</a>.</p>'
    )
    assert f'<a href="/people/vladimir-putin/" data-entity="person:{putin.pk}" ' in body

    # The preview: formatting, the picture with its renditions, Putin linked to his page.
    driver.get(base + story.get_absolute_url())
    text = driver.find_element(By.CSS_SELECTOR, ".story-body")
    assert text.find_element(By.TAG_NAME, "h2").text == "What they discussed"
    assert text.find_element(By.TAG_NAME, "strong").text == "late"
    assert [item.text for item in text.find_elements(By.CSS_SELECTOR, "ul li")][:2] == [
        "security",
        "trade",
    ]
    image = text.find_element(By.CSS_SELECTOR, "figure.story-image img")
    assert " 320w" in image.get_attribute("srcset") and " 640w" in image.get_attribute("srcset")
    assert image.get_attribute("alt") == "Leaders around a round table"
    assert "Photo: TASS" in text.find_element(By.CSS_SELECTOR, "figure figcaption").text
    link = text.find_element(By.CSS_SELECTOR, f'a[data-entity="person:{putin.pk}"]')
    assert link.text == "Vladimir Putin"
    assert link.get_attribute("href") == f"{base}/people/vladimir-putin/"
    assert csp_violations(driver) == []


@pytest.mark.parametrize("name", ["word.html", "google_docs.html", "web_page.html"])
def test_pastes_from_anywhere_land_as_clean_markup(live_server, selenium_driver, name):
    EditorFactory(username="eddie")
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    open_editor(driver, f"{base}/admin/articles/article/add/").click()
    paste(driver, (CLIPBOARD / name).read_text(), "pasted")
    html = body_value(driver)
    assert_only_allowed_markup(html)
    assert "style" not in html and "class" not in html and "<p><br></p>" not in html
    saved = sanitize_html(html)  # what the save keeps: links without their trackers
    assert "utm_" not in saved and "google.com/url" not in saved and "fbclid" not in saved
    expected = {
        "word.html": ["<li><p>the budget</p></li></ul>", "?id=7"],
        "google_docs.html": [
            "<h2>What was agreed</h2>",
            "<ol><li><p>A customs accord</p></li>",
            "<strong>The talks ran late</strong>",
            'href="https://cis.minsk.by/news/2024/10/08"',
        ],
        "web_page.html": [
            "<strong>signed the declaration</strong>",
            "<em>a spokesman</em>",
            "<blockquote><p>Nine countries, one text.</p></blockquote>",
            'href="https://news.example.org/story/123?page=2"',
        ],
    }[name]
    for piece in expected:
        assert piece in saved, (piece, saved)


def test_hostile_html_pasted_or_typed_is_saved_without_anything_that_runs(
    live_server, selenium_driver
):
    EditorFactory(username="eddie")
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    editor = open_editor(driver, f"{base}/admin/articles/article/add/")
    driver.find_element(By.ID, "id_headline").send_keys("Hostile paste")
    editor.click()
    for payload in PAYLOADS:  # typed: words, never tags
        editor.send_keys(payload, Keys.ENTER)
    for payload in PAYLOADS:
        paste(driver, payload, payload)
    # The source view too: what an editor types there is read through the same schema.
    menu(driver, "html")
    source = wait(
        driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open] textarea"))
    )
    driver.execute_script("arguments[0].value += arguments[1]", source, "".join(PAYLOADS[:20]))
    driver.find_element(By.CSS_SELECTOR, "dialog[open] button[type=submit]").click()
    assert executable_markup(body_value(driver)) == []
    driver.find_element(By.NAME, "_save").click()
    wait(driver, EC.presence_of_element_located((By.ID, "result_list")))
    story = Article.objects.get(headline="Hostile paste")
    assert_only_allowed_markup(story.body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in story.body  # the typed words, as words
    assert story.body.count("&lt;") >= len(PAYLOADS) - 5  # nearly every payload opens a tag
    # While pasting, the policy refused what the browser's parser met (nothing ran); the saved
    # story has nothing left for it to refuse, in the editor or on the page.
    csp_violations(driver)  # reads, and so empties, the browser's log
    open_editor(driver, f"{base}/admin/articles/article/{story.pk}/change/")
    shown = driver.find_element(By.CSS_SELECTOR, EDITABLE).get_attribute("innerHTML")
    assert executable_markup(shown) == []
    driver.get(base + story.get_absolute_url())
    assert (
        executable_markup(
            driver.find_element(By.CSS_SELECTOR, ".story-body").get_attribute("innerHTML")
        )
        == []
    )
    assert csp_violations(driver) == []


def test_the_add_and_change_pages_run_under_the_policy_and_pass_axe(live_server, selenium_driver):
    editor = EditorFactory(username="eddie")
    PersonFactory(name="Vladimir Putin")
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    story = Article.objects.create(
        headline="Talks", slug="talks", body="<p>Vladimir Putin spoke.</p>", created_by=editor
    )
    for path in ["add/", f"{story.pk}/change/"]:
        open_editor(driver, f"{base}/admin/articles/article/{path}")
        if path != "add/":  # the editor has asked the server and marked the name
            wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".newsroom-mention")))
        # Before axe runs: its script is injected by the test and styles what it checks.
        assert csp_violations(driver) == [], path
        problems = axe_violations(driver)
        csp_violations(driver)  # empties the log of axe's own styles
        serious = [v for v in problems if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(
            f"{v['id']}: {v['help']} {[node['html'] for node in v['nodes']]}" for v in serious
        )


@pytest.mark.parametrize("width", [1280, 768])
def test_headline_and_text_come_first_and_fit_the_window(live_server, selenium_driver, width):
    EditorFactory(username="eddie")
    driver, base = selenium_driver, live_server.url
    driver.set_window_size(width, 900)
    log_in(driver, base, "eddie")
    editor = open_editor(driver, f"{base}/admin/articles/article/add/")
    headline = driver.find_element(By.ID, "id_headline")
    status = driver.find_element(By.ID, "id_language")  # the "Publication" group
    assert headline.location["y"] < editor.location["y"]
    # Headline and text come before the rest: above it, or beside it on a wide screen.
    assert editor.location["y"] < status.location["y"] or status.location["x"] > (
        editor.location["x"] + editor.size["width"]
    )
    page_width = driver.execute_script("return document.documentElement.clientWidth")
    scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll_width <= page_width  # nothing pushes the page sideways
    form = driver.find_element(By.ID, "article_form")
    assert editor.size["width"] >= 0.9 * form.size["width"]  # the form's full width
    driver.save_screenshot(f"/tmp/wt13/form-{width}.png")
    # Counters follow the typing.
    headline.send_keys("x" * 65)
    counter = driver.find_element(By.CSS_SELECTOR, "#id_headline + .newsroom-counter")
    assert counter.text.startswith("65 characters — longer than Google's results (60)")
    editor.click()
    editor.send_keys("Three short words.")
    words = driver.find_element(By.CSS_SELECTOR, ".prose-editor + .newsroom-counter")
    assert words.text == "3 words · about 1 min to read"


def test_demo_stories_survive_an_open_and_save_byte_for_byte(live_server, selenium_driver):
    call_command("load_demo", verbosity=0)
    EditorFactory(username="eddie")
    stories = list(Article.objects.order_by("pk"))
    assert stories
    before = {story.pk: story.body for story in stories}
    driver, base = selenium_driver, live_server.url
    log_in(driver, base, "eddie")
    for story in stories:
        open_editor(driver, f"{base}/admin/articles/article/{story.pk}/change/")
        assert body_value(driver) == before[story.pk], story.headline  # what the editor holds
        driver.find_element(By.NAME, "_continue").click()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".messagelist .success")))
    for story in Article.objects.order_by("pk"):
        assert story.body == before[story.pk], story.headline
        assert story.version > 1  # really saved
