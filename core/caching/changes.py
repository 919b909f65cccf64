"""What a change touches: the surrogate keys a save, a delete or a new link makes stale.

- **A registered object** (a story, a person…): its own key. When the public may see it before
  or after the change (a publish, a withdrawal, an edit of a published story; not a draft's
  edit), also the whole list of its kind (`a`: it joins, leaves or moves on the front page, the
  archive, the feeds) and the narrowed lists it belongs to before and after: those of its
  foreign keys (`s3:a`, its section's) and those its app adds (a story's people, places…).
- **A dependent row** (a correction, a position, a party to an agreement): the objects it
  points to, whose pages show it, and the lists of each narrowed to the other (`p5:e`).
- **A link** (many-to-many add, remove, clear): the object whose field it is (a story's page
  lists its people) and both narrowed lists (`p5:a`, person 5's stories; `a12:p`, story 12's
  people). Not person 5's own key: linking a story to the most-mentioned person must not empty
  every page that names them.

The keys are purged from this process's page cache at once (a reader in this process must not
be served the page as it was), and everywhere with one `purge()` per transaction once it
commits, with every key the transaction touched: an admin save that changes a story, its
people and its places is one purge. A transaction rolled back purges nothing more.
Changes made without signals (`QuerySet.update()`, `bulk_create()`) purge nothing: call
`purge()` with what they touch, or `manage.py purge_cache`.
"""

import threading

from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from core import previous_state
from core.caching import due, store
from core.caching.keys import (
    KINDS,
    foreign_keys,
    list_key,
    object_key,
    with_families,
)
from core.caching.purge import purge

BEFORE = "_surrogate_keys_before"
WAS_SCHEDULED = "_surrogate_keys_was_scheduled"


def keys_of_state(instance):
    """The keys an object touches as it is: itself, and the lists it is on when public."""
    kind = KINDS[type(instance)]
    keys = {object_key(instance)}
    if kind.is_public is not None and not kind.is_public(instance):
        return keys
    keys.add(kind.letter)
    for attname, related_model in foreign_keys(type(instance)):
        related_pk = getattr(instance, attname)
        if related_pk is not None:
            keys.add(list_key(related_model, related_pk, type(instance)))
    if kind.extra_list_keys is not None:
        keys.update(kind.extra_list_keys(instance))
    return keys


def keys_of_dependent(row):
    parents = [
        (related_model, getattr(row, attname))
        for attname, related_model in foreign_keys(type(row))
        if getattr(row, attname) is not None
    ]
    keys = {f"{KINDS[model].letter}{pk}" for model, pk in parents}
    for model, pk in parents:
        keys.update(list_key(model, pk, other) for other, other_pk in parents if other is not model)
    return keys


def keys_of(instance):
    if type(instance) in KINDS:
        return keys_of_state(instance)
    return keys_of_dependent(instance)


def is_scheduled(instance):
    kind = KINDS.get(type(instance))
    return bool(kind and kind.is_scheduled and kind.is_scheduled(instance))


def before_save(sender, instance, raw=False, **kwargs):
    # The row as it was: a story moved to another section leaves that section's list.
    previous = previous_state.previous(instance)
    setattr(instance, BEFORE, keys_of(previous) if previous is not None else set())
    setattr(instance, WAS_SCHEDULED, previous is not None and is_scheduled(previous))


def after_save(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: loaded before anything is cached
        return
    rescheduled = getattr(instance, WAS_SCHEDULED, False) or is_scheduled(instance)
    touch(getattr(instance, BEFORE, set()) | keys_of(instance), rescheduled=rescheduled)


def before_delete(sender, instance, **kwargs):
    setattr(instance, BEFORE, keys_of(instance))  # its links are still there to read
    setattr(instance, WAS_SCHEDULED, is_scheduled(instance))


def after_delete(sender, instance, **kwargs):
    touch(getattr(instance, BEFORE, set()), rescheduled=getattr(instance, WAS_SCHEDULED, False))


def links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_clear", "post_add", "post_remove", "post_clear"):
        return
    if type(instance) not in KINDS or model not in KINDS:
        return
    if action == "pre_clear":
        setattr(instance, BEFORE, linked_pks(sender, instance, reverse, model))
        return
    if action == "post_clear":
        pk_set = getattr(instance, BEFORE, set())
    if not pk_set:
        return
    source = type(instance)
    keys = {list_key(model, pk, source) for pk in pk_set}
    keys.add(list_key(source, instance.pk, model))
    if reverse:  # person.articles.add(story): the stories' pages list their people
        keys.update(f"{KINDS[model].letter}{pk}" for pk in pk_set)
        # Whether one of them is scheduled would cost a query: count it as moved.
        rescheduled = KINDS[model].is_scheduled is not None
    else:
        keys.add(object_key(instance))
        rescheduled = is_scheduled(instance)
    touch(keys, rescheduled=rescheduled)


def linked_pks(through, instance, reverse, model):
    """The objects `instance` is linked to through `through`, before a clear."""
    owner = model if reverse else type(instance)
    field = next(f for f in owner._meta.many_to_many if f.remote_field.through is through)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    if reverse:
        source, target = target, source
    rows = through._default_manager.filter(**{f"{source}_id": instance.pk})
    return set(rows.values_list(f"{target}_id", flat=True))


class Pending(threading.local):
    batch = None


class Batch:
    """The keys touched in one transaction, purged everywhere when it commits."""

    def __init__(self):
        self.keys = set()
        self.rescheduled = False

    def send(self):
        if _pending.batch is self:
            _pending.batch = None
        purge(self.keys, rescheduled=self.rescheduled)

    def is_waiting(self, connection):
        return any(callback == self.send for _, callback, _ in connection.run_on_commit)


_pending = Pending()


def touch(keys, *, rescheduled=False):
    """Purge `keys` from this process's page cache now and from every cache on commit;
    `rescheduled` when something scheduled changed (the times pages may be kept move)."""
    keys = with_families(keys)
    if not keys:
        return
    store.forget(keys)
    if rescheduled:
        due.forget()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        purge(keys, rescheduled=rescheduled)
        return
    batch = _pending.batch
    if batch is None or not batch.is_waiting(connection):
        batch = _pending.batch = Batch()
        transaction.on_commit(batch.send)
    batch.keys |= keys
    # Again at the commit: a page made meanwhile may have read the schedule as it was.
    batch.rescheduled |= rescheduled


def connect(model):
    """Purge what `model`'s saves and deletes touch (called by `register…()`)."""
    uid = f"surrogate-keys-{model._meta.label}"
    previous_state.track(model)
    pre_save.connect(before_save, sender=model, dispatch_uid=uid)
    post_save.connect(after_save, sender=model, dispatch_uid=uid)
    pre_delete.connect(before_delete, sender=model, dispatch_uid=uid)
    post_delete.connect(after_delete, sender=model, dispatch_uid=uid)
    m2m_changed.connect(links_changed, dispatch_uid="surrogate-keys-links")
