"""The shipped VCL (deploy/varnish/newsroom.vcl) in a real varnishd in front of the site served
by a real HTTP server in this process: pages kept, purged by key when an editor's change
commits, the desk never cached, stale pages served while the site is down, purges refused from
anyone but the application.

Skipped locally without varnishd and the xkey module (`apt-get install -y varnish
varnish-modules`); `.ci/run` installs them, and under CI=true their absence fails.
"""

import glob
import http.client
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler, _StaticFilesHandler

from articles.models import Article
from tests.conftest import free_port, require_tool
from tests.factories import ArticleFactory, PersonFactory, SectionFactory, SuperUserFactory
from tests.signing_in import sign_in

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "newsroom.vcl"
VARNISHD = "/usr/sbin/varnishd"
XKEY = next(
    iter(glob.glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so")),
    "/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so",
)

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_port(port, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class Varnish:
    def __init__(self, backend_port):
        require_tool([VARNISHD, XKEY], "apt-get install -y varnish varnish-modules")
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
        self.folder.chmod(0o755)  # varnishd reads the VCL as its own unprivileged user
        vcl = self.folder / "newsroom.vcl"
        vcl.write_text(self.vcl_source(VCL.read_text(), backend_port))
        self.port = free_port()
        self.pidfile = self.folder / "varnishd.pid"
        subprocess.run(
            [
                VARNISHD,
                "-a", f"127.0.0.1:{self.port}",
                "-f", str(vcl),
                "-s", "malloc,32m",
                "-n", str(self.folder / "instance"),
                "-P", str(self.pidfile),
                "-T", "127.0.0.1:0",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        wait_for_port(self.port)

    def vcl_source(self, source, backend_port):
        """The shipped VCL with the backend's port; and no 30 s of stale-while-revalidate, so
        that a page past its time is fetched again at once and only a failed fetch falls back
        to the grace."""
        assert '.port = "8000";' in source and "set req.grace = 30s;" in source
        return source.replace('.port = "8000";', f'.port = "{backend_port}";').replace(
            "set req.grace = 30s;", "set req.grace = 0s;"
        )

    def stop(self):
        pid = int(self.pidfile.read_text())
        subprocess.run(["kill", f"-{signal.SIGTERM.value}", str(pid)], check=False)

    def request(self, method, path, headers=None, source="127.0.0.1"):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(source, 0)
        )
        try:
            connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def get(self, path, **headers):
        return self.request("GET", path, headers)

    def wait_until_the_site_answers(self, timeout=15):
        """Varnish and the site both listening."""
        deadline = time.monotonic() + timeout
        while self.get("/robots.txt")[0] != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("Varnish never saw the site up")
            time.sleep(0.2)


class OneRequestPerConnection(QuietWSGIRequestHandler):
    """Closes each connection after its response: once the server stops, no kept-alive
    connection from Varnish outlives it, and the site is really gone."""

    def handle_one_request(self):
        super().handle_one_request()
        self.close_connection = True


class SiteServerThread(LiveServerThread):
    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            OneRequestPerConnection,
            allow_reuse_address=False,
            connections_override=connections_override,
        )


class AppServer:
    """The site served by Django's live server in a thread of this process."""

    def __init__(self):
        # SQLite's in-memory test database is reachable from the server's threads only
        # through the test's own connection (as Django's LiveServerTestCase does).
        self.shared = [
            conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
        ]
        for conn in self.shared:
            conn.inc_thread_sharing()
        self.thread = SiteServerThread(
            "127.0.0.1",
            _StaticFilesHandler,
            connections_override={conn.alias: conn for conn in self.shared},
        )
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error
        self.port = self.thread.port

    def stop(self):
        if self.thread is not None:
            # The connection stays shared: a request from Varnish may still be in flight in
            # one of the server's request threads.
            self.thread.terminate()
            self.thread = None


@pytest.fixture(scope="module")
def app_server(django_db_setup, django_db_blocker):
    """One server for the module (the last test stops it): Varnish's backend address is
    fixed in its VCL, and a live server cannot listen again on the port it left."""
    require_tool([VARNISHD, XKEY], "apt-get install -y varnish varnish-modules")
    with django_db_blocker.unblock():
        server = AppServer()
        yield server
        server.stop()


@pytest.fixture(scope="module")
def varnish(app_server):
    cache = Varnish(app_server.port)
    yield cache
    cache.stop()


@pytest.fixture
def site(varnish, app_server, settings):
    settings.NEWSROOM_PURGE_BACKEND = "varnish"
    settings.NEWSROOM_VARNISH_URLS = [f"http://127.0.0.1:{varnish.port}/"]
    settings.NEWSROOM_SHARED_CACHE_SECONDS = 86400
    varnish.wait_until_the_site_answers()
    varnish.request("PURGE", "/", {"xkey-purge": "all"})  # nothing from an earlier test
    return app_server


def cached(varnish, path):
    """GET `path` twice: the second must come from Varnish."""
    status = varnish.get(path)[0]
    assert status == 200, (path, status)
    status, headers, again = varnish.get(path)
    assert headers["X-Cache"] == "HIT", path
    assert "xkey" not in {name.lower() for name in headers}  # the keys stay in Varnish
    return again


def test_a_story_page_is_kept_and_an_edit_is_visible_at_once(varnish, site):
    story = ArticleFactory(headline="First take")
    other = ArticleFactory(headline="Elsewhere")
    assert "First take" in cached(varnish, story.get_absolute_url())
    cached(varnish, other.get_absolute_url())
    story.headline = "Second take"
    story.save()  # committed: the purge has gone out by the time save() returns
    _, headers, body = varnish.get(story.get_absolute_url())
    assert headers["X-Cache"] == "MISS"
    assert "Second take" in body
    assert varnish.get(other.get_absolute_url())[1]["X-Cache"] == "HIT"


def test_an_edit_to_a_linked_person_reaches_their_stories_only(varnish, site):
    person = PersonFactory(name="Ann Example")
    about = ArticleFactory()
    about.people.add(person)
    unrelated = ArticleFactory()
    section = SectionFactory()
    cached(varnish, about.get_absolute_url())
    cached(varnish, unrelated.get_absolute_url())
    cached(varnish, section.get_absolute_url())
    person.name = "Ann Renamed"
    person.save()
    assert "Ann Renamed" in varnish.get(about.get_absolute_url())[2]
    assert varnish.get(unrelated.get_absolute_url())[1]["X-Cache"] == "HIT"
    assert varnish.get(section.get_absolute_url())[1]["X-Cache"] == "HIT"


def test_a_withdrawn_story_is_a_404_through_varnish_at_once(varnish, site):
    story = ArticleFactory(headline="Pulled by the lawyers")
    cached(varnish, story.get_absolute_url())
    cached(varnish, "/")
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert varnish.get(story.get_absolute_url())[0] == 404
    assert "Pulled by the lawyers" not in varnish.get("/")[2]


def test_the_admin_and_previews_are_never_cached(varnish, site, client):
    draft = ArticleFactory(draft=True, headline="Secret draft")
    for _ in range(2):
        status, headers, _ = varnish.get("/admin/login/")
        assert status == 200
        assert headers["X-Cache"] == "MISS"
    sign_in(client, SuperUserFactory())
    session = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        status, headers, body = varnish.get(draft.get_absolute_url(), Cookie=session)
        assert status == 200
        assert "Preview" in body
        assert headers["X-Cache"] == "MISS"
    assert varnish.get(draft.get_absolute_url())[0] == 404  # readers never get the preview
    for _ in range(2):
        assert varnish.get("/api/desk/articles/")[1]["X-Cache"] == "MISS"


def test_readers_cookies_do_not_split_the_cache(varnish, site):
    story = ArticleFactory()
    cached(varnish, story.get_absolute_url())
    _, headers, _ = varnish.get(story.get_absolute_url(), Cookie="_ga=GA1.2.3; theme=dark")
    assert headers["X-Cache"] == "HIT"


def test_purges_are_refused_from_other_addresses(varnish, site):
    story = ArticleFactory()
    cached(varnish, story.get_absolute_url())
    status, _, body = varnish.request(
        "PURGE", "/", {"xkey-purge": f"a{story.pk}"}, source="127.0.0.2"
    )
    assert status == 403
    assert varnish.get(story.get_absolute_url())[1]["X-Cache"] == "HIT"
    assert varnish.request("PURGE", "/")[0] == 400  # allowed, but names no key
    status, _, body = varnish.request("PURGE", "/", {"xkey-purge": f"a{story.pk}"})
    assert status == 200
    assert "Invalidated 1 objects" in body


def test_cached_pages_are_served_while_the_site_is_down(varnish, site, settings):
    """Last in the module: it stops the site for good."""
    settings.NEWSROOM_SHARED_CACHE_SECONDS = 1  # so the page is past its time below
    story = ArticleFactory(headline="Still readable")
    cached(varnish, story.get_absolute_url())
    site.stop()
    time.sleep(2)  # past the page's second: Varnish asks the site, finds it down, and falls
    # back to the page it kept
    status, headers, body = varnish.get(story.get_absolute_url())
    assert status == 200
    assert "Still readable" in body
    assert int(headers["Age"]) >= 2
