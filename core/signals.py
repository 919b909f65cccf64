"""Signals the kernel sends for the apps to act on, so that the kernel imports none of them."""

import contextlib
import contextvars

from django.dispatch import Signal

# Sent by `restore_database` inside its transaction, after the backup's rows are loaded: each
# app rebuilds what it derives from them and does not back up (the story index).
database_restored = Signal()


# While a backup's rows are loaded: loaddata saves rows raw (`raw=True` for save signals) but
# sets many-to-many links through the ordinary API, whose m2m_changed carries no such flag.
# A receiver that records news of a change (the outbox) asks this to tell a restore from an
# edit: restoring yesterday's links is not news for partners.
_restoring_rows = contextvars.ContextVar("restoring_rows", default=False)


@contextlib.contextmanager
def restoring_rows():
    token = _restoring_rows.set(True)
    try:
        yield
    finally:
        _restoring_rows.reset(token)


def is_restoring_rows():
    return _restoring_rows.get()
