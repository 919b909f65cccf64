"""Reads from a real PostgreSQL standby that applies every change two seconds late
(`recovery_min_apply_delay`), behind gunicorn and Varnish, with a task worker and Redis, all
real processes: public reads go to the standby, the desk reads its own writes at once, and no
page made after a purge is older than the change that purged it."""

import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.core.test_varnish import Varnish
from tests.multihost.processes import (
    PostgresPair,
    Server,
    Worker,
    get,
    manage,
    site_environment,
    wait_until,
)

APPLY_DELAY_SECONDS = 6
REDIS_DB = 12  # a database of its own on the machine's Redis, emptied first
# A well-formed session key that names no session: looking it up needs the database.
SESSION_COOKIE = "sessionid=" + "q" * 32

CREATE_STORY = """
from django.contrib.auth import get_user_model
from articles.models import Article, Section
from articles.roles import REPORTER
from django.contrib.auth.models import Group
from django.utils import timezone
section = Section.objects.create(name="World", slug="world")
story = Article.objects.create(
    headline="Leaders meet before the change", slug="leaders-meet", section=section,
    summary="A summit.", body="<p>The leaders met.</p>",
    status=Article.Status.PUBLISHED, published_at=timezone.now() - timezone.timedelta(hours=1),
)
reporter = get_user_model().objects.create_user("reporter", password="a-long-reporter-password-1")
reporter.is_staff = True
reporter.save()
reporter.groups.add(Group.objects.get(name=REPORTER))
print(story.get_absolute_url())
"""

EDIT_STORY = """
from articles.models import Article
story = Article.objects.get(slug="leaders-meet")
story.headline = "Leaders meet after the change"
story.save()
"""


def standby_connections(pair):
    return pair.query(
        "standby",
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'newsroom' "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
    )[0][0]


def standby_has_the_story(pair):
    import psycopg

    try:
        return pair.query("standby", "SELECT count(*) FROM articles_article")[0][0] == 1
    except psycopg.errors.UndefinedTable:  # the standby has not applied the migrations yet
        return False


@pytest.fixture(scope="module")
def deployment():
    import redis

    pair = PostgresPair(apply_delay=f"{APPLY_DELAY_SECONDS}s")
    stop = [pair.destroy]
    try:
        redis_url = f"redis://127.0.0.1:6379/{REDIS_DB}"
        redis.Redis.from_url(redis_url).flushdb()
        from tests.conftest import free_port

        port = free_port()
        varnish = Varnish(port)
        stop.append(varnish.stop)
        env = site_environment(
            DATABASE_URL=pair.url("primary"),
            DATABASE_REPLICA_URLS=pair.url("standby"),
            REDIS_URL=redis_url,
            NEWSROOM_PURGE_BACKEND="varnish",
            NEWSROOM_VARNISH_URLS=f"http://127.0.0.1:{varnish.port}/",
            # The tests poll the API from one address for seconds on end: the anonymous rate
            # limit (tests/api/ test it) would answer 429 before the primary-down test reads.
            NEWSROOM_API_ANON_RATE="100000/minute",
        )
        manage("migrate", "--noinput", env=env)
        story_url = manage("shell", "-c", CREATE_STORY, env=env).stdout.strip().splitlines()[-1]
        wait_until(
            lambda: standby_has_the_story(pair), timeout=60, what="the standby applying the story"
        )
        server = Server(env, port=port)
        stop.append(server.stop)
        worker = Worker(env)
        stop.append(worker.stop)
        varnish.wait_until_the_site_answers()
        yield {"pair": pair, "env": env, "server": server, "varnish": varnish, "story": story_url}
    finally:
        for step in reversed(stop):
            step()


def test_public_reads_go_to_the_standby(deployment):
    pair, server = deployment["pair"], deployment["server"]
    before = standby_connections(pair)
    for number in range(4):  # pages nobody made yet: each reads the database
        status, _, _ = get(f"{server.url}/api/articles/?page_size={number + 1}")
        assert status == 200
    assert standby_connections(pair) > before


def test_the_desk_reads_its_own_write_at_once(deployment):
    """Signing in writes the session; the next page must find it though the standby is 2 s
    behind: the desk reads from the primary."""
    server = deployment["server"]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        login_page = opener.open(f"{server.url}/admin/login/").read().decode()
    except urllib.error.HTTPError as error:
        raise AssertionError(server.log_tail()) from error
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": "reporter",
            "password": "a-long-reporter-password-1",
            "next": "/admin/",
        }
    ).encode()
    request = urllib.request.Request(
        f"{server.url}/admin/login/", data=form, headers={"Referer": f"{server.url}/admin/login/"}
    )
    try:
        desk = opener.open(request)  # follows the redirect to /admin/ at once
    except urllib.error.HTTPError as error:
        raise AssertionError(server.log_tail()) from error
    assert desk.url == f"{server.url}/admin/"
    assert "Log out" in desk.read().decode()


def test_a_page_rebuilt_after_a_purge_is_never_older_than_the_change(deployment):
    varnish, server, story = deployment["varnish"], deployment["server"], deployment["story"]
    # The story page, the front page and the API's item: kept by Varnish and by the origin.
    pages = [story, "/", "/api/articles/leaders-meet/"]
    for page in pages:
        for _ in range(3):
            status, _, body = varnish.get(page)
            assert status == 200 and "before the change" in body

    # Counted from before the edit: the change commits a moment after this (a process starts).
    changed_at = time.monotonic()
    manage("shell", "-c", EDIT_STORY, env=deployment["env"])
    seen_after_delay = []
    while time.monotonic() - changed_at < APPLY_DELAY_SECONDS + 4:
        for page in pages:
            through_varnish = varnish.get(page)[2]
            from_origin = get(server.url + page)[2]
            if time.monotonic() - changed_at > APPLY_DELAY_SECONDS + 1:
                seen_after_delay.append((page, "varnish", "after the change" in through_varnish))
                seen_after_delay.append((page, "origin", "after the change" in from_origin))
        time.sleep(0.05)
    # Without the fence, the first reader after the purge rebuilt the pages from the standby
    # (still before the change) and both caches kept them: the old headline for a day.
    stale = [(page, where) for page, where, fresh in seen_after_delay if not fresh]
    assert seen_after_delay and stale == []


def test_with_the_primary_down_public_pages_are_served_from_the_standby(deployment):
    pair, server = deployment["pair"], deployment["server"]
    pair.stop("primary")
    try:
        for number in range(3):  # not cached anywhere: read from the standby
            status, _, body = get(f"{server.url}/api/articles/?page_size={number + 5}")
            assert status == 200, body[:300]
        # The desk reads from the primary only: a signed-in reader is told to come back.
        status, headers, _ = get(f"{server.url}/admin/", headers={"Cookie": SESSION_COOKIE})
        assert status == 503 and "Retry-After" in headers
    finally:
        pair.start("primary", pair.primary_port, "-c wal_level=replica")
    wait_until(
        lambda: get(f"{server.url}/admin/", headers={"Cookie": SESSION_COOKIE})[0] == 200,
        timeout=30,
        what="the desk answering again after the primary's restart",
    )
