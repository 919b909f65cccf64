"""What accounts does when someone signs in or out, or a password changes."""

import contextvars

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save, pre_save

from accounts import events, policy, sessions
from accounts.models import SignedInSession

# The request being served (set by accounts.middleware), for receivers of model signals that
# must know who acted and which browser is theirs.
current_request = contextvars.ContextVar("accounts_current_request", default=None)

SECOND_STEP_KEY = "accounts_second_step"  # the account had a factor when it signed in


def signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    sessions.record_sign_in(request, user)
    # A reporter who added a factor is asked for it too; asked once here, not on every page.
    request.session[SECOND_STEP_KEY] = policy.has_factor(user)


def signed_out(sender, request, user, **kwargs):
    record_id = sessions.current_record_id(request) if request is not None else None
    if record_id is not None:
        SignedInSession.objects.filter(pk=record_id).delete()


def password_about_to_change(sender, instance, raw=False, **kwargs):
    # AbstractBaseUser.set_password keeps the new password in `_password` until the save.
    instance._accounts_password_changed = (
        not raw and instance.pk is not None and getattr(instance, "_password", None) is not None
    )


def password_changed(sender, instance, created=False, raw=False, **kwargs):
    if created or raw or not getattr(instance, "_accounts_password_changed", False):
        return
    instance._accounts_password_changed = False
    request = current_request.get()
    actor = getattr(request, "user", None) if request is not None else None
    keep = None
    if actor is not None and getattr(actor, "pk", None) == instance.pk:
        keep = sessions.current_record_id(request)  # the person changing it stays signed in
    events.send("password_changed", actor=actor, target=instance, request=request)
    sessions.end_other_sessions(
        instance, keep_record_id=keep, actor=actor, request=request, reason="password changed"
    )


def connect():
    user_model = get_user_model()
    user_logged_in.connect(signed_in, dispatch_uid="accounts.signed_in")
    user_logged_out.connect(signed_out, dispatch_uid="accounts.signed_out")
    pre_save.connect(password_about_to_change, sender=user_model, dispatch_uid="accounts.pw1")
    post_save.connect(password_changed, sender=user_model, dispatch_uid="accounts.pw2")
