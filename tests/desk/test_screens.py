"""Every list and form of the desk at 1,280 and 768 px in a real browser (Debian's Chromium):
no sideways scroll of the page or of a results table (from `scrollWidth`), and axe with no
serious or critical violation. The pages are every model the editor's admin shows: its list,
its add form and one row's change form, with rows in every list; plus the desk's own pages
(home, the live desk, revisions)."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.admin.test_browser_workflow import PASSWORD
from tests.conftest import ARTIFACTS, start_chromium, stop_chromium
from tests.desk.test_browser import serious_axe_violations
from tests.factories import (
    AgreementPartyFactory,
    ArticleFactory,
    CorrectionFactory,
    DeliveryFactory,
    EditorFactory,
    ImageFactory,
    LiveEntryFactory,
    ParticipationFactory,
    PositionFactory,
    QuoteFactory,
    SectionFactory,
)
from tests.hardening.test_csp_and_login import csp_violations
from tests.signing_in import second_step_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 768]


@pytest.fixture(scope="module")
def module_browser(request):
    driver, profile = start_chromium()
    yield driver
    stop_chromium(request, driver, profile)


def a_row_of_everything():
    """One row (or more) in every list the desk shows, with long words where they hurt."""
    section = SectionFactory(name="World")
    story = ArticleFactory(
        headline="Presidents of the Commonwealth of Independent States gather at the Kremlin",
        section=section,
    )
    ArticleFactory(draft=True, headline="A draft with a rather long headline about the budget")
    CorrectionFactory(article=story)
    QuoteFactory(article=story)
    ImageFactory(caption="The leaders at the table, " * 6)
    PositionFactory()
    ParticipationFactory()
    AgreementPartyFactory()
    DeliveryFactory(article=story, event__article=story)
    entry = LiveEntryFactory()
    entry.coverage.event = ParticipationFactory().event
    entry.coverage.save()


def desk_pages(editor):
    """(name, path) of every list, add form and change form the editor's admin shows."""
    pages = [("home", reverse("admin:index"))]
    request = type("Request", (), {"user": editor})()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if not model_admin.has_view_permission(request):
            continue
        name = f"{meta.app_label}_{meta.model_name}"
        pages.append((f"{name} list", reverse(f"admin:{name}_changelist")))
        if model_admin.has_add_permission(request):
            pages.append((f"{name} add", reverse(f"admin:{name}_add")))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append((f"{name} change", reverse(f"admin:{name}_change", args=[first.pk])))
    return pages


def overflow(driver):
    """What is wider than its box: the page, or a results table inside its own box."""
    return driver.execute_script(
        """
        const found = []
        const page = document.documentElement
        if (page.scrollWidth > window.innerWidth) found.push(`page ${page.scrollWidth}px`)
        for (const box of document.querySelectorAll('#changelist .results, .results')) {
          if (box.scrollWidth > box.clientWidth) {
            found.push(`results ${box.scrollWidth}px in ${box.clientWidth}px`)
          }
        }
        return found
        """
    )


def sign_in_at(driver, base, editor, width):
    """The module's browser at `width`, its storage empty, signed in as `editor`."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.get(f"{base}/admin/login/")
    driver.get_log("browser")  # what an earlier test left in the console
    driver.delete_all_cookies()
    driver.execute_script("localStorage.clear()")
    driver.get(f"{base}/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys(editor.username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    second_step_in_browser(driver, editor, wait_seconds=20)
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "user-tools")))


def problems_on(driver, base, pages):
    """{page name: [what is wrong]} over `pages` [(name, path)]."""
    problems = {}
    for name, path in pages:
        driver.get(base + path)
        WebDriverWait(driver, 20).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
        if driver.find_elements(By.CSS_SELECTOR, "textarea[data-django-prose-editor-newsroom]"):
            WebDriverWait(driver, 20).until(
                EC.presence_of_element_located((By.CSS_SELECTOR, ".ProseMirror"))
            )
        # The policy's reports first: axe itself sets inline styles as it checks.
        found = csp_violations(driver) + overflow(driver) + serious_axe_violations(driver, "body")
        driver.get_log("browser")  # axe's own inline styles, refused: not the page's
        if found:
            problems[name] = found
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_desk_list_and_form_fits_and_passes_axe(module_browser, live_server, width):
    editor = EditorFactory(first_name="Erin", last_name="Edwards")
    a_row_of_everything()
    driver, base = module_browser, live_server.url
    sign_in_at(driver, base, editor, width)

    from live.models import LiveCoverage

    coverage = LiveCoverage.objects.first()
    pages = [
        *desk_pages(editor),
        ("live desk", reverse("admin:live_livecoverage_desk", args=[coverage.pk])),
        ("revisions", reverse("admin:articles_article_revisions", args=[coverage.pk])),
    ]
    problems = problems_on(driver, base, pages)
    if problems:  # the whole list, for whoever fixes them
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"desk-screens-{width}.json").write_text(json.dumps(problems, indent=1))
    assert problems == {}


def test_the_desks_own_screens_fit_a_phone(module_browser, live_server):
    """At 375 px: the screens a reporter opens on the road (home, the story list and form, the
    live desk), no sideways scroll and axe clean."""
    editor = EditorFactory(first_name="Erin", last_name="Edwards")
    a_row_of_everything()
    driver, base = module_browser, live_server.url
    sign_in_at(driver, base, editor, 375)
    from articles.models import Article
    from live.models import LiveCoverage

    story = Article.objects.order_by("pk").first()
    pages = [
        ("home", reverse("admin:index")),
        ("story list", reverse("admin:articles_article_changelist")),
        ("new story", reverse("admin:articles_article_add")),
        ("story", reverse("admin:articles_article_change", args=[story.pk])),
        (
            "live desk",
            reverse("admin:live_livecoverage_desk", args=[LiveCoverage.objects.get().pk]),
        ),
    ]
    assert problems_on(driver, base, pages) == {}
