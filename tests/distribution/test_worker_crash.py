"""A worker killed in the middle of a delivery loses nothing: another worker sends it again."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from distribution.models import Delivery
from tests.distribution.receiver import hang
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    """The test database, as a DATABASE_URL another process can open."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return (
        f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    )


def start_worker():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "NEWSROOM_TEST_TASKS": "queue",
        "DATABASE_URL": database_url(),
        "NEWSROOM_DISTRIBUTION_TIMEOUT": "1",
        "NEWSROOM_WORKER_PERIODIC_SECONDS": "0.5",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def descendants(pid):
    """Every process forked from `pid` (RQ's work horse runs in a session of its own)."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill(worker):
    """As a crashed machine would: the worker and everything it forked, at once."""
    for pid in [worker.pid, *descendants(worker.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=30)


def stop(worker):
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_delivery_cut_off_by_a_killed_worker_is_sent_again(subscriber, receiver):
    receiver.script = [hang(60)]  # the first push never gets an answer
    story = ArticleFactory()
    first = start_worker()
    try:
        assert receiver.arrived.wait(60), "the first worker never pushed"
    finally:
        kill(first)  # mid-POST
    time.sleep(2)  # past the 1 s timeout: a surviving sender would have recorded an attempt
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts.count() == 0
    assert delivery.locked_until is not None  # the dead worker's claim, expiring

    second = start_worker()
    try:
        delivered = wait_for(
            lambda: Delivery.objects.filter(status=Delivery.Status.DELIVERED).exists(), 60
        )
    finally:
        stop(second)
    assert delivered, second.stderr.read().decode()[-2000:]
    assert [push.event_id for push in receiver.pushes] == [str(delivery.event.event_id)] * 2
    assert [push.kind for push in receiver.accepted()] == ["published"]
    assert receiver.accepted()[0].document["slugline"] == story.slug
