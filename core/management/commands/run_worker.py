"""One task worker for whichever backend is configured, with the periodic sweeps beside it."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, close_old_connections
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)


def run_periodic_jobs():
    """Run each job of NEWSROOM_WORKER_PERIODIC once; one failing never stops the others."""
    for path in settings.NEWSROOM_WORKER_PERIODIC:
        close_old_connections()
        try:
            import_string(path)()
        except OperationalError:
            # SQLite busy with the queue's own transaction: the next round tries again.
            logger.warning("Periodic job %s could not reach the database; retrying soon.", path)
        except Exception:
            logger.exception("Periodic job %s failed.", path)
    close_old_connections()


class Command(BaseCommand):
    help = (
        "Run one task worker: takes tasks from the configured queue (the database, or RQ "
        "with NEWSROOM_TASKS=rq) and every NEWSROOM_WORKER_PERIODIC_SECONDS runs the periodic "
        "jobs (the pushes that came due). Start as many as the work needs; Ctrl-C stops one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the periodic jobs, then every task ready now, and exit.",
        )
        parser.add_argument(
            "--queues",
            default=",".join(settings.TASK_QUEUES),
            help="The queues to take tasks from, comma-separated, in the order RQ takes them "
            "(default: %(default)s). `--queues purges` makes a worker for purges alone.",
        )

    def handle(self, *args, once=False, queues="", verbosity=1, **options):
        backend = task_backends["default"]
        queues = [queue.strip() for queue in queues.split(",") if queue.strip()]
        unknown = sorted(set(queues) - set(settings.TASK_QUEUES))
        if unknown or not queues:
            raise CommandError(
                f"No such queue: {', '.join(unknown) or '(none given)'}. The queues are "
                f"{', '.join(settings.TASK_QUEUES)}."
            )
        run_periodic_jobs()
        if not once:
            threading.Thread(target=self._periodic_loop, daemon=True, name="periodic").start()
        if isinstance(backend, DatabaseBackend):
            call_command(
                "db_worker",
                queue_name=",".join(queues),
                batch=once,
                reload=False,
                startup_delay=False,
                # Idle, the worker looks for tasks this often: a purge waits for it.
                interval=0.5,
                verbosity=verbosity,
            )
        elif type(backend).__module__.startswith("django_tasks_rq"):
            call_command(
                "rqworker",
                *queues,
                job_class="django_tasks_rq.Job",
                burst=once,
                # Tasks one after another in this process, as the database backend runs them:
                # RQ's default forks a process per task, which costs more than a push.
                worker_class="rq.worker.SimpleWorker",
                # Runs the tasks enqueued for later (the second purge of the cache in front).
                with_scheduler=True,
                verbosity=verbosity,
            )
        else:
            raise CommandError(
                f"The task backend {type(backend).__name__} runs no worker: set NEWSROOM_TASKS "
                "to database or rq."
            )

    def _periodic_loop(self):
        stop = threading.Event()
        while not stop.wait(settings.NEWSROOM_WORKER_PERIODIC_SECONDS):
            run_periodic_jobs()
