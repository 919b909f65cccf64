"""PostgreSQL stopped for real under gunicorn (2 workers), with and without Redis: the pages
kept before the stop are served stale by either worker, the others answer 503 with
Retry-After (the API in JSON), the desk's save is refused with nothing half-written, and
everything answers 200 within seconds of the restart."""

import concurrent.futures
import re
import urllib.parse

import pytest

from tests.multihost.processes import (
    PostgresPair,
    Server,
    get,
    manage,
    site_environment,
    wait_until,
)

REDIS_DB = 13
PAGE_SECONDS = 2  # kept pages expire quickly: what the stop finds is stale, not fresh


def fetch_in_parallel(url, times=8):
    """`times` concurrent GETs: both workers answer some (sequential ones may all meet one)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(lambda _: get(url), range(times)))


def sign_in(server, username, password):
    import requests

    session = requests.Session()
    page = session.get(f"{server.url}/admin/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{server.url}/admin/login/",
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/admin/",
        },
        headers={"Referer": f"{server.url}/admin/login/"},
    )
    assert answer.status_code == 200 and answer.url.endswith("/admin/"), answer.text[:500]
    return session


@pytest.fixture(params=["local memory", "redis"])
def site(request, tmp_path):
    pair = PostgresPair(standby=False)
    server = None
    try:
        overrides = {
            "DATABASE_URL": pair.url("primary"),
            "NEWSROOM_PAGE_CACHE_SECONDS": PAGE_SECONDS,
            "NEWSROOM_OUTAGE_COPIES_PATH": tmp_path / "outage-copies.sqlite3",
        }
        if request.param == "redis":
            import redis

            overrides["REDIS_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
            redis.Redis.from_url(overrides["REDIS_URL"]).flushdb()
        env = site_environment(**overrides)
        manage("migrate", "--noinput", env=env)
        manage("load_demo", env=env)
        manage("shell", "-c", CREATE_REPORTER, env=env)
        server = Server(env, workers=2)
        yield pair, server, env
    finally:
        if server is not None:
            server.stop()
        pair.destroy()


CREATE_REPORTER = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from articles.roles import REPORTER
user = get_user_model().objects.create_user("reporter", password="a-long-reporter-password-1")
user.is_staff = True
user.save()
user.groups.add(Group.objects.get(name=REPORTER))
"""
COUNT_STORIES = "from articles.models import Article; print(Article.objects.count())"


def test_kept_pages_are_served_stale_and_the_rest_is_a_clear_503(site):
    pair, server, env = site
    front = get(server.url + "/")[2]
    story_pages = sorted(set(re.findall(r'href="(/stories/[^"#?]+/)"', front)))[:2]
    kept = ["/", "/api/articles/", "/people/", "/feeds/", *story_pages]
    for page in kept:
        for status, _, _ in fetch_in_parallel(server.url + page, times=10):
            assert status == 200
    desk = sign_in(server, "reporter", "a-long-reporter-password-1")
    stories_before = manage("shell", "-c", COUNT_STORIES, env=env).stdout.split()[-1]

    pair.stop("primary")
    try:
        wait_until(lambda: get(server.url + "/search/?q=summit")[0] == 503, what="the stop seen")
        import time

        time.sleep(PAGE_SECONDS + 0.5)  # every kept page is now past its freshness
        for page in kept:
            answers = fetch_in_parallel(server.url + page)
            assert [status for status, _, _ in answers] == [200] * len(answers), page

        status, headers, body = get(server.url + "/search/?q=summit")
        assert status == 503 and headers["Retry-After"] == "30" and "Back in a moment" in body
        status, headers, body = get(server.url + "/api/sections/")
        assert status == 503 and headers["Retry-After"] == "30"
        assert headers["Content-Type"] == "application/json" and "unavailable" in body

        # The desk's save: a clear 503, not a 500, and nothing written.
        saved = desk.post(
            f"{server.url}/admin/articles/article/add/",
            data=urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": desk.cookies["csrftoken"],
                    "headline": "Written while the database was down",
                }
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{server.url}/admin/",
            },
        )
        assert saved.status_code == 503 and saved.headers["Retry-After"] == "30"
        assert "Back in a moment" in saved.text
    finally:
        pair.start("primary", pair.primary_port, "-c wal_level=replica")

    for page in [*kept, "/search/?q=summit", "/api/sections/"]:
        wait_until(
            lambda page=page: all(s == 200 for s, _, _ in fetch_in_parallel(server.url + page, 4)),
            timeout=20,
            what=f"{page} answering 200 after the restart",
        )
    assert manage("shell", "-c", COUNT_STORIES, env=env).stdout.split()[-1] == stories_before
