"""Distribution runs on the real task queue: the configured backend (the database, or RQ on
Redis with NEWSROOM_TASKS=rq: CI runs these tests once with each), a worker run in this
process (`run_worker --once`, so the moved clock applies) or in its own, and a real HTTP
receiver on 127.0.0.1."""

import signal

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends

from distribution.models import Delivery, Subscriber
from tests.distribution.receiver import start_receiver

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


@pytest.fixture
def task_queue(settings, transactional_db):
    """The real backend instead of the tests' immediate one, its queue empty."""
    settings.TASKS = settings.NEWSROOM_QUEUE_TASKS
    backend = type(task_backends["default"]).__name__
    assert backend == {"database": "DatabaseBackend", "rq": "RQBackend"}[settings.NEWSROOM_TASKS]
    if settings.NEWSROOM_TASKS == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    yield settings.NEWSROOM_TASKS
    if settings.NEWSROOM_TASKS == "rq":
        django_rq.get_queue("default").empty()


def run_worker_once():
    """One `run_worker --once` in this process: the sweep, then every task ready now."""
    handlers = {number: signal.getsignal(number) for number in SIGNALS}
    try:
        call_command("run_worker", once=True, verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


@pytest.fixture
def deliver_everything(task_queue, clock):
    """Run the worker until nothing is pending, moving the clock to each retry's time."""

    def run(max_rounds=40):
        for _ in range(max_rounds):
            run_worker_once()
            pending = Delivery.objects.filter(
                status=Delivery.Status.PENDING, subscriber__is_active=True
            ).order_by("next_attempt_at")
            first = pending.first()
            if first is None:
                return
            wait = (first.next_attempt_at - timezone.now()).total_seconds()
            if wait > 0:
                clock.advance(seconds=wait + 1)
        raise AssertionError(f"Still pending after {max_rounds} rounds: {list(pending)}")

    return run


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    receiver.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscriber(receiver, task_queue):
    subscriber = Subscriber.objects.create(name="Partner desk", endpoint_url=receiver.url)
    receiver.secret = subscriber.secret
    return subscriber
