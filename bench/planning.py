"""The desk's diary against its size: the desk's home page (with the diary's panels), the week
view (plain and filtered), an event's coverage page and a calendar feed, each timed in one
process with Django's test client and given as a ratio to /robots.txt (a view that touches
nothing) timed the same way, with its query count: with 10 events and 50 items; with
BENCH_PLANNING_EVENTS events (10,000) and BENCH_PLANNING_ITEMS coverage items (50,000), a year
of a busy desk; and with three such years. Every size runs the same queries; from one year to
three, a page shows the same rows and should cost the same (from 10 events to a year, the week
simply shows more).

Uses BENCH_PLANNING_DATABASE_URL (a SQLite file in the temporary folder by default; its diary
and the bench's events are emptied at each run), migrated first. BENCH_REQUESTS sets how many
requests each figure is the median of (50).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bench.pages import ROOT, env_int, manage

PROBE = r"""
import json, statistics, sys, time
import django
django.setup()
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from articles.roles import ensure_groups, EDITOR, REPORTER
from events.models import Event
from newsroom.models import User
from planning.models import CalendarFeed, CoverageChange, CoverageItem, DiaryEntry
from planning.synthetic import seed_diary

requests, events, items = (int(value) for value in sys.argv[1:4])
ensure_groups()
CoverageChange.objects.all().delete()
CoverageItem.objects.all().delete()
DiaryEntry.objects.all().delete()
Event.objects.filter(slug__startswith="bench-").delete()
editor, _ = User.objects.get_or_create(username="bench-diary-editor", defaults={"is_staff": True})
editor.groups.add(Group.objects.get(name=EDITOR))
desk = [editor]
for number in range(9):
    reporter, _ = User.objects.get_or_create(
        username=f"bench-diary-reporter-{number}", defaults={"is_staff": True}
    )
    reporter.groups.add(Group.objects.get(name=REPORTER))
    desk.append(reporter)
secret = CalendarFeed.issue(editor)
client = Client()
client.force_login(editor)

def measure(label):
    today_event = (
        Event.objects.filter(slug__startswith="bench-", start_date=timezone.localdate())
        .order_by("-pk")
        .first()
        or Event.objects.filter(slug__startswith="bench-").order_by("start_date").last()
    )
    section = CoverageItem.objects.values_list("section", flat=True).first()
    calls = {
        "robots.txt": "/robots.txt",
        "desk home": "/admin/",
        "week view": "/admin/planning/",
        "week view, one section": f"/admin/planning/?section={section}",
        "event's coverage": f"/admin/planning/events/{today_event.pk}/",
        "calendar feed": f"/admin/planning/calendar/{secret}.ics",
    }
    rows = []
    for name, path in calls.items():
        assert client.get(path).status_code == 200, name  # and warmed up
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        query_count = len(queries)
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        rows.append({"size": label, "request": name,
                     "median_ms": round(statistics.median(times), 2), "queries": query_count})
    return rows

def analyze():
    if connection.vendor == "postgresql":
        # As autovacuum would have by then: the planner's figures are those of the tables as
        # they are now, not as they were before the bulk insert.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

seed_diary(events=10, items=50, users=desk, prefix="bench-small", days=7)
analyze()
figures = measure("10 events, 50 items")
seed_diary(events=events, items=items, users=desk, prefix="bench-year")
analyze()
figures += measure(f"a year: {events:,} events, {items:,} items")
# Two more years, the one before and the one after, as busy: the same week, a diary three
# times the size. What a page shows is the same; its cost should be too.
for years_away in (-1, 1):
    seed_diary(
        events=events, items=items, users=desk, prefix=f"bench-year{years_away}",
        years_away=years_away,
    )
analyze()
figures += measure(f"three years: {3 * events:,} events, {3 * items:,} items")
print(json.dumps(figures))
"""


def database_url():
    default = f"sqlite:///{Path(tempfile.gettempdir()) / 'newsroom-bench-planning.sqlite3'}"
    return os.environ.get("BENCH_PLANNING_DATABASE_URL") or default


def run():
    events = env_int("BENCH_PLANNING_EVENTS", 10_000)
    items = env_int("BENCH_PLANNING_ITEMS", 50_000)
    requests = env_int("BENCH_REQUESTS", 50)
    env = {**os.environ, "DATABASE_URL": database_url()}
    manage(
        "migrate",
        "--noinput",
        "-v",
        "0",
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"},
    )
    # The test settings: Django's test client, one process's local-memory cache (the desk's
    # pages are never cached anyway).
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(requests), str(events), str(items)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    figures = json.loads(probe.stdout.strip().splitlines()[-1])
    baselines = {row["size"]: row["median_ms"] for row in figures if row["request"] == "robots.txt"}
    rows = [
        {
            "diary": row["size"],
            "request": row["request"],
            "median ms": row["median_ms"],
            "ratio to robots.txt": round(row["median_ms"] / baselines[row["size"]], 1),
            "queries": row["queries"],
        }
        for row in figures
    ]
    database = urlsplit(database_url()).scheme
    return {
        "events": events,
        "items": items,
        "database": database,
        "label": (database, events),
        "rows": rows,
    }
