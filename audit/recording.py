"""Writing one entry of the audit trail: who, what, when and from where, copied as text.

Everything an entry says is copied when it is written (the actor's username, the target's
name), so the entry still reads the same after the account or the story is gone. The client's
address is REMOTE_ADDR, or, behind proxies the project trusts (REST_FRAMEWORK's NUM_PROXIES,
set by NEWSROOM_API_NUM_PROXIES), the address the outermost trusted proxy saw, the same rule as
the API's rate limits: X-Forwarded-For is a header anyone can write.
"""

import ipaddress

from django.contrib.contenttypes.models import ContentType
from django.db import models
from rest_framework.settings import api_settings

from audit.middleware import current_request
from audit.models import AuditEntry

USER_AGENT_LENGTH = AuditEntry._meta.get_field("user_agent").max_length
TARGET_LENGTH = AuditEntry._meta.get_field("target_repr").max_length
DETAIL_LENGTH = 2000


def client_address(request):
    """The client's IP address for `request`, or None when it is not a valid address."""
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = api_settings.NUM_PROXIES or 0
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def request_user(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def record(
    action,
    *,
    actor=None,
    actor_username="",
    target=None,
    target_repr="",
    request=None,
    detail="",
    link_actor=True,
):
    """Add one entry. `actor` defaults to the signed-in user of `request` (or of the request
    under way, audit.middleware); `actor_username` names who without an account (a failed
    sign-in's username); `target` is any model instance, or None; `link_actor=False` keeps
    only the actor's name (an account deleting itself). Returns the entry."""
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        actor = request_user(request)
    entry = AuditEntry(
        action=str(action)[:64],
        detail=str(detail or "")[:DETAIL_LENGTH],
        origin=AuditEntry.Origin.WEB if request is not None else AuditEntry.Origin.COMMAND,
    )
    if actor is not None and getattr(actor, "pk", None) is not None:
        entry.actor_id = actor.pk if link_actor else None
        actor_username = actor.get_username()
    entry.actor_username = str(actor_username or "")[:150]
    if isinstance(target, models.Model):
        entry.target_content_type = ContentType.objects.get_for_model(target)
        entry.target_object_id = "" if target.pk is None else str(target.pk)[:64]
        target_repr = target_repr or str(target)
    elif target is not None and not target_repr:
        target_repr = str(target)
    entry.target_repr = str(target_repr)[:TARGET_LENGTH]
    if request is not None:
        entry.address = client_address(request)
        entry.user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
    for field in (
        "action",
        "actor_username",
        "target_object_id",
        "target_repr",
        "user_agent",
        "detail",
    ):
        # PostgreSQL refuses NUL in text; a typed username or a header may carry one.
        setattr(entry, field, getattr(entry, field).replace("\x00", ""))
    entry.save(force_insert=True)
    return entry
