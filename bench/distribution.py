"""Distribution's costs: a story's save with 1,000 subscribers against none, and deliveries
per second with two workers.

- **Save.** The same edit of a published story (it writes one "updated" event), timed in one
  process, first with no subscriber and then with 1,000: the outbox writes rows, the
  subscribers are only read by the workers, so the ratio should be about 1. Also the
  publication itself (`article_transition`).
- **Deliveries.** BENCH_PUSH_STORIES stories (2) published to 1,000 subscribers whose endpoint
  is a real HTTP receiver in this process; two `run_worker` processes are started and the
  clock runs until the receiver has every push: fan-out, rendering, signing and POSTs.

Runs on a database of its own, emptied first: BENCH_DISTRIBUTION_DATABASE_URL (never
DATABASE_URL, which may hold the pages benchmark's archive), a fresh SQLite file in the
temporary folder by default. NEWSROOM_TASKS and REDIS_URL choose the queue as they do for the
site. The label names the database and the queue.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SUBSCRIBERS = 1_000
SAVES = 300
ROUNDS = 3


def database_url():
    default = f"sqlite:///{Path(tempfile.gettempdir()) / 'newsroom-bench-distribution.sqlite3'}"
    return os.environ.get("BENCH_DISTRIBUTION_DATABASE_URL") or default


def child_env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DJANGO_DEBUG": "false",  # no query log: measure what production does
        "DATABASE_URL": database_url(),
        # The receiver listens on 127.0.0.1 over plain http.
        "NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES": "true",
        "NEWSROOM_DISTRIBUTION_ALLOW_HTTP": "true",
        "NEWSROOM_WORKER_PERIODIC_SECONDS": "1",
    }


def in_child(step, *args):
    """Run `step` of this module in a process set up on the benchmark's database."""
    output = subprocess.run(
        [PYTHON, "-m", "bench.distribution", step, *args],
        cwd=ROOT,
        env=child_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_receiver():
    received = set()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                received.add((self.path, self.headers["X-Newsroom-Event-Id"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def run():
    url = database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    for command in (["migrate"], ["flush"]):
        subprocess.run(
            [PYTHON, "manage.py", *command, "--noinput", "-v", "0"],
            cwd=ROOT,
            env=child_env(),
            check=True,
        )
    saves = in_child("measure-saves")
    server, received = start_receiver()
    stories = int(os.environ.get("BENCH_PUSH_STORIES", "2"))
    expected = in_child("prepare-pushes", f"http://127.0.0.1:{server.server_port}/", str(stories))[
        "deliveries"
    ]
    workers = [
        subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "-v", "0"],
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    started = time.perf_counter()
    try:
        while len(received) < expected:
            if time.perf_counter() - started > 1800:
                raise RuntimeError(f"only {len(received)} of {expected} pushes in 30 minutes")
            time.sleep(0.05)
        seconds = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        server.shutdown()
    database = "sqlite" if url.startswith("sqlite") else "postgresql"
    queue = os.environ.get("NEWSROOM_TASKS", "database")
    return {
        "label": (database, queue),
        "save_rows": saves["rows"],
        "save_ratio_1000_to_none": saves["ratio"],
        "delivery_rows": [
            {
                "database": database,
                "queue": queue,
                "workers": 2,
                "deliveries": expected,
                "seconds": round(seconds, 2),
                "per_second": round(expected / seconds, 1),
            }
        ],
    }


# --- steps run in a child process, on the benchmark's database --------------------------


def measure_saves():
    from articles.models import Article
    from articles.services import article_transition
    from distribution.models import Subscriber
    from newsroom.models import User

    editor = User.objects.create_superuser("bench-editor", "bench@example.org", "x")

    def timed(count):
        stories = [
            Article.objects.create(headline=f"Story {n}", body="<p>Text.</p>") for n in range(count)
        ]
        publish, save = [], []
        for story in stories:
            started = time.perf_counter()
            article_transition(article=story, to_status=Article.Status.PUBLISHED, user=editor)
            publish.append(time.perf_counter() - started)
        for story in stories:
            story.summary = "Edited."
            started = time.perf_counter()
            story.save()
            save.append(time.perf_counter() - started)
        return publish, save

    def row(subscriber_count, kind, timings):
        ordered = sorted(timings)
        return {
            "subscribers": subscriber_count,
            "change": kind,
            "saves": len(ordered),
            "median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 3),
        }

    timed(50)  # warm up: connections, caches, the first queries
    publish, save = {0: [], SUBSCRIBERS: []}, {0: [], SUBSCRIBERS: []}
    # Rounds taken in turn, so the machine's drift and the growing tables weigh on both.
    for _ in range(ROUNDS):
        for subscriber_count in (0, SUBSCRIBERS):
            Subscriber.objects.all().delete()
            Subscriber.objects.bulk_create(
                Subscriber(name=f"Partner {n}", endpoint_url=f"https://93.184.215.14/{n}")
                for n in range(subscriber_count)
            )
            published, saved = timed(SAVES // ROUNDS)
            publish[subscriber_count] += published
            save[subscriber_count] += saved
    rows = [
        row(count, kind, timings[count])
        for kind, timings in (("publish", publish), ("save", save))
        for count in (0, SUBSCRIBERS)
    ]
    ratio = round(statistics.median(save[SUBSCRIBERS]) / statistics.median(save[0]), 3)
    # Nobody should deliver these: the measured subscribers leave with their events.
    Subscriber.objects.all().delete()
    from distribution.models import StoryEvent

    StoryEvent.objects.all().delete()
    return {"rows": rows, "ratio": ratio}


def prepare_pushes(receiver_url, stories):
    from django_tasks_db.models import DBTaskResult

    from articles.models import Article
    from articles.services import article_transition
    from distribution.models import Subscriber
    from newsroom.models import User

    # The save measurement's fan-outs are pointless now: their events are gone.
    DBTaskResult.objects.all().delete()
    if os.environ.get("NEWSROOM_TASKS") == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    Subscriber.objects.bulk_create(
        Subscriber(name=f"Receiver {n}", endpoint_url=f"{receiver_url}{n}")
        for n in range(SUBSCRIBERS)
    )
    editor = User.objects.get(username="bench-editor")
    for number in range(int(stories)):
        story = Article.objects.create(headline=f"Pushed story {number}", body="<p>Text.</p>")
        article_transition(article=story, to_status=Article.Status.PUBLISHED, user=editor)
    return {"deliveries": SUBSCRIBERS * int(stories)}


if __name__ == "__main__":
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    step, *arguments = sys.argv[1:]
    steps = {"measure-saves": measure_saves, "prepare-pushes": prepare_pushes}
    print(json.dumps(steps[step](*arguments)))
