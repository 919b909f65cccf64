"""Distribution runs on the real task queue (the `task_queue` fixture: the database, or RQ on
Redis with NEWSROOM_TASKS=rq, and CI runs these tests once with each), a worker run in this
process (`run_worker --once`, so the moved clock applies) or in its own, and a real HTTP
receiver on 127.0.0.1."""

import pytest
from django.utils import timezone

from distribution.models import Delivery, Subscriber
from tests.conftest import run_worker_once
from tests.distribution.receiver import start_receiver


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
