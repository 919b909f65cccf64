"""The desk's sign-in and security screens, under /admin/security/ (newsroom/urls.py).

Words, not markup; the main action first; nothing is removed, reset, revoked or ended in one
click: each of those has a page that says what will happen, and a button that POSTs.
"""

import base64

import segno
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import events, factors, policy, sessions
from accounts.forms import CodeForm, NewAppForm, NewTokenForm
from accounts.models import AccessToken, SignedInSession

PENDING_APP_KEY = "accounts_pending_totp"
RECOVERY_CODES = 10

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _page(request, template, context, status=200):
    context = {**admin.site.each_context(request), **context}
    return TemplateResponse(request, f"accounts/{template}", context, status=status)


def _next(request):
    """Where to go once done: a path on this site, or the desk's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _with_next(name, next_url, *args):
    return f"{reverse(name, args=args)}?{urlencode({'next': next_url})}"


def _signed_in(view):
    """A signed-in staff account; others go to the desk's sign-in page."""

    def checked(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    checked.__name__ = view.__name__
    checked.__doc__ = view.__doc__
    return never_cache(GET_POST(checked))


def _may_add_factor(request):
    """Adding a factor needs the one already there: no one with a stolen password adds theirs."""
    user = request.user
    return user.is_verified() or not factors.has_any(user)


# The sign-in's second step and the first factor.


@_signed_in
def second_step(request):
    user, next_url = request.user, _next(request)
    if user.is_verified():
        return redirect(next_url)
    if not factors.has_any(user):
        return redirect(_with_next("accounts:enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, refusal = factors.match_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                events.send(
                    "recovery_code_used",
                    actor=user,
                    target=user,
                    request=request,
                    detail=f"{left} left",
                )
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} left. "
                    "If you lost your device, remove it and add a new one now.",
                )
            return redirect(next_url)
        form.add_error("code", refusal)
    context = {
        "title": "Second step: show it is you",
        "form": form,
        "next": next_url,
        "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
        "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    }
    return _page(request, "second_step.html", context)


@_signed_in
def enrol(request):
    user, next_url = request.user, _next(request)
    if not _may_add_factor(request):
        return redirect(_with_next("accounts:second_step", next_url))
    context = {
        "title": "Add a second factor" if factors.has_any(user) else "Set up your second factor",
        "required": policy.factor_required(user) and not policy.has_factor(user),
        "next": next_url,
        "after_passkey": _with_next("accounts:added", next_url),
    }
    return _page(request, "enrol.html", context)


@_signed_in
def new_app(request):
    user, next_url = request.user, _next(request)
    if not _may_add_factor(request):
        return redirect(_with_next("accounts:second_step", next_url))
    device = TOTPDevice.objects.filter(
        pk=request.session.get(PENDING_APP_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[PENDING_APP_KEY] = device.pk
    form = NewAppForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            device.name = form.cleaned_data["name"]
            device.confirmed = True
            device.save()
            del request.session[PENDING_APP_KEY]
            factors.added(request, device)
            return redirect(_with_next("accounts:added", next_url))
        form.add_error(
            "code",
            "That code is not the one the app shows now. Check that the app has this key and "
            "that the phone's clock is right, then type the code it shows."
            if allowed
            else "Too many wrong codes: wait a few seconds, then type the code the app shows.",
        )
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "title": "Add an authenticator app",
        "form": form,
        "next": next_url,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "config_url": device.config_url,
        "config_qr": setup_qr_code(device.config_url),
    }
    return _page(request, "new_app.html", context)


def setup_qr_code(config_url):
    """The app's setup link as a QR code, an inline SVG drawn here (no image from elsewhere,
    no inline style: the desk's Content-Security-Policy allows neither). Hidden from screen
    readers: the key beside it says the same in words."""
    svg = segno.make(config_url, error="m").svg_inline(scale=4, border=4, svgclass="accounts-qr")
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


@_signed_in
def added(request):
    """After a factor is added: recovery codes, if there are none yet; else onwards."""
    next_url = _next(request)
    if not request.user.is_verified():
        return redirect(_with_next("accounts:second_step", next_url))
    if factors.recovery_codes_left(request.user):
        messages.success(request, "Your second factor is ready.")
        return redirect(next_url)
    return redirect(_with_next("accounts:recovery_codes", next_url))


@_signed_in
def recovery_codes(request):
    user, next_url = request.user, _next(request)
    if not user.is_verified():
        where = "accounts:second_step" if factors.has_any(user) else "accounts:enrol"
        return redirect(_with_next(where, next_url))
    if request.method == "POST":
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=factors.RECOVERY_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        events.send("recovery_codes_generated", actor=user, target=user, request=request, detail="")
        context = {"title": "Your recovery codes", "codes": codes, "next": next_url}
        return _page(request, "recovery_codes_shown.html", context)
    context = {
        "title": "Recovery codes",
        "left": factors.recovery_codes_left(user),
        "next": next_url,
    }
    return _page(request, "recovery_codes.html", context)


# One's own security page, and what it links to.


def _security_context(request, person):
    return {
        "person": person,
        "factors": factors.listed(person),
        "recovery_left": factors.recovery_codes_left(person),
        "tokens": list(AccessToken.objects.filter(user=person)),
        "sessions": list(SignedInSession.objects.filter(user=person)),
        "current_session": sessions.current_record_id(request),
        "required": policy.factor_required(person),
        "now": timezone.now(),
    }


@_signed_in
def security(request):
    context = _security_context(request, request.user)
    context["title"] = "Your sign-in and security"
    context["is_self"] = True
    context["may_create_token"] = request.user.is_verified()
    return _page(request, "security.html", context)


def _factor(user, kind, pk):
    model = factors.KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of factor.")
    return get_object_or_404(model, pk=pk, user=user, confirmed=True)


@_signed_in
def remove_factor(request, kind, pk):
    user = request.user
    device = _factor(user, kind, pk)
    last = policy.factor_required(user) and factors.count(user) <= 1
    if request.method == "POST" and not last:
        label = factors.describe(device)
        device.delete()
        events.send("factor_removed", actor=user, target=user, request=request, detail=label)
        messages.success(request, f"{label} removed.")
        return redirect("accounts:security")
    context = {"title": "Remove a second factor", "device": factors.describe(device), "last": last}
    return _page(request, "remove_factor.html", context)


@_signed_in
def new_token(request):
    user = request.user
    if not user.is_verified():
        # Only a session that passed a second factor makes tokens: a stolen password alone
        # must not turn into a key that outlives the session.
        context = {"title": "Create an API token", "refused": True}
        return _page(request, "new_token.html", context, status=403)
    form = NewTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = AccessToken.issue(
            user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        events.send("token_created", actor=user, target=token, request=request, detail=token.name)
        context = {"title": "Your new API token", "token": token, "key": key}
        return _page(request, "token_shown.html", context)
    return _page(request, "new_token.html", {"title": "Create an API token", "form": form})


def _owned_or_managed(request, owner):
    return owner.pk == request.user.pk or policy.may_manage_others(request.user)


def _back(request, owner):
    if owner.pk == request.user.pk:
        return reverse("accounts:security")
    return reverse("accounts:person", args=[owner.pk])


@_signed_in
def revoke_token(request, pk):
    token = get_object_or_404(AccessToken.objects.select_related("user"), pk=pk)
    if not _owned_or_managed(request, token.user):
        raise Http404("No such token.")
    if request.method == "POST" and token.revoked_at is None:
        AccessToken.objects.filter(pk=token.pk).update(
            revoked_at=timezone.now(), revoked_by=request.user
        )
        events.send(
            "token_revoked", actor=request.user, target=token, request=request, detail=token.name
        )
        messages.success(request, f"The token “{token.name}” no longer works.")
        return redirect(_back(request, token.user))
    context = {"title": "Revoke an API token", "token": token, "back": _back(request, token.user)}
    return _page(request, "revoke_token.html", context)


@_signed_in
def end_session(request, pk):
    record = get_object_or_404(SignedInSession.objects.select_related("user"), pk=pk)
    if not _owned_or_managed(request, record.user):
        raise Http404("No such session.")
    is_current = record.pk == sessions.current_record_id(request)
    if request.method == "POST":
        back = _back(request, record.user)
        sessions.end_session(record, actor=request.user, request=request)
        if is_current:
            return redirect("admin:login")
        messages.success(request, f"{record.device} is signed out.")
        return redirect(back)
    context = {
        "title": "Sign a browser out",
        "record": record,
        "is_current": is_current,
        "back": _back(request, record.user),
    }
    return _page(request, "end_session.html", context)


@_signed_in
def end_other_sessions(request):
    others = SignedInSession.objects.filter(user=request.user).exclude(
        pk=sessions.current_record_id(request)
    )
    if request.method == "POST":
        ended = sessions.end_other_sessions(
            request.user,
            keep_record_id=sessions.current_record_id(request),
            actor=request.user,
            request=request,
        )
        messages.success(request, f"{ended} other browser{'s' if ended != 1 else ''} signed out.")
        return redirect("accounts:security")
    context = {"title": "Sign out everywhere else", "others": list(others)}
    return _page(request, "end_other_sessions.html", context)


# Editors: other people's factors, tokens and sessions.


def _manager(view):
    def checked(request, *args, **kwargs):
        if not policy.may_manage_others(request.user):
            context = {"title": "Not allowed"}
            return _page(request, "not_allowed.html", context, status=403)
        return view(request, *args, **kwargs)

    checked.__name__ = view.__name__
    return _signed_in(checked)


@_manager
def people(request):
    users = get_user_model().objects.filter(is_staff=True).order_by("username")
    rows = factors.overview(users)
    return _page(request, "people.html", {"title": "People's sign-in", "rows": rows})


@_manager
def person(request, user_id):
    subject = get_object_or_404(get_user_model(), pk=user_id)
    if subject.pk == request.user.pk:
        return redirect("accounts:security")
    context = _security_context(request, subject)
    context["title"] = f"Sign-in and security of {subject}"
    context["is_self"] = False
    return _page(request, "security.html", context)


@_manager
def reset_factors(request, user_id):
    subject = get_object_or_404(get_user_model(), pk=user_id)
    if subject.pk == request.user.pk:
        return redirect("accounts:security")
    if request.method == "POST":
        factors.reset(subject, actor=request.user, request=request)
        messages.success(
            request,
            f"{subject}'s second factors are removed and every browser of theirs is signed out. "
            "At their next sign-in they set up a new factor.",
        )
        return redirect("accounts:person", subject.pk)
    context = {
        "title": f"Reset the second factors of {subject}",
        "subject": subject,
        "factors": factors.listed(subject),
    }
    return _page(request, "reset_factors.html", context)
