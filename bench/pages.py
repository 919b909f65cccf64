"""The site under load: gunicorn serving a synthetic archive, measured with wrk and one client.

Seeds the archive (`seed_synthetic`, resumable, so a second run reuses it), serves it with
gunicorn (production settings, 2 workers) on a free port on 127.0.0.1, then measures:

- throughput (wrk) of a view that runs one query and renders a one-line template (the
  practical limit of a page that touches the database), the story, front, section, person and
  event pages, `/api/articles/` and an API item, each as a ratio to `/robots.txt` (a view
  that touches nothing) served by the same server just before and just after it: with the
  page cache off (what the first reader after a change meets once the task made the page's
  fragments), with nothing kept at all (`NEWSROOM_PAGE_CACHE_SECONDS=0`: no page and no
  fragment, every reader the first, as in the long tail of the archive), and with the page
  cache on;
- latency p50/p95 with one client, the pages taken in turn (story, section, API first page,
  a deep cursor page, search; the front page, the archive, the country with the most
  stories, the sitemap index and the API item of the person in the most stories), with the
  page cache off: what a reader waits for when the cache misses;
- optionally (`BENCH_LOAD=60`) a long run with 50 connections, which must have no errors.

Settings come from the environment: BENCH_ARTICLES (5,000 by default; 0: the demo), DATABASE_URL (a
SQLite file in the temporary folder by default), BENCH_DURATION (seconds per wrk run, 5),
BENCH_REQUESTS (per latency figure, 200), BENCH_DEEP_PAGES (cursor pages walked, 100),
BENCH_LOAD (seconds of the load run; 0 skips it), BENCH_PASSES (which of "uncached", "nothing
kept", "cached" to run, comma-separated; all by default).
"""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
WRK = shutil.which("wrk")
HOST = "127.0.0.1"


def env_int(name, default):
    return int(os.environ.get(name, default))


def database_url():
    default = f"sqlite:///{Path(tempfile.gettempdir()) / 'newsroom-bench.sqlite3'}"
    return os.environ.get("DATABASE_URL") or default


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def seed(articles, env):
    manage("migrate", "--noinput", "-v", "0", env=env)
    if articles == 0:
        manage("load_demo", env=env)  # BENCH_ARTICLES=0: the demo's two stories
    else:
        manage("seed_synthetic", "--articles", str(articles), env=env)


def seeded_environment(articles):
    """The environment of the benchmark's servers, once the archive holds `articles` stories."""
    base_env = {**os.environ, "DATABASE_URL": database_url()}
    base_env.pop("DJANGO_SETTINGS_MODULE", None)
    seed(articles, {**base_env, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"})
    return base_env


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(base_env, *, page_cache, static_root, keep_seconds=None):
    """`keep_seconds=0`: nothing is kept, neither pages nor fragments nor search results, so
    every request is a reader whom nobody made anything for (the long tail of the archive)."""
    keep = (
        {}
        if keep_seconds is None
        else {
            "NEWSROOM_PAGE_CACHE_SECONDS": str(keep_seconds),
            "NEWSROOM_SEARCH_KEEP_SECONDS": str(keep_seconds),
        }
    )
    return {
        **base_env,
        **keep,
        # Production's, with the one-query view added (bench/urls.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(static_root),
        "NEWSROOM_PAGE_CACHE": "true" if page_cache else "false",
        # The anonymous API rate limit would answer wrk with 429s: measure the API, not it.
        "NEWSROOM_API_ANON_RATE": "100000000/second",
    }


@contextmanager
def gunicorn(env, workers=2):
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "newsroom.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(port, "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start on port {port}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port, path, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def get_json(port, path):
    status, body = get(port, path)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return json.loads(body)


def pick_paths(port, deep_pages):
    """Real URLs from the archive: a story, a section, search words, a deep cursor page."""
    first = get_json(port, "/api/articles/?page_size=1")["results"][0]
    section = get_json(port, "/api/sections/")["results"][0]
    item = get_json(port, f"/api/articles/{first['slug']}/")
    # The story's own person and event, as a reader would click on (any, if it has none).
    person = (item["people"] or get_json(port, "/api/people/")["results"])[0]
    event = (item["events"] or get_json(port, "/api/events/")["results"])[0]
    # A synthetic headline is "Leaders <verb> <topic> plans (<n>)": the first word is in
    # every story, the topic in about one in twenty-four.
    words = [*re.findall(r"[A-Za-z]{4,}", first["headline"]), "summit", "trade"]
    common, topic = words[0].lower(), words[2].lower()
    next_url, walked = "/api/articles/?page_size=100", 0
    while walked < deep_pages:
        page = get_json(port, next_url)
        if not page.get("next"):
            break
        parts = urlsplit(page["next"])
        next_url, walked = f"{parts.path}?{parts.query}", walked + 1
    deep = next_url.replace("page_size=100", "page_size=20")
    return {
        "robots.txt": "/robots.txt",
        "one query": "/bench/one-query/",
        "story": f"/stories/{first['slug']}/",
        "front": "/",
        "section": f"/sections/{section['slug']}/",
        "person": urlsplit(person["html_url"]).path,
        "event": urlsplit(event["html_url"]).path,
        "API first page": "/api/articles/",
        "API item": f"/api/articles/{first['slug']}/",
        f"API cursor page {walked * 100:,} deep": deep,
        f"search, common word ({common})": f"/search/?q={common}",
        "search": f"/search/?q={topic}",
        f"search, topic word ({topic})": f"/search/?q={topic}",
    }


def settle(port, deadline_seconds=120):
    """Wait until the server answers a trivial page at once: wrk stops with up to 50 requests
    still queued in gunicorn, and a slow page's queue (a search: 50 × 0.3 s on a busy
    machine) outlasts any fixed pause; the next run would share the cores with it, or find
    the server answering nothing."""
    time.sleep(2)
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        get(port, "/robots.txt")
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def wrk(port, path, seconds, connections=50):
    settle(port)
    output = subprocess.run(
        [
            WRK,
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        # wrk gives up on a request after 2 s: a queue that long is a failure too.
        "timeouts": int(re.search(r"timeout (\d+)", socket_errors.group(1)).group(1))
        if socket_errors
        else 0,
    }


THROUGHPUT_PAGES = [
    "one query",
    "story",
    "front",
    "section",
    "person",
    "event",
    "API first page",
    "API item",
    "search",  # never kept: the same in every pass
]


def throughput(port, paths, seconds):
    """wrk on each page, as a ratio to /robots.txt measured just before and just after it:
    the machine's speed drifts (other processes, CPU clocks), and a baseline from the same
    minute cancels most of it."""
    pages = THROUGHPUT_PAGES
    for name in ["robots.txt", *pages]:
        # Each worker's first request builds what it keeps (the mention linker: a second at
        # a million stories, the templates, the database connection): not what is measured.
        wrk(port, paths[name], 1)
    baselines = [wrk(port, paths["robots.txt"], seconds)]
    figures = {}
    for name in pages:
        figures[name] = wrk(port, paths[name], seconds)
        baselines.append(wrk(port, paths["robots.txt"], seconds))
    for index, name in enumerate(pages):
        around = [
            baselines[index]["requests_per_second"],
            baselines[index + 1]["requests_per_second"],
        ]
        figures[name]["ratio"] = round(
            figures[name]["requests_per_second"] / statistics.mean(around), 3
        )
    figures["robots.txt"] = {
        "requests_per_second": round(
            statistics.mean(b["requests_per_second"] for b in baselines), 1
        ),
        "requests": sum(b["requests"] for b in baselines),
        "errors": sum(b["errors"] for b in baselines),
        "timeouts": sum(b["timeouts"] for b in baselines),
        "ratio": 1.0,
    }
    return {name: figures[name] for name in ["robots.txt", *pages]}


PASSES = {
    # name: the server's settings (page cache on?, seconds anything is kept: None, the default)
    "uncached": (False, None),
    "nothing kept": (False, 0),
    "cached": (True, None),
}


def passes():
    """The passes BENCH_PASSES names ("nothing kept" alone, to measure the long tail quickly)."""
    names = [name.strip() for name in os.environ.get("BENCH_PASSES", ",".join(PASSES)).split(",")]
    unknown = [name for name in names if name not in PASSES]
    if unknown or not names:
        sys.exit(f"BENCH_PASSES: unknown pass {unknown}; known: {', '.join(PASSES)}.")
    return names


def run():
    if WRK is None:
        sys.exit("wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), then run again.")
    from bench.latency import latencies, slow_paths

    articles = env_int("BENCH_ARTICLES", 5000)
    seconds = env_int("BENCH_DURATION", 5)
    requests = env_int("BENCH_REQUESTS", 200)
    load_seconds = env_int("BENCH_LOAD", 0)
    wanted = passes()
    base_env = seeded_environment(articles)
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-bench-static-"))
    manage(
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        env=server_env(base_env, page_cache=False, static_root=static_root),
    )
    database = urlsplit(database_url()).scheme
    result = {"articles": articles, "database": database, "label": (database, articles)}
    figures, paths, one_client = {}, None, {}
    for name in wanted:
        page_cache, keep_seconds = PASSES[name]
        env = server_env(
            base_env, page_cache=page_cache, static_root=static_root, keep_seconds=keep_seconds
        )
        with gunicorn(env) as port:
            paths = paths or pick_paths(port, env_int("BENCH_DEEP_PAGES", 100))
            figures[name] = throughput(port, paths, seconds)
            if name == "uncached":
                one_client = latencies(
                    port,
                    {
                        **{
                            page: path
                            for page, path in paths.items()
                            if page not in (*THROUGHPUT_PAGES, "robots.txt")
                            or page in ("story", "section", "API first page")
                        },
                        **slow_paths(base_env),
                    },
                    requests,
                )
            if name == "cached" and load_seconds:
                result["load"] = {
                    "path": paths["story"],
                    "seconds": load_seconds,
                    "connections": 50,
                    **wrk(port, paths["story"], load_seconds),
                }
    shutil.rmtree(static_root, ignore_errors=True)
    rows = []
    for page in figures[wanted[0]]:
        row = {"page": page}
        for name in wanted:
            row[f"{name} req/s"] = round(figures[name][page]["requests_per_second"])
            row[f"{name} ratio"] = figures[name][page]["ratio"]
        row["non-2xx"] = sum(figures[name][page]["errors"] for name in wanted)
        row["timeouts"] = sum(figures[name][page]["timeouts"] for name in wanted)
        rows.append(row)
    result.update(
        {"paths": paths, "latency_one_client_uncached": one_client}
        | {f"throughput_{name.replace(' ', '_')}": figures[name] for name in wanted}
    )
    latency_rows = [{"page": page, **figure} for page, figure in one_client.items()]
    return {"rows": rows, **({"latency_rows": latency_rows} if latency_rows else {}), **result}
