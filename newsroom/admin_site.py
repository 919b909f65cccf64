"""The desk's admin site: Django's, with a login that stops password guessing.

Its own module, because Django imports the site class while the admin modules that register
models on it are still loading.
"""

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.template.response import TemplateResponse

from core.signals import security_event


class NewsroomAdminSite(admin.AdminSite):
    """The admin, with a login that stops password guessing.

    Failed attempts are counted per account and per client address in the cache; past the
    limit the login answers 429 until the window has passed, even with the right password,
    so a guesser learns nothing. REMOTE_ADDR is used as it is: behind a proxy, configure the
    proxy to set it (X-Forwarded-For is a header anyone can write).
    """

    site_header = site_title = f"{settings.SITE_NAME} desk"
    index_title = "Stories, people, events and agreements"

    def login(self, request, extra_context=None):
        if request.method != "POST":
            return super().login(request, extra_context)
        keys = _login_failure_keys(request)
        if _too_many_failures(keys):
            # Never reaches Django's failure signal (no password is checked): said apart, with
            # the name tried, for the audit trail.
            security_event.send(
                sender="newsroom",
                action="sign_in_refused",
                actor_username=request.POST.get("username", "")[:150],
                request=request,
                detail="Too many failed sign-ins from this account or address: "
                "refused without checking the password.",
            )
            return _too_many_attempts_response(request, self)
        response = super().login(request, extra_context)
        if request.user.is_authenticated:
            cache.delete(keys[0])  # the account's slate is clean; the address keeps its count
        else:
            for key in keys:
                cache.add(key, 0, timeout=settings.ADMIN_LOGIN_WINDOW_SECONDS)
                cache.incr(key)
        return response


def _login_failure_keys(request):
    username = request.POST.get("username", "")[:150].strip().lower()
    address = request.META.get("REMOTE_ADDR", "")
    return [f"admin-login:user:{username}", f"admin-login:address:{address}"]


def _too_many_failures(keys):
    counts = cache.get_many(keys)
    return (
        counts.get(keys[0], 0) >= settings.ADMIN_LOGIN_FAILURES_PER_USERNAME
        or counts.get(keys[1], 0) >= settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS
    )


def _too_many_attempts_response(request, site):
    minutes = max(settings.ADMIN_LOGIN_WINDOW_SECONDS // 60, 1)
    context = {
        **site.each_context(request),
        "title": "Too many failed logins",
        "minutes": minutes,
    }
    response = TemplateResponse(request, "admin/login_throttled.html", context, status=429)
    response["Retry-After"] = str(settings.ADMIN_LOGIN_WINDOW_SECONDS)
    return response
