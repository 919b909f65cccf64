"""Shared fixtures: users, the stories in every state, and a real headless browser."""

import datetime
import os
import shutil
import signal
import socket
import tempfile
from pathlib import Path

import pytest

from tests.factories import ArticleFactory
from tests.signing_in import sign_in

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def free_port():
    """A TCP port nothing listens on, for a server a test starts (or one it wants refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_tool(paths, install_hint):
    """Skip locally when a tool is absent; under CI=true a missing tool is a failure."""
    missing = [str(path) for path in paths if not os.path.exists(path)]
    if missing:
        message = f"needs {', '.join(missing)} ({install_hint})"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def require_browser():
    require_tool([CHROMIUM, CHROMEDRIVER], "apt-get install -y chromium chromium-driver")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database is rolled back, cached data is not."""
    from django.core.cache import cache

    from core.availability import LastLogged
    from core.caching import due, store

    def forget_everything():
        cache.clear()
        LastLogged.at = {}  # each test sees the first log line of an outage
        store.TrustedVersions.clear()  # what this process remembers of the versions too
        due.LastRead.due = None

    forget_everything()
    yield
    forget_everything()


@pytest.fixture
def clock(monkeypatch):
    """The site's clock (`django.utils.timezone.now`), moved forward as if time had passed."""
    from django.utils import timezone

    real_now = timezone.now

    class Clock:
        offset = datetime.timedelta()

        def advance(self, **timedelta_arguments):
            self.offset += datetime.timedelta(**timedelta_arguments)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + clock.offset)
    return clock


@pytest.fixture
def buffered_view_counts(settings, db):
    """Story views wait in memory for a flush, as in production (the tests otherwise write
    each view at once); whatever is left is written before the test's data is rolled back."""
    from articles.view_counts import flush_view_counts

    settings.NEWSROOM_VIEW_COUNT_FLUSH_SECONDS = 3600
    flush_view_counts()
    yield
    flush_view_counts()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)  # lets fixtures see whether the test failed
    return report


def start_chromium():
    """A fresh headless Chromium with its own profile: (driver, profile folder)."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROME_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # CSP reports land here
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options), profile


def stop_chromium(request, driver, profile, name=""):
    """Quit, after a screenshot to test-artifacts/ when the test failed."""
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / f"{request.node.name}{name}.png"))
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def selenium_driver(request):
    """A fresh headless Chromium; saves a screenshot to test-artifacts/ when the test fails."""
    driver, profile = start_chromium()
    yield driver
    stop_chromium(request, driver, profile)


@pytest.fixture
def second_selenium_driver(request):
    """Another browser, for a second person at work on the same story."""
    driver, profile = start_chromium()
    yield driver
    stop_chromium(request, driver, profile, name="-second")


@pytest.fixture
def reporter(db):
    """A member of the Reporter group (a test may override it with a named one)."""
    from tests.factories import ReporterFactory

    return ReporterFactory()


@pytest.fixture
def editor(db):
    """A member of the Editor group (a test may override it with a named one)."""
    from tests.factories import EditorFactory

    return EditorFactory()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's, with the second factor a superuser must pass (tests/signing_in.py)."""
    from django.test import Client

    return sign_in(Client(), admin_user)


@pytest.fixture
def as_reporter(client, reporter):
    """The test client, signed in as `reporter`."""
    sign_in(client, reporter)
    return client


@pytest.fixture
def as_editor(client, editor):
    """The test client, signed in as `editor`."""
    sign_in(client, editor)
    return client


@pytest.fixture
def stories_in_every_state(db):
    """One story per state a reader must or must not see, keyed by state."""
    return {
        "published": ArticleFactory(headline="Published story"),
        "draft": ArticleFactory(headline="Draft story", draft=True),
        "in_review": ArticleFactory(headline="In-review story", in_review=True),
        "scheduled": ArticleFactory(headline="Scheduled story", scheduled=True),
        "withdrawn": ArticleFactory(headline="Withdrawn story", withdrawn=True),
    }


# The task queue. Tests run each task where it is enqueued (the immediate backend of
# newsroom/settings/test.py) unless they ask for the real queue with `task_queue`.
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


@pytest.fixture
def task_queue(settings, transactional_db):
    """The configured backend (the database, or RQ with NEWSROOM_TASKS=rq), its queue empty.

    Transactional: the tasks, like the work they are about, are committed before a worker
    sees them, and a worker process reads the test database.
    """
    import django_tasks

    settings.TASKS = settings.NEWSROOM_QUEUE_TASKS
    backend = type(django_tasks.task_backends["default"]).__name__
    assert backend == {"database": "DatabaseBackend", "rq": "RQBackend"}[settings.NEWSROOM_TASKS]
    if settings.NEWSROOM_TASKS == "rq":
        empty_rq_queues(settings.TASK_QUEUES)
    yield settings.NEWSROOM_TASKS
    if settings.NEWSROOM_TASKS == "rq":
        empty_rq_queues(settings.TASK_QUEUES)


def empty_rq_queues(names):
    """RQ's queues, and the tasks scheduled for later on them, emptied."""
    import django_rq
    from rq.registry import ScheduledJobRegistry

    for name in names:
        queue = django_rq.get_queue(name)
        queue.empty()
        scheduled = ScheduledJobRegistry(queue=queue)
        for job_id in scheduled.get_job_ids():
            scheduled.remove(job_id, delete_job=True)


def run_worker_once():
    """One `run_worker --once` in this process: the periodic jobs, then every task ready now."""
    from django.core.management import call_command

    handlers = {number: signal.getsignal(number) for number in SIGNALS}
    try:
        call_command("run_worker", once=True, verbosity=0)
    finally:  # the worker takes over Ctrl-C; pytest wants it back
        for number, handler in handlers.items():
            signal.signal(number, handler)
