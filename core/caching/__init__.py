"""The caches in front of the database: surrogate keys, the page cache and purges.

- `keys.py`: what a response shows, collected from what it loads (`KeyedQuerySet`, `record`).
- `changes.py`: what a change touches; purged at once here and everywhere on commit.
- `purge.py`: `purge(keys)`, the one way out to the page cache and the HTTP cache in front.
- `pages.py`: `public_page`, which tags, keeps and serves anonymous pages, and `Cache-Control`.
- `store.py`: the server's page cache, stale key by key; `due.py`: scheduled changes.
- `fragments.py`: parts of pages kept the same way (a story's linked body), made again ahead
  of the next reader after each purge.
- `backends.py`: a Redis cache that falls back to each process's memory when Redis is down.

Each app registers its models in its own `caching.py`, from its AppConfig.ready().
"""

from core.caching import changes, due, fragments, keys
from core.caching.fragments import fragment
from core.caching.keys import KeyedQuerySet, record
from core.caching.pages import public_page
from core.caching.purge import purge

__all__ = [
    "KeyedQuerySet",
    "fragment",
    "public_page",
    "purge",
    "record",
    "register",
    "register_dependent",
    "register_refresher",
    "register_schedule",
]


def register(model, letter, *, is_public=None, extra_list_keys=None, is_scheduled=None):
    """Tag `model`'s rows with `letter` + pk and purge what its changes touch.

    `is_public(instance)`: whether the public may see it (a draft story is on no list: its
    edits purge its own key only). `extra_list_keys(instance)`: the narrowed lists it belongs
    to besides those of its own foreign keys (a story's people's, places'…).
    `is_scheduled(instance)`: whether it waits for a set time to become public (its changes
    move the schedule: `register_schedule`).
    """
    keys.register(
        model,
        letter,
        is_public=is_public,
        extra_list_keys=extra_list_keys,
        is_scheduled=is_scheduled,
    )
    changes.connect(model)


def register_dependent(model):
    """`model`'s rows are shown on the pages of the registered objects they point to."""
    keys.register_dependent(model)
    changes.connect(model)


register_schedule = due.register_schedule
register_refresher = fragments.register_refresher
