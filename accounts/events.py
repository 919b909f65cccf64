"""Sending core.signals.security_event for what happens to accounts (the audit trail records it)."""

from core.signals import security_event


def send(action, *, actor=None, target=None, request=None, detail=""):
    """`actor` None means a command or the system; anonymous users count as None too."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    security_event.send(
        sender="accounts", action=action, actor=actor, target=target, request=request, detail=detail
    )
