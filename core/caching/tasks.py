"""The cache in front purged by a task worker, so a save never waits for a CDN's API.

Purges go to a queue of their own (`purges`), taken before the deliveries' queue: a page a
reader must not see any more outranks a push. Each purge is sent twice: at once, and again
`SECOND_PURGE_SECONDS` later, which closes the one race a purge leaves open (a page Django
rendered just before the edit committed, reaching the cache just after the first purge). A
purge can run any number of times without harm.
"""

import datetime

from django.utils import timezone
from django_tasks import task, task_backends

from core.caching.cdn import send_to_cache_in_front
from core.task_queue import enqueue

QUEUE = "purges"
# With the database backend (which orders by priority, not by queue): ahead of every push.
PRIORITY = 50
# Longer than a page takes to render and reach the cache in front; short enough that nobody
# reads the overtaken page for long.
SECOND_PURGE_SECONDS = 5


@task(queue_name=QUEUE)
def purge_in_front(keys):
    send_to_cache_in_front(keys)


def enqueue_purge_in_front(keys):
    job = purge_in_front
    backend = task_backends[job.backend]
    if backend.supports_priority:
        job = job.using(priority=PRIORITY)
    enqueue(job, sorted(keys))
    if backend.supports_defer:
        later = timezone.now() + datetime.timedelta(seconds=SECOND_PURGE_SECONDS)
        enqueue(job.using(run_after=later), sorted(keys))
