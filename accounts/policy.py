"""Who must have a second factor, and who may manage other people's sign-in.

Anyone who can publish, schedule or withdraw, manage subscribers, users, groups or other
people's security must have one; with NEWSROOM_REQUIRE_SECOND_FACTOR_FOR_ALL, every staff
account must. A reporter may add one, and is then asked for it at every sign-in.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

MANAGE_OTHERS = "accounts.manage_security"


def factor_permissions():
    user_model = get_user_model()._meta
    return (
        "articles.publish_article",
        "distribution.add_subscriber",
        "distribution.change_subscriber",
        "distribution.delete_subscriber",
        f"{user_model.app_label}.add_{user_model.model_name}",
        f"{user_model.app_label}.change_{user_model.model_name}",
        f"{user_model.app_label}.delete_{user_model.model_name}",
        "auth.add_group",
        "auth.change_group",
        MANAGE_OTHERS,
    )


def factor_required(user):
    """Whether this account may use the desk or the API only after a second factor."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if user.is_staff and settings.NEWSROOM_REQUIRE_SECOND_FACTOR_FOR_ALL:
        return True
    # has_perm loads the account's permissions once and keeps them on the user object, which
    # the desk's own checks read again in the same request.
    return any(user.has_perm(permission) for permission in factor_permissions())


def has_factor(user):
    """A confirmed passkey or authenticator app (recovery codes alone are not a factor)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def may_manage_others(user):
    return user.is_authenticated and user.is_active and user.has_perm(MANAGE_OTHERS)
