"""Enqueueing tasks so that none is lost or run too early, whichever backend runs them.

Tasks are written against Django's tasks interface (`django_tasks.task`; `django.tasks` from
Django 6). The database backend stores a task as a row: enqueued inside the transaction that
made the work, it commits with that work or not at all. RQ keeps its queue in Redis, outside
the transaction: a task enqueued before the commit could run before its rows exist, so it is
enqueued when the transaction commits (a crash in between loses it; the periodic sweeps in
`settings.NEWSROOM_WORKER_PERIODIC` find such work again where it matters). The immediate
backend of the tests runs the task at once, where it was enqueued.
"""

from django.db import transaction
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

# Backends that enqueue into the transaction itself (or run the task inside it).
IN_THE_TRANSACTION = (DatabaseBackend, ImmediateBackend, DummyBackend)


def enqueue(task, *args, **kwargs):
    """Enqueue `task(*args, **kwargs)` with the work of the current transaction."""
    backend = task_backends[task.backend]
    if isinstance(backend, IN_THE_TRANSACTION) or not transaction.get_connection().in_atomic_block:
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
