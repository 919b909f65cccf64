"""The one-client half of `bench/pages.py`: p50/p95 of pages taken in turn, and the pages that
once counted or searched every story."""

import http.client
import json
import statistics
import subprocess
import time

from bench.pages import HOST, PYTHON, ROOT, get

BUSIEST = """
import json
from django.db.models import Count
from articles.models import CountryStory, StoryCount
from events.models import Country, Person
country = CountryStory.objects.values("country").annotate(n=Count("pk")).order_by("-n").first()
person = StoryCount.objects.filter(link="people").order_by("-stories").first()
print(json.dumps({
    "country": Country.objects.get(pk=country["country"]).slug,
    "person": Person.objects.get(pk=person.object_id).slug,
}))
"""


def slow_paths(env):
    """The pages that once counted or searched every story (issue 16), for the country with
    the most stories and the person linked to the most: p95 only, as the first reader after
    a purge waits for them."""
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", BUSIEST],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    busiest = json.loads(output.strip().splitlines()[-1])
    return {
        "front (one client)": "/",
        "archive": "/archive/",
        "country with the most stories": f"/countries/{busiest['country']}/",
        "sitemap index": "/sitemap.xml",
        "API item, the most linked person": f"/api/people/{busiest['person']}/",
    }


def latencies(port, paths, requests):
    """p50/p95 of each of `paths` with one client, the pages taken in turn (first page, deep
    page, first page, …): the machine's speed drifts over a minute, and taking them in turn
    lets every page see the same drift."""
    connections = {name: http.client.HTTPConnection(HOST, port, timeout=30) for name in paths}
    timings = {name: [] for name in paths}
    try:
        for _ in range(requests):
            for name, path in paths.items():
                started = time.perf_counter()
                status, _ = get(port, path, connections[name])
                timings[name].append((time.perf_counter() - started) * 1000)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
    finally:
        for connection in connections.values():
            connection.close()
    figures = {}
    for name, times in timings.items():
        times.sort()
        figures[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        }
    return figures
