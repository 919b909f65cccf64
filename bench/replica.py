"""Reads on a replica against reads on the primary, under a writing desk (issue 29).

Starts a PostgreSQL primary and a streaming standby of its own (`bench/processes.py`, the
multihost tests' pair: `pg_basebackup -R`, here applying every change at once), seeds the
archive on the primary (`seed_synthetic`, BENCH_ARTICLES, 5,000; 0: the demo), and serves it
with two gunicorn servers side by side (production settings, 2 workers each, nothing kept: no
page cache and no page part, so every request reads the database, as `pages`' "nothing kept"
pass): one with DATABASE_REPLICA_URLS naming the standby, one without it (every read on the
primary). Meanwhile a writer process saves a story through the ORM on the primary every
BENCH_SAVE_INTERVAL seconds (1: the desk's work on election night), and a task worker runs what
each save asks for (its purges, which move the replicas' fence).

wrk (2 threads, 8 connections: see CONNECTIONS; BENCH_DURATION s) measures the story page and
`/api/articles/` on each server as a ratio to `/robots.txt` on the same server just before and
just after; the two servers are taken in turn for BENCH_REPLICA_ROUNDS rounds (3), so that the
machine's drift falls on both alike. Reported: each ratio (the median of the rounds), the
replica's ratio over the primary's, and the transactions each database counted while each
server was measured (where the reads really went).

REDIS_URL, when set, is the servers' shared cache (the fence then crosses processes, as on
several machines); it is emptied first: give it a database of its own.
"""

import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from bench.pages import PYTHON, ROOT, WRK, env_int, get, get_json, seed, server_env, wrk
from bench.processes import (
    MissingTool,
    PostgresPair,
    Server,
    Worker,
    manage,
    site_environment,
    wait_until,
)

PAGES = {"story": None, "API list": "/api/articles/"}
# Four connections per gunicorn worker keep both busy without a queue: with nothing kept a page
# takes 50-150 ms, and at `pages`' 50 connections most requests would wait past wrk's 2 s
# timeout, be dropped by wrk and still be served: work measured as lost, not as throughput.
CONNECTIONS = 8
TRANSACTIONS = (
    "SELECT coalesce(sum(xact_commit + xact_rollback), 0)::bigint FROM pg_stat_database "
    "WHERE datname = 'newsroom'"
)


def transactions(pair):
    """Transactions each database has counted so far (the standby counts its own reads)."""
    return {name: pair.query(name, TRANSACTIONS)[0][0] for name in ("primary", "standby")}


def standby_caught_up(pair):
    sent = pair.query("primary", "SELECT pg_current_wal_lsn()")[0][0]
    replayed = pair.query("standby", "SELECT pg_last_wal_replay_lsn()")[0][0]
    return replayed is not None and replayed >= sent


def drained(server):
    """Whether the server answers /robots.txt at once: wrk stops with up to 50 requests of a
    slow page still queued, and the next run must not start while the workers finish them."""
    started = time.perf_counter()
    get(server.port, "/robots.txt")
    return time.perf_counter() - started < 0.1


def wrk_alone(server, path, seconds):
    wait_until(lambda: drained(server), timeout=120, interval=0.2, what="the server's queue")
    return wrk(server.port, path, seconds, connections=CONNECTIONS)


def measure(server, paths, seconds):
    """wrk on each page, each between two runs of /robots.txt on the same server."""
    baselines = [wrk_alone(server, "/robots.txt", seconds)]
    figures = {}
    for name in PAGES:
        figures[name] = wrk_alone(server, paths[name], seconds)
        baselines.append(wrk_alone(server, "/robots.txt", seconds))
    if not all(run["requests"] for run in [*baselines, *figures.values()]):
        raise RuntimeError(
            f"A run on port {server.port} served nothing ({baselines}, {figures}):\n"
            + server.log_tail()
        )
    for index, name in enumerate(PAGES):
        around = statistics.mean(run["requests_per_second"] for run in baselines[index : index + 2])
        figures[name]["ratio"] = figures[name]["requests_per_second"] / around
    figures["robots.txt"] = {
        "requests_per_second": statistics.mean(run["requests_per_second"] for run in baselines),
        "errors": sum(run["errors"] for run in baselines),
        "timeouts": sum(run["timeouts"] for run in baselines),
        "ratio": 1.0,
    }
    return figures


def writer_main(interval):
    """The desk (a process of its own, on the primary): saves one of the newest stories
    through the ORM every `interval` seconds until SIGTERM; prints its saves as JSON."""
    import django

    django.setup()
    from articles.models import Article

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    # The stories of the API's first page, the measured story among them.
    newest = list(
        Article.objects.published().order_by("-published_at").values_list("pk", flat=True)[:20]
    )
    rng = random.Random(29)
    durations = []
    while not stopping:
        next_save = time.monotonic() + float(interval)
        story = Article.objects.get(pk=rng.choice(newest))
        story.headline = f"{story.headline.split(' [save')[0]} [save {len(durations) + 1}]"
        started = time.perf_counter()
        story.save()
        durations.append((time.perf_counter() - started) * 1000)
        time.sleep(max(0.0, next_save - time.monotonic()))
    print(
        json.dumps(
            {
                "saves": len(durations),
                "save_median_ms": round(statistics.median(durations), 1) if durations else None,
            }
        )
    )


def run():
    if WRK is None:
        sys.exit("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), then run again.")
    articles = env_int("BENCH_ARTICLES", 5000)
    seconds = env_int("BENCH_DURATION", 5)
    rounds = env_int("BENCH_REPLICA_ROUNDS", 3)
    interval = float(os.environ.get("BENCH_SAVE_INTERVAL", "1"))
    redis_url = os.environ.get("REDIS_URL", "")
    try:
        pair = PostgresPair(apply_delay="0s")
    except MissingTool as error:
        sys.exit(f"The replica benchmark {error}.")
    stop = [pair.destroy]
    static_root = tempfile.mkdtemp(prefix="newsroom-bench-static-")
    stop.append(lambda: shutil.rmtree(static_root, ignore_errors=True))
    try:
        base_env = site_environment(
            DATABASE_URL=pair.url("primary"), DJANGO_STATIC_ROOT=static_root
        )
        if redis_url:
            base_env["REDIS_URL"] = redis_url
        seed(articles, base_env)
        wait_until(lambda: standby_caught_up(pair), timeout=120, what="the standby catching up")
        primary_env = server_env(
            base_env, page_cache=False, static_root=static_root, keep_seconds=0
        )
        manage("collectstatic", "--noinput", "-v", "0", env=primary_env)
        if redis_url:  # a fence or parts left by another run would mislead this one
            manage(
                "shell", "-c", "from django.core.cache import cache; cache.clear()", env=primary_env
            )
        replica_env = {**primary_env, "DATABASE_REPLICA_URLS": pair.url("standby")}
        servers = {}
        for name, env in (("replica", replica_env), ("primary", primary_env)):
            servers[name] = Server(env, workers=2)
            stop.append(servers[name].stop)
        worker = Worker(primary_env)
        stop.append(worker.stop)
        port = servers["primary"].port
        first = get_json(port, "/api/articles/?page_size=1")["results"][0]
        paths = {**PAGES, "story": f"/stories/{first['slug']}/"}
        writer = subprocess.Popen(
            [PYTHON, "-m", "bench.replica", "writer", str(interval)],
            cwd=ROOT, env=primary_env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        stop.append(lambda: writer.poll() is None and writer.kill())
        for server in servers.values():
            # Each worker's first requests build what it keeps (templates, the mention linker,
            # the database connections): not what is measured.
            for path in ["/robots.txt", *paths.values()]:
                wrk_alone(server, path, 1)
        runs = {name: [] for name in servers}
        counted = {name: {"primary": 0, "standby": 0} for name in servers}
        for number in range(rounds):
            # Alternate which goes first, so neither always meets the machine a minute later.
            order = ["replica", "primary"] if number % 2 == 0 else ["primary", "replica"]
            for name in order:
                before = transactions(pair)
                runs[name].append(measure(servers[name], paths, seconds))
                after = transactions(pair)
                for database in after:
                    counted[name][database] += after[database] - before[database]
        writer.send_signal(signal.SIGTERM)
        desk = json.loads(writer.communicate(timeout=60)[0].strip().splitlines()[-1])
    finally:
        for step in reversed(stop):
            step()

    def median(name, page, figure):
        return statistics.median(run[page][figure] for run in runs[name])

    rows = []
    for page in ["robots.txt", *PAGES]:
        replica_ratio, primary_ratio = (
            median("replica", page, "ratio"),
            median("primary", page, "ratio"),
        )
        rows.append(
            {
                "page": page,
                "replica req/s": round(median("replica", page, "requests_per_second")),
                "replica ratio": round(replica_ratio, 3),
                "primary req/s": round(median("primary", page, "requests_per_second")),
                "primary ratio": round(primary_ratio, 3),
                "replica / primary": round(replica_ratio / primary_ratio, 2),
                "ratio range, replica": "–".join(
                    f"{value:.3f}"
                    for value in (
                        min(run[page]["ratio"] for run in runs["replica"]),
                        max(run[page]["ratio"] for run in runs["replica"]),
                    )
                ),
                "ratio range, primary": "–".join(
                    f"{value:.3f}"
                    for value in (
                        min(run[page]["ratio"] for run in runs["primary"]),
                        max(run[page]["ratio"] for run in runs["primary"]),
                    )
                ),
                "non-2xx": sum(run[page]["errors"] for name in runs for run in runs[name]),
                "timeouts": sum(run[page]["timeouts"] for name in runs for run in runs[name]),
            }
        )
    database_rows = [
        {
            "reads on": name,
            "transactions on the standby": counted[name]["standby"],
            "transactions on the primary": counted[name]["primary"],
        }
        for name in servers
    ]
    return {
        "rows": rows,
        "database_rows": database_rows,
        "articles": articles,
        "label": (articles,),
        "rounds": rounds,
        "seconds_per_wrk_run": seconds,
        "save_interval_seconds": interval,
        "desk": desk,
        "redis": bool(redis_url),
        "paths": paths,
        "runs": runs,
    }


if __name__ == "__main__" and sys.argv[1:2] == ["writer"]:
    writer_main(*sys.argv[2:])
