"""The outbox's promises to partners, checked by a model in every order of events: the state
machine is tests/distribution/outbox_machine.py (its docstring says what it drives and
checks), run here with a fixed seed in every run of the suite, and with a long profile on
demand: NEWSROOM_OUTBOX_MODEL_LONG=1 pytest -m slow tests/distribution/test_outbox_model.py
(NEWSROOM_OUTBOX_MODEL_EXAMPLES runs of 50 steps, 200 by default; docs/explanation/outbox.md
notes what the long runs took and found)."""

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.distribution.outbox_machine import OutboxMachine
from tests.distribution.receiver import start_receiver
from tests.factories import EditorFactory

LONG = os.environ.get("NEWSROOM_OUTBOX_MODEL_LONG") == "1"
CI_PROFILE = settings(
    max_examples=12,
    stateful_step_count=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LONG_PROFILE = settings(
    max_examples=int(os.environ.get("NEWSROOM_OUTBOX_MODEL_EXAMPLES", "200")),
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run_machine(profile, task_queue, clock, settings):
    settings.NEWSROOM_DISTRIBUTION_TIMEOUT = 0.5
    settings.NEWSROOM_DISTRIBUTION_PAUSE_AFTER = 10_000  # the model pauses by hand only
    receiver, server = start_receiver()
    OutboxMachine.receiver, OutboxMachine.clock = receiver, clock
    OutboxMachine.editor = EditorFactory()
    try:
        run_state_machine_as_test(OutboxMachine, settings=profile)
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()


def test_the_outbox_keeps_its_promises_in_every_order_of_events(task_queue, clock, settings):
    run_machine(CI_PROFILE, task_queue, clock, settings)


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="the long run: NEWSROOM_OUTBOX_MODEL_LONG=1")
def test_the_outbox_keeps_its_promises_in_a_long_run(task_queue, clock, settings):
    run_machine(LONG_PROFILE, task_queue, clock, settings)
