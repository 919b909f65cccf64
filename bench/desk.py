"""The desk's own pages against the archive's size: its home page (the admin index), an
autosave and a live preview, each timed in one process with Django's test client and given as
a ratio to /robots.txt (a view that touches nothing) timed the same way, with its query count.

Seeds the synthetic archive like bench/pages.py (BENCH_ARTICLES, DATABASE_URL; resumable),
gives a desk account some of its drafts, then measures in a child process that uses that
database (the parent's settings may point elsewhere). BENCH_REQUESTS sets how many requests
each figure is the median of (50).
"""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

from bench.pages import ROOT, database_url, env_int, seed

PROBE = r"""
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from articles.models import Article
from newsroom.models import User
from articles.roles import ensure_groups, EDITOR
from django.contrib.auth.models import Group

requests = int(sys.argv[1])
ensure_groups()
user, created = User.objects.get_or_create(username="bench-desk", defaults={"is_staff": True})
user.groups.add(Group.objects.get(name=EDITOR))
drafts = Article.objects.filter(status="draft", created_by=None).values_list("pk", flat=True)[:200]
Article.objects.filter(pk__in=list(drafts)).update(created_by=user)
story = Article.objects.filter(status="draft").order_by("pk").first()
client = Client()
client.force_login(user)
words = {"headline": story.headline, "summary": "", "body": story.body + "<p>More.</p>",
         "expected_version": str(story.version)}
calls = {
    "robots.txt": lambda: client.get("/robots.txt"),
    "desk home": lambda: client.get("/admin/"),
    "autosave": lambda: client.post(f"/admin/desk/stories/{story.pk}/autosave/", words),
    "preview": lambda: client.post(f"/admin/desk/stories/{story.pk}/preview/", words),
}
figures = {}
for name, call in calls.items():
    assert call().status_code == 200, name  # and warmed up
    with CaptureQueriesContext(connection) as queries:
        call()
    query_count = len(queries)  # now: the next requests empty the log
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    figures[name] = {"median_ms": round(statistics.median(times), 2), "queries": query_count}
print(json.dumps(figures))
"""


def run():
    articles = env_int("BENCH_ARTICLES", 5000)
    requests = env_int("BENCH_REQUESTS", 50)
    env = {**os.environ, "DATABASE_URL": database_url()}
    seed(articles, {**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"})
    # The test settings: Django's test client, static files without a manifest, one
    # process's local-memory cache (the desk's pages never use the page cache anyway).
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(requests)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    figures = json.loads(probe.stdout.strip().splitlines()[-1])
    baseline = figures["robots.txt"]["median_ms"]
    rows = [
        {
            "request": name,
            "median ms": figure["median_ms"],
            "ratio to robots.txt": round(figure["median_ms"] / baseline, 1),
            "queries": figure["queries"],
        }
        for name, figure in figures.items()
    ]
    database = urlsplit(database_url()).scheme
    return {
        "articles": articles,
        "database": database,
        "label": (database, articles),
        "rows": rows,
    }
