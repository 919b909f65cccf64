"""The desk's door: no desk page without the second factor one's role requires.

After django_otp's OTPMiddleware (which tells whether this session passed a factor):
- an account that must have a factor and has not passed one this session is sent, on any
  desk page (/admin/…), to the second step (it has a factor) or to set one up (it has none),
  and can do nothing else there; elsewhere on the site it is a reader like any other;
- every signed-in browser's record is kept (accounts/sessions.py), and a browser whose
  session was ended is signed out.
Requests without a session cookie pass untouched: the public pages' caching stays as it was.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts import policy, sessions
from accounts.receivers import SECOND_STEP_KEY, current_request

DESK_PREFIX = "/admin/"
# What an account still waiting for its second factor may open.
OPEN_WHILE_WAITING = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/security/second-step/",
    "/admin/security/factors/new/",
    "/admin/security/recovery-codes/",
    "/admin/security/webauthn/",
)


def must_pass_second_step(request):
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return bool(request.session.get(SECOND_STEP_KEY)) or policy.factor_required(user)


class AccountsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self._before(request)
            if response is None:
                response = self.get_response(request)
            sessions.follow_key(request)
            return response
        finally:
            current_request.reset(token)

    def _before(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        if not request.user.is_authenticated:
            return None
        if not sessions.touch(request):
            logout(request)  # this session was ended from another browser
            return None
        if not must_pass_second_step(request):
            return None
        path = request.path_info
        if not path.startswith(DESK_PREFIX):
            # The public site and the API: a reader until the second step is passed.
            request.user = request._cached_user = AnonymousUser()
            return None
        if path.startswith(OPEN_WHILE_WAITING):
            return None
        if request.method not in ("GET", "HEAD"):
            return HttpResponseForbidden(
                "Your account needs its second factor before it can do this. "
                "Open the desk to sign in with it.",
                content_type="text/plain; charset=utf-8",
            )
        query = urlencode({"next": request.get_full_path()})
        where = "accounts:second_step" if policy.has_factor(request.user) else "accounts:enrol"
        return redirect(f"{reverse(where)}?{query}")
