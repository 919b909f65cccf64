"""`make screenshots`: pictures of the desk and the public site, for a reviewer to look at.

Migrates a throwaway SQLite database (in a temporary folder, removed afterwards), loads the demo
and its two accounts, makes the latest demo story live with a few entries (the demo has no live
story, and the live desk and a live story's page are what a reviewer most needs to see), starts
the site with `runserver` on a free port, and drives Debian's Chromium (Selenium) through every
kind of public page and the desk's main screens, as the demo editor and the demo reporter, at
1280, 768 and 375 px. Each PNG is the whole page (the window is made as tall as the page, up to
MAX_HEIGHT). Writes them and an index.html listing them into `screenshots/` (or the folder
given), which it empties first: open `screenshots/index.html`.

Needs chromium and chromedriver (apt-get install chromium chromium-driver); takes about two
minutes. Nothing is fetched from another host.
"""

import argparse
import html
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (1280, 768, 375)
HEIGHT = 900  # the first screen; the picture then grows to the page's height
MAX_HEIGHT = 8000
CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
DEMO_PASSWORD = "newsroom-demo"  # newsroom/management/commands/create_demo_editor.py

# Run inside the throwaway site (manage.py shell): a live story with three entries, one pinned;
# then print, one per line, name=address of each kind of page to photograph.
SETUP = """
import functools
from django.contrib.auth import get_user_model
from articles.models import Article
from events.models import Agreement, Country, Event, Organization, Person, Place
from live import services
from live.models import LiveCoverage

editor = get_user_model().objects.get(username="editor")
story = Article.objects.published().order_by("-published_at", "-pk").first()
coverage, _ = LiveCoverage.objects.get_or_create(
    article=story, defaults={"event": story.events.first()}
)
if not coverage.entries.exists():
    post = functools.partial(services.live_entry_post, coverage=coverage, user=editor)
    post(body="<p>The leaders arrive at the Kremlin.</p>")
    pinned = post(body="<p>The session opens behind closed doors.</p>")
    services.live_entry_pin(entry=pinned, user=editor, pinned=True, title="Session opens")
    post(quote="We agreed on the main points.", quote_by="A delegate")
plain = Article.objects.published().exclude(pk=story.pk).order_by("-published_at").first()

def first(model, stories):
    from django.db.models import Count
    return model.objects.annotate(n=Count(stories, distinct=True)).order_by("-n", "pk").first()

pages = {
    "front": "/",
    "section": (plain or story).section.get_absolute_url(),
    "story": (plain or story).get_absolute_url(),
    "live-story": story.get_absolute_url(),
    "person": first(Person, "articles").get_absolute_url(),
    "event": (coverage.event or first(Event, "articles")).get_absolute_url(),
    "agreement": first(Agreement, "articles").get_absolute_url(),
    "country": first(Country, "people__articles").get_absolute_url(),
    "organization": first(Organization, "articles").get_absolute_url(),
    "place": first(Place, "articles").get_absolute_url(),
    "people": "/people/",
    "events": "/events/",
    "agreements": "/agreements/",
    "archive": "/archive/",
    "archive-month": f"/archive/{story.published_at:%Y/%m}/",
    "search": "/search/?q=agreement",
    "not-found": "/no/such/page/",
}
print("PAGES")
for name, path in pages.items():
    print(f"{name}={path}")
print(f"desk-story={story.pk}")
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *arguments, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"The site did not answer at {url} within {seconds} s.")


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        sys.exit(
            "make screenshots needs chromium and chromedriver: "
            "apt-get install chromium chromium-driver"
        )
    profile = tempfile.mkdtemp(prefix="screenshots-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options), profile


class Camera:
    """Loads pages at a width and saves each as a PNG of the whole page."""

    def __init__(self, driver, base_url, folder):
        self.driver, self.base_url, self.folder = driver, base_url, folder
        self.shots = []  # (group, name, width, file name, address)

    def size(self, width, height=HEIGHT):
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
        )

    def open(self, path, width):
        self.size(width)
        self.driver.get(self.base_url + path)

    def shoot(self, group, name, width, then=None):
        """The page as it is now, whole (`then(driver)` first: a click that opens something)."""
        if then is not None:
            then(self.driver)
            time.sleep(1.0)  # what the click started (a preview's first drawing)
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.size(width, min(max(height, HEIGHT), MAX_HEIGHT))
        time.sleep(0.2)
        file_name = f"{group}-{name}-{width}.png"
        self.driver.save_screenshot(str(self.folder / file_name))
        path = self.driver.execute_script("return location.pathname + location.search")
        self.shots.append((group, name, width, file_name, path))
        self.size(width)

    def page(self, group, name, path, widths=WIDTHS, then=None):
        for width in widths:
            self.open(path, width)
            self.shoot(group, name, width, then)


def log_in(camera, username, env):
    from selenium.webdriver.common.by import By

    camera.driver.delete_all_cookies()
    camera.open("/admin/login/", 1280)
    camera.driver.find_element(By.NAME, "username").send_keys(username)
    camera.driver.find_element(By.NAME, "password").send_keys(DEMO_PASSWORD)
    camera.driver.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    time.sleep(0.5)
    if "/admin/security/second-step/" in camera.driver.current_url:
        # Editors pass a second factor: the demo editor's code, as a newcomer types it.
        code = manage({**env, "DJANGO_DEBUG": "true"}, "demo_code", username).strip()
        camera.driver.find_element(By.NAME, "code").send_keys(code)
        camera.driver.find_element(By.ID, "second-step-continue").click()
        time.sleep(0.5)
    if "/admin/login/" in camera.driver.current_url or "/security/" in camera.driver.current_url:
        sys.exit(f"Could not log in as {username}.")


def open_preview(driver):
    from selenium.webdriver.common.by import By

    buttons = driver.find_elements(By.ID, "desk-preview-toggle")
    if buttons:
        buttons[0].click()


def write_index(folder, shots):
    groups = {}
    for group, name, width, file_name, path in shots:
        groups.setdefault(group, {}).setdefault((name, path), []).append((width, file_name))
    titles = {
        "public": "Public site (anonymous reader)",
        "editor": "The desk, as the demo editor",
        "reporter": "The desk, as the demo reporter",
    }
    made = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Newsroom screenshots</title><style>",
        "body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1a1a1a}",
        "h2{border-top:3px solid #1a1a1a;padding-top:.5rem;margin-top:2rem}",
        ".row{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap;margin:.5rem 0 1.5rem}",
        "figure{margin:0}figcaption{font-size:.85rem;color:#555}",
        "img{border:1px solid #ccc;display:block;max-height:420px;width:auto}",
        "</style></head><body><h1>Newsroom screenshots</h1>",
        f"<p>Made by <code>make screenshots</code> on {made}. "
        "Each picture is the whole page at that width; open one to see it at full size.</p>",
    ]
    for group, pages in groups.items():
        parts.append(f"<h2>{html.escape(titles.get(group, group))}</h2>")
        for (name, path), files in pages.items():
            parts.append(
                f"<h3>{html.escape(name)} <code>{html.escape(path)}</code></h3><div class='row'>"
            )
            for width, file_name in files:
                parts.append(
                    f"<figure><a href='{file_name}'><img src='{file_name}' loading='lazy' "
                    f"alt='{html.escape(name)} at {width} px'></a>"
                    f"<figcaption>{width} px</figcaption></figure>"
                )
            parts.append("</div>")
    parts.append("</body></html>")
    (folder / "index.html").write_text("\n".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "screenshots"))
    parser.add_argument(
        "--only",
        help="comma-separated names of the pictures to take (front,agreement,editor-home…)",
    )
    arguments = parser.parse_args()
    folder = Path(arguments.folder)
    only = set(arguments.only.split(",")) if arguments.only else None

    def wanted(name):
        return only is None or name in only

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    work = Path(tempfile.mkdtemp(prefix="newsroom-screenshots-"))
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "NEWSROOM_PURGE_BACKEND", "NEWSROOM_TASKS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
        DJANGO_DEBUG="true",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    server = driver = profile = None
    try:
        print(f"Building the demo in {work} …", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "create_demo_editor")
        out = manage(env, "shell", stdin=SETUP).split("PAGES\n", 1)[1]
        # Served as in production (DEBUG off: the site's own 404 page, not Django's list of
        # URL patterns), its static files collected for WhiteNoise.
        env.update(DJANGO_DEBUG="false", DJANGO_STATIC_ROOT=str(work / "static"))
        manage(env, "collectstatic", "--noinput")
        values = dict(line.split("=", 1) for line in out.strip().splitlines())
        desk_story = values.pop("desk-story")
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + "/robots.txt")
        driver, profile = start_browser()
        camera = Camera(driver, base_url, folder)

        print("The public site …", flush=True)
        for name, path in values.items():
            if wanted(name):
                camera.page("public", name, path)

        print("The desk, as the editor …", flush=True)
        log_in(camera, "editor", env)
        editor_pages = [
            ("home", "/admin/", None),
            ("stories", "/admin/articles/article/", None),
            ("story-form", f"/admin/articles/article/{desk_story}/change/", None),
            ("story-preview", f"/admin/articles/article/{desk_story}/change/", open_preview),
            ("new-story", "/admin/articles/article/add/", None),
            ("live-stories", "/admin/live/livecoverage/", None),
            ("live-desk", f"/admin/live/livecoverage/{desk_story}/desk/", None),
            ("subscribers", "/admin/distribution/subscriber/", None),
            ("new-subscriber", "/admin/distribution/subscriber/add/", None),
            ("deliveries", "/admin/distribution/delivery/", None),
            ("people", "/admin/events/person/", None),
            ("images", "/admin/articles/image/", None),
        ]
        for name, path, then in editor_pages:
            if wanted(f"editor-{name}"):
                camera.page("editor", name, path, then=then)

        print("The desk, as the reporter …", flush=True)
        log_in(camera, "reporter", env)
        for name, path in [
            ("home", "/admin/"),
            ("stories", "/admin/articles/article/"),
            ("new-story", "/admin/articles/article/add/"),
            ("live-desk", f"/admin/live/livecoverage/{desk_story}/desk/"),
        ]:
            if wanted(f"reporter-{name}"):
                camera.page("reporter", name, path)

        write_index(folder, camera.shots)
        print(f"{len(camera.shots)} pictures: open {folder / 'index.html'}")
    finally:
        if driver is not None:
            driver.quit()
        if profile:
            shutil.rmtree(profile, ignore_errors=True)
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
