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


# Sent where something that matters for security or accountability happens and no model change
# says it by itself (a second factor added, a token revoked, the cache purged by hand): the
# audit trail records each one. Keyword arguments: `action` (a name such as "token_revoked"),
# `actor` (the user who did it, or None for a command), `target` (the object it was done to, or
# None), `request` (or None: the address and browser come from it), `detail` (a short text).
# The kernel defines it so that the apps which send it and the one that records it never import
# each other.
security_event = Signal()
