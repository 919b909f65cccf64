"""The front page's lists made again ahead of its next reader, when a change to what they
show commits (`newsroom.views.front_lists`).

The front page is the most read page after the stories, and every change to a list of
stories (a new story, an edit, a withdrawal), an event or a section changes it: its first
reader after each change would otherwise wait for its four queries and forty teasers. A purge
that reaches one of the keys of today's kept lists enqueues `prepare_front_page`; a purge of
anything else (a draft, a person's page) enqueues nothing. As for the story pages
(`articles/tasks.py`), this needs the shared cache (Redis): with the local-memory cache the
worker makes them in its own memory. Running it twice does no harm.
"""

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from newsroom.caching import fragments
from newsroom.task_queue import enqueue


@task()
def prepare_front_page():
    from newsroom import views  # the views import every app's models

    today = timezone.localdate()
    fragments.remake(views.front_lists_name(today), lambda: views.make_front_lists(None, today))


def prepare_front_page_after_purge(keys):
    """A refresher (`newsroom.caching.register_refresher`): the front page's lists are made
    again when `keys` reach what today's show."""
    from newsroom import views

    kept = cache.get(fragments.PREFIX + views.front_lists_name(timezone.localdate()))
    if kept is not None and not kept.keys.isdisjoint(keys):
        enqueue(prepare_front_page)
