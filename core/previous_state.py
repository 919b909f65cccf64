"""The row as it was before a save, read once per save for every receiver that compares.

A story's save is heard by the page cache (the lists it was on), the story index (what it
was counted under) and the outbox (whether it was public): each read the old row itself, three
reads of the same row per save. Now `remember`, a pre_save receiver connected before any other
(from CoreConfig.ready: `core` comes first of the project's apps in INSTALLED_APPS), reads it
once, whole, for the models apps track (`track`), and `previous(instance)` gives it to each.
The row is read again at every save, so a second save of the same instance never sees the
first one's.
"""

from django.db.models.signals import pre_save

ATTRIBUTE = "_previous_state"
# model → whether its row is read for an instance being added with a primary key already set
# (an insert-or-update by key: the outbox hears it as the update it may be).
TRACKED = {}


def track(model, *, when_adding=False):
    """Keep the previous row of `model`'s saves for `previous`."""
    TRACKED[model] = TRACKED.get(model, False) or when_adding


def remember(sender, instance, raw=False, **kwargs):
    if sender not in TRACKED:
        return
    row = None
    adding = instance._state.adding
    if not raw and instance.pk is not None and (not adding or TRACKED[sender]):
        row = sender._base_manager.filter(pk=instance.pk).first()
    instance.__dict__[ATTRIBUTE] = (row, adding)


def previous(instance, *, when_adding=False):
    """The row of `instance` as it is in the database before the save under way: None for a
    new row (unless `when_adding`, for a model tracked so, and one with that key exists) and
    for a fixture's (`raw`) save. Only from a pre_save receiver of a tracked model."""
    try:
        row, adding = instance.__dict__[ATTRIBUTE]
    except KeyError:
        raise RuntimeError(
            f"{type(instance).__name__} saves are not tracked: call "
            "core.previous_state.track() from the AppConfig.ready() of the app that reads them."
        ) from None
    return row if when_adding or not adding else None


def connect():
    """Called once from CoreConfig.ready(), before any app connects its own receivers."""
    pre_save.connect(remember, dispatch_uid="previous-state")
