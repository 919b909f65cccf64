"""Second factors: django-otp's devices seen as one list (passkeys, authenticator apps,
recovery codes), matching a typed code, and resetting them all."""

from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import events, sessions

RECOVERY_NAME = "Recovery codes"
# The kinds one can remove from the security page, by the name in its address.
KINDS = {"passkey": WebAuthnCredential, "app": TOTPDevice}
KIND_WORDS = {WebAuthnCredential: "Passkey or security key", TOTPDevice: "Authenticator app"}


def has_any(user):
    """Any confirmed device, recovery codes included: then the second step asks for one."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def count(user):
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).count()
        + WebAuthnCredential.objects.filter(user=user, confirmed=True).count()
    )


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def describe(device):
    return f"{KIND_WORDS.get(type(device), 'Factor')} “{device.name}”"


def listed(user):
    """Each passkey and app: kind, name, when added, last used; for the security pages."""
    rows = []
    for kind, model in KINDS.items():
        for device in model.objects.filter(user=user, confirmed=True):
            rows.append(
                {
                    "kind": kind,
                    "kind_words": KIND_WORDS[model],
                    "name": device.name,
                    "pk": device.pk,
                    "added": getattr(device, "created_at", None),
                    "last_used": getattr(device, "last_used_at", None),
                }
            )
    return rows


def overview(users):
    """For the editors' list: each account, whether it has a factor and must have one."""
    from accounts import policy

    with_app = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    with_key = set(
        WebAuthnCredential.objects.filter(confirmed=True).values_list("user_id", flat=True)
    )
    return [
        {
            "user": user,
            "has_factor": user.pk in with_app or user.pk in with_key,
            "required": policy.factor_required(user),
        }
        for user in users
    ]


def _locked_words(data):
    until = data.get("locked_until") if data else None
    if until is not None:
        seconds = max(int((until - timezone.now()).total_seconds()) + 1, 1)
        return (
            f"Too many wrong codes: this account is locked for {seconds} more "
            f"second{'s' if seconds != 1 else ''}. Wait, then type a fresh code."
        )
    return "Too many wrong codes: wait a little, then type a fresh code."


def match_code(user, code):
    """The device whose code this is, or None and the words saying why not.

    django-otp throttles each device: after a wrong code the next try must wait 1, 2, 4, 8…
    seconds; a code once used (TOTP's time step, a recovery code) never works again.
    """
    apps = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    recovery = list(StaticDevice.objects.filter(user=user, confirmed=True))
    # A code is tried on the devices it can be for: an app's code is its number of digits, a
    # recovery code is not. So a recovery code never counts as a wrong app code (which would
    # lock the app for the next try), nor an app's code as a wrong recovery code.
    is_app_code = code.isdigit() and any(len(code) == device.digits for device in apps)
    candidates = apps if is_app_code else recovery
    locked = None
    for device in candidates:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                locked = data
            continue
        token = code.lower() if isinstance(device, StaticDevice) else code
        if device.verify_token(token):
            return device, None
    if locked is not None:
        return None, _locked_words(locked)
    if not apps and not recovery:
        return None, "Your account has no authenticator app or recovery codes: use your passkey."
    return None, (
        "That code is not right, or it was used already. Type the code your authenticator "
        "app shows now, or an unused recovery code."
    )


def added(request, device):
    """A factor was just confirmed: the session counts as having passed it, and it is told."""
    if not request.user.is_verified():
        otp_login(request, device)
    events.send(
        "factor_added",
        actor=request.user,
        target=request.user,
        request=request,
        detail=describe(device),
    )


def reset(user, *, actor=None, request=None):
    """A lost device: every factor and recovery code goes, and every session of theirs ends.
    At the next sign-in they set up a new factor (if their role needs one) from scratch."""
    removed = [describe(d) for model in KINDS.values() for d in model.objects.filter(user=user)]
    for model in (*KINDS.values(), StaticDevice):
        model.objects.filter(user=user).delete()
    events.send(
        "factors_reset",
        actor=actor,
        target=user,
        request=request,
        detail=", ".join(removed) or "no factors",
    )
    sessions.end_other_sessions(user, actor=actor, request=request, reason="factors reset")
