"""What the audit trail listens to, each heard once, at one place per kind of action.

- Sign-ins, failed sign-ins and sign-outs: Django's auth signals (a failed sign-in keeps the
  username tried; Django has already blanked the password in what it sends).
- A story published, scheduled, withdrawn or unpublished: the StatusChange row that every move
  writes (articles/services.py, the admin's status field and the write API all go through
  it), plus a published story's publication time moved (rescheduled, or brought forward to
  now), read from the row `core.previous_state` already loaded for the save. A save that moves
  nothing records nothing and reads nothing more.
- A story deleted: post_delete of Article.
- Accounts: created, deleted, is_staff/is_superuser/is_active changed (the old flags are read
  only when a save may change them: a sign-in's `last_login` save reads nothing), groups and
  permissions of users and groups (m2m_changed, both directions).
- Subscribers (distribution, reached through the app registry: the import contracts keep
  audit and distribution apart): added, removed, endpoint or secret changed. A secret's value
  and an endpoint's query string (which may carry a partner's token) are never written.
- Everything sent as `core.signals.security_event` (second factors, tokens, sessions,
  passwords, cache purges by hand), whatever its action.

Rows loaded from a fixture or a backup (`raw` saves, core.signals.restoring_rows) are history,
not actions: nothing is recorded for them.
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from audit.middleware import current_request
from audit.recording import record, request_user
from core import previous_state
from core.signals import is_restoring_rows, security_event

USER_FLAGS = ("is_staff", "is_superuser", "is_active")
SUBSCRIBER_WATCHED = ("endpoint_url", "secret")
_BEFORE = "_audit_before"


# --- sign-ins ---------------------------------------------------------------------------------


def on_logged_in(sender, request, user, **kwargs):
    record("signed_in", actor=user, target=user, request=request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username_field = get_user_model().USERNAME_FIELD
    tried = str(credentials.get(username_field) or credentials.get("username") or "")
    record(
        "sign_in_failed",
        actor_username=tried,
        request=request,
        detail="Wrong username or password, or an inactive account.",
    )


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("signed_out", actor=user, target=user, request=request)


# --- stories ----------------------------------------------------------------------------------


def _story_action(from_status, to_status, published_at, at):
    Status = apps.get_model("articles", "Article").Status
    if to_status == Status.PUBLISHED:
        return "story_scheduled" if published_at and published_at > at else "story_published"
    if to_status == Status.WITHDRAWN:
        return "story_withdrawn"
    if from_status == Status.PUBLISHED:
        return "story_unpublished"
    return None  # submitted, returned to draft: the workflow's own record (StatusChange) has it


def on_status_change(sender, instance, created, raw=False, **kwargs):
    if raw or not created or is_restoring_rows():
        return
    action = _story_action(
        instance.from_status, instance.to_status, instance.published_at, instance.changed_at
    )
    if action is None:
        return
    article = instance.article
    detail = f"{instance.get_from_status_display()} → {instance.get_to_status_display()}"
    if action == "story_scheduled":
        detail += f", to go public at {timezone.localtime(instance.published_at):%Y-%m-%d %H:%M}"
    record(
        action,
        actor=instance.changed_by,
        target=article,
        target_repr=article.headline,
        detail=detail,
    )


def on_article_saved(sender, instance, created, raw=False, **kwargs):
    """A published story's time moved without a move of status (the StatusChange covers moves)."""
    if raw or created:
        return
    row = previous_state.previous(instance)
    Status = sender.Status
    if (
        row is None
        or row.status != Status.PUBLISHED
        or instance.status != Status.PUBLISHED
        or row.published_at == instance.published_at
        or instance.published_at is None
    ):
        return
    now = timezone.now()
    was_future = row.published_at is not None and row.published_at > now
    if instance.published_at > now:
        action = "story_scheduled"
        detail = (
            f"Publication time moved to {timezone.localtime(instance.published_at):%Y-%m-%d %H:%M}"
        )
    elif was_future:
        action = "story_published"
        detail = "Scheduled story brought forward to go public now"
    else:
        return  # a public story's date corrected: still public, nothing to account for
    record(action, target=instance, target_repr=instance.headline, detail=detail)


def on_article_deleted(sender, instance, **kwargs):
    if is_restoring_rows():
        return
    record(
        "story_deleted",
        target=instance,
        target_repr=instance.headline,
        detail=f"Was {instance.get_status_display().lower()}",
    )


# --- accounts ---------------------------------------------------------------------------------


def _touches(update_fields, watched):
    return update_fields is None or bool(set(update_fields) & set(watched))


def _remembering(watched):
    """A pre_save receiver keeping the `watched` fields' old values for the post_save one.

    Only those fields, and only when the save may change them: a sign-in's save of
    `last_login` alone reads nothing (core.previous_state would read the whole row each time).
    """

    def receiver(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or instance._state.adding or instance.pk is None:
            return
        if not _touches(update_fields, watched):
            return
        before = sender._base_manager.filter(pk=instance.pk).values(*watched).first()
        instance.__dict__[_BEFORE] = before

    return receiver


on_user_saving = _remembering(USER_FLAGS)


def on_user_saved(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or is_restoring_rows():
        return
    if created:
        flags = ", ".join(flag for flag in USER_FLAGS if getattr(instance, flag))
        record("user_created", target=instance, detail=f"Flags: {flags or 'none'}")
        return
    if before is None:
        return
    changes = [
        f"{flag}: {before[flag]} → {getattr(instance, flag)}"
        for flag in USER_FLAGS
        if before[flag] != getattr(instance, flag)
    ]
    if changes:
        record("user_flags_changed", target=instance, detail="; ".join(changes))


def on_user_deleted(sender, instance, **kwargs):
    if is_restoring_rows():
        return
    request = current_request()
    actor = request_user(request) if request is not None else None
    self_deleted = actor is not None and actor.pk == instance.pk
    record(
        "user_deleted",
        actor=actor,
        target=instance,
        detail=f"Account {instance.get_username()}",
        link_actor=not self_deleted,
    )


def _names(model, pks):
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).values_list(
            "content_type__app_label", "codename"
        )
        return sorted(f"{app_label}.{codename}" for app_label, codename in rows)
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    return sorted(
        str(name)
        for name in model._base_manager.filter(pk__in=pks).values_list(
            model.USERNAME_FIELD, flat=True
        )
    )


def _m2m_receiver(audit_action):
    """A receiver for one many-to-many relation, heard from either side: the entry's target is
    the side the change was made from (a user's groups, or a group's users)."""

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if kwargs.get("raw") or is_restoring_rows():
            return
        if action == "pre_clear":  # what is about to go, read before it goes
            instance.__dict__[f"_audit_cleared_{sender._meta.db_table}"] = _linked_pks(
                sender, instance, model
            )
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if action == "post_clear":
            pks = instance.__dict__.pop(f"_audit_cleared_{sender._meta.db_table}", [])
            verb = "removed"
        else:
            pks = pk_set or []
            verb = "added" if action == "post_add" else "removed"
        if not pks:
            return
        detail = f"{verb.capitalize()}: {', '.join(_names(model, pks))}"
        record(audit_action, target=instance, detail=detail)

    return receiver


def _linked_pks(through, instance, model):
    """The pks of `model` linked to `instance` in `through`, from the through table."""
    own = next(
        field.name
        for field in through._meta.fields
        if field.is_relation and field.related_model is type(instance)
    )
    other = next(
        field.name
        for field in through._meta.fields
        if field.is_relation and field.related_model is model
    )
    return list(through.objects.filter(**{own: instance.pk}).values_list(other, flat=True))


# --- subscribers ------------------------------------------------------------------------------


def _address_without_secrets(url):
    """An endpoint as host and path: its query string and any user:password are left out."""
    parts = urlsplit(url or "")
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}" if host else ""


on_subscriber_saving = _remembering(SUBSCRIBER_WATCHED)


def on_subscriber_saved(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or is_restoring_rows():
        return
    if created:
        record(
            "subscriber_added",
            target=instance,
            detail=f"Endpoint {_address_without_secrets(instance.endpoint_url)}",
        )
        return
    if before is None:
        return
    if before["endpoint_url"] != instance.endpoint_url:
        record(
            "subscriber_endpoint_changed",
            target=instance,
            detail=(
                f"{_address_without_secrets(before['endpoint_url'])} → "
                f"{_address_without_secrets(instance.endpoint_url)}"
            ),
        )
    if before["secret"] != instance.secret:
        record(
            "subscriber_secret_changed",
            target=instance,
            detail="The signing secret was replaced (its value is never recorded).",
        )


def on_subscriber_deleted(sender, instance, **kwargs):
    if is_restoring_rows():
        return
    record(
        "subscriber_removed",
        target=instance,
        detail=f"Endpoint {_address_without_secrets(instance.endpoint_url)}",
    )


# --- everything else ----------------------------------------------------------------------------


def on_security_event(
    sender, action, actor=None, actor_username="", target=None, request=None, detail="", **kwargs
):
    record(
        action,
        actor=actor,
        actor_username=actor_username,
        target=target,
        request=request,
        detail=detail,
    )


def connect():
    """Called once from AuditConfig.ready()."""
    uid = "audit-trail"
    user_logged_in.connect(on_logged_in, dispatch_uid=uid)
    user_login_failed.connect(on_login_failed, dispatch_uid=uid)
    user_logged_out.connect(on_logged_out, dispatch_uid=uid)
    security_event.connect(on_security_event, dispatch_uid=uid)

    article = apps.get_model("articles", "Article")
    previous_state.track(article)
    post_save.connect(
        on_status_change, sender=apps.get_model("articles", "StatusChange"), dispatch_uid=uid
    )
    post_save.connect(on_article_saved, sender=article, dispatch_uid=uid)
    post_delete.connect(on_article_deleted, sender=article, dispatch_uid=uid)

    user = get_user_model()
    pre_save.connect(on_user_saving, sender=user, dispatch_uid=uid)
    post_save.connect(on_user_saved, sender=user, dispatch_uid=uid)
    post_delete.connect(on_user_deleted, sender=user, dispatch_uid=uid)
    m2m_changed.connect(
        _m2m_receiver("groups_changed"),
        sender=user.groups.through,
        dispatch_uid=uid,
        weak=False,
    )
    m2m_changed.connect(
        _m2m_receiver("user_permissions_changed"),
        sender=user.user_permissions.through,
        dispatch_uid=uid,
        weak=False,
    )
    m2m_changed.connect(
        _m2m_receiver("group_permissions_changed"),
        sender=Group.permissions.through,
        dispatch_uid=uid,
        weak=False,
    )

    if apps.is_installed("distribution"):
        subscriber = apps.get_model("distribution", "Subscriber")
        pre_save.connect(on_subscriber_saving, sender=subscriber, dispatch_uid=uid)
        post_save.connect(on_subscriber_saved, sender=subscriber, dispatch_uid=uid)
        post_delete.connect(on_subscriber_deleted, sender=subscriber, dispatch_uid=uid)
