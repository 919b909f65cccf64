"""Live coverage under its readers: 1,000 open pages polling the update endpoint every 5 s
while an entry is posted every 10 s.

Makes a published live story with BENCH_LIVE_ENTRIES entries (5,000) in its own database
(BENCH_LIVE_DATABASE_URL, a SQLite file in the temporary folder by default; emptied of its
live stories first), serves it with gunicorn (production settings, page cache on; 2 workers
sharing REDIS_URL's cache when it is set, else 1 worker: local memory is one process's), and
for BENCH_LIVE_SECONDS (60):

- 1,000 simulated readers, each asking `?since=<the newest entry it holds>` every 5 s with
  the ETag of its last answer (a 304 when nothing changed), 64 connections;
- a writer posting an entry every 10 s through the live desk's endpoint, as a reporter's
  browser does (the post's time is reported: it never waits for readers);
- a watcher asking the readers' address every 20 ms: from the post's answer (its commit is
  a few milliseconds before) to the first poll answer holding the entry, p50/p99; and from
  the post to each reader's page (that adds the wait for its next poll, 0–5 s);

then, with the writer still posting, wrk's throughput on the poll (its address at the
newest entry) as a ratio to /robots.txt just before and after; and the queries of one poll,
uncached, at 5 and at 5,000 entries. Figures are measurements, never pass/fail.
"""

import heapq
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.pages import HOST, PYTHON, ROOT, WRK, env_int, gunicorn, server_env, wrk

READERS = 1000
POLL_SECONDS = 5
POST_SECONDS = 10
CONNECTIONS = 64

SETUP = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from articles.models import Article
from articles.roles import REPORTER, ensure_groups
from live.models import LiveCoverage, LiveEntry
from newsroom.models import User

entries = int(sys.argv[1])
ensure_groups()
Article.objects.filter(slug__startswith="bench-live").delete()
user, _ = User.objects.get_or_create(username="bench-live-reporter", defaults={"is_staff": True})
user.groups.add(Group.objects.get(name=REPORTER))

def live_story(slug, count):
    article = Article.objects.create(headline=f"Summit live ({count})", slug=slug,
        body="<p>The summit, as it happens.</p>", status="published",
        published_at=timezone.now() - timezone.timedelta(hours=1))
    coverage = LiveCoverage.objects.create(article=article)
    LiveEntry.objects.bulk_create(LiveEntry(coverage=coverage, author_name="Desk",
        body=f"<p>Update {number}: the leaders met again.</p>") for number in range(count))
    return coverage

big, small = live_story("bench-live", entries), live_story("bench-live-small", 5)
client = Client()
queries = {}
with override_settings(NEWSROOM_PAGE_CACHE=False):
    for coverage in (small, big):
        newest = coverage.entries.order_by("-pk").values_list("pk", flat=True)[3]
        url = f"/stories/{coverage.article.slug}/live/updates/?since={newest}"
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[coverage.entries.count()] = len(captured)
print(json.dumps({
    "coverage": big.pk, "slug": big.article.slug,
    "latest": big.entries.order_by("-pk").values_list("pk", flat=True)[0],
    "queries": queries,
}))
"""

# A reporter's session, signed with the server's own secret key.
LOGIN = r"""
import django
django.setup()
from django.conf import settings
from django.test import Client
from newsroom.models import User
client = Client()
client.force_login(User.objects.get(username="bench-live-reporter"))
print(client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 1)


def spread(values, low, high):
    return f"{percentile(values, low)} / {percentile(values, high)}"


class Readers:
    """1,000 pages polling every 5 s, served by a pool of connections in threads."""

    def __init__(self, port, path, latest):
        self.port, self.path = port, path
        start = time.monotonic()
        # (next poll time, reader number); each reader's since and ETag.
        self.due = [(start + POLL_SECONDS * n / READERS, n) for n in range(READERS)]
        self.since = [latest] * READERS
        self.etag = [None] * READERS
        self.seen_at = {}  # (reader, entry id) -> when that reader's page got it
        self.statuses, self.latencies, self.errors = {}, [], 0
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def run_one_connection(self):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while not self.stop.is_set():
            with self.lock:
                when, reader = heapq.heappop(self.due)
                heapq.heappush(self.due, (when + POLL_SECONDS, reader))
            time.sleep(max(0, when - time.monotonic()))
            headers = {"Accept": "application/json"}
            if self.etag[reader]:
                headers["If-None-Match"] = self.etag[reader]
            started = time.monotonic()
            try:
                connection.request(
                    "GET", f"{self.path}?since={self.since[reader]}", headers=headers
                )
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
                continue
            now = time.monotonic()
            with self.lock:
                self.latencies.append((now - started) * 1000)
                self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            if response.status == 200:
                data = json.loads(body)
                self.etag[reader] = response.getheader("ETag")
                for entry in data["entries"]:
                    self.seen_at.setdefault((reader, entry["id"]), now)
                self.since[reader] = data["latest"]
        connection.close()


def post_entries(port, coverage, session, stop, posts):
    """An entry every 10 s through the desk's endpoint, as a signed-in reporter."""
    csrf = "b" * 32
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    number = 0
    while not stop.wait(POST_SECONDS if number else 2):
        number += 1
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        started = time.monotonic()
        connection.request(
            "POST",
            f"/admin/live/livecoverage/{coverage}/desk/post/",
            body=f"body=%3Cp%3EBench+entry+{number}%3C%2Fp%3E",
            headers=headers,
        )
        response = connection.getresponse()
        body = response.read()
        answered = time.monotonic()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"posting answered {response.status}: {body[:300]!r}")
        posts.append((json.loads(body)["id"], answered, (answered - started) * 1000))


def watch(port, path, latest, stop, visible):
    """The readers' address asked every 20 ms: when each entry first shows in a poll."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while not stop.is_set():
        connection.request("GET", f"{path}?since={latest}", headers={"Accept": "application/json"})
        response = connection.getresponse()
        data = json.loads(response.read())
        now = time.monotonic()
        for entry in data.get("entries", []):
            visible.setdefault(entry["id"], now)
        latest = data.get("latest", latest)
        time.sleep(0.02)
    connection.close()


def run():
    if WRK is None:
        sys.exit("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), then run again.")
    seconds = env_int("BENCH_LIVE_SECONDS", 60)
    entries = env_int("BENCH_LIVE_ENTRIES", 5000)
    default_db = f"sqlite:///{Path(tempfile.gettempdir()) / 'newsroom-bench-live.sqlite3'}"
    database_url = os.environ.get("BENCH_LIVE_DATABASE_URL", default_db)
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"},
        check=True,
    )
    setup = subprocess.run(
        [PYTHON, "-c", SETUP, str(entries)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    story = json.loads(setup.stdout.strip().splitlines()[-1])
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-bench-static-"))
    serving = server_env(env, page_cache=True, static_root=static_root)
    workers = 2 if os.environ.get("REDIS_URL") else 1
    login = subprocess.run(
        [PYTHON, "-c", LOGIN], cwd=ROOT, env=serving, check=True, stdout=subprocess.PIPE, text=True
    )
    story["session"] = login.stdout.strip().splitlines()[-1]
    path = f"/stories/{story['slug']}/live/updates/"
    with gunicorn(serving, workers=workers) as port:
        readers = Readers(port, path, story["latest"])
        stop = threading.Event()
        posts, visible = [], {}
        threads = [threading.Thread(target=readers.run_one_connection) for _ in range(CONNECTIONS)]
        threads.append(
            threading.Thread(
                target=post_entries, args=(port, story["coverage"], story["session"], stop, posts)
            )
        )
        threads.append(
            threading.Thread(target=watch, args=(port, path, story["latest"], stop, visible))
        )
        for thread in threads:
            thread.start()
        began = time.monotonic()
        time.sleep(seconds)
        readers.stop.set()
        polled = time.monotonic() - began
        for thread in threads[:CONNECTIONS]:
            thread.join()
        # The writer keeps posting while wrk measures the poll's throughput.
        newest = f"{path}?since={max([story['latest'], *(post[0] for post in posts)])}"
        wrk(port, "/robots.txt", 1)
        wrk(port, newest, 1)
        before = wrk(port, "/robots.txt", 5)
        poll = wrk(port, newest, 5)
        after = wrk(port, "/robots.txt", 5)
        stop.set()
        for thread in threads[CONNECTIONS:]:
            thread.join()
    commit_to_poll = [
        (visible[entry] - answered) * 1000 for entry, answered, _ in posts if entry in visible
    ]
    commit_to_page = [
        (readers.seen_at[(reader, entry)] - answered) * 1000
        for entry, answered, _ in posts
        for reader in range(READERS)
        if (reader, entry) in readers.seen_at
    ]
    baseline = statistics.mean([before["requests_per_second"], after["requests_per_second"]])
    answered = sum(readers.statuses.values())
    rows = [
        {"figure": "readers polling every 5 s", "value": READERS},
        {"figure": "entries in the live story", "value": entries},
        {"figure": "entries posted (one every 10 s)", "value": len(posts)},
        {"figure": "polls answered / s", "value": round(answered / polled, 1)},
        {
            "figure": "polls answered 304 (%)",
            "value": round(100 * readers.statuses.get(304, 0) / max(answered, 1), 1),
        },
        {
            "figure": "poll errors (non-200/304 or failed)",
            "value": readers.errors
            + sum(c for s, c in readers.statuses.items() if s not in (200, 304)),
        },
        {
            "figure": "poll latency p50 / p99 ms",
            "value": spread(readers.latencies, 0.5, 0.99),
        },
        {
            "figure": "post → in a poll p50 / p99 ms",
            "value": f"{percentile(commit_to_poll, 0.5)} / {percentile(commit_to_poll, 0.99)}",
        },
        {
            "figure": "post → on a reader's page p50 / p99 ms",
            "value": f"{percentile(commit_to_page, 0.5)} / {percentile(commit_to_page, 0.99)}",
        },
        {
            "figure": "post request p50 / max ms",
            "value": spread([post[2] for post in posts], 0.5, 1.0),
        },
        {"figure": "poll throughput, wrk req/s", "value": round(poll["requests_per_second"])},
        {"figure": "/robots.txt throughput, wrk req/s", "value": round(baseline)},
        {
            "figure": "poll throughput ratio to /robots.txt",
            "value": round(poll["requests_per_second"] / baseline, 3),
        },
        {"figure": "wrk non-2xx / timeouts", "value": f"{poll['errors']} / {poll['timeouts']}"},
        *(
            {"figure": f"queries per uncached poll, {int(count):,} entries", "value": number}
            for count, number in sorted(story["queries"].items(), key=lambda item: int(item[0]))
        ),
    ]
    database = urlsplit(database_url).scheme
    return {
        "database": database,
        "workers": workers,
        "cache": "redis" if os.environ.get("REDIS_URL") else "local memory",
        "label": (database, "redis" if os.environ.get("REDIS_URL") else "locmem"),
        "rows": rows,
    }
