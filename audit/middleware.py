"""Keeps the request under way where the audit trail's receivers can find it.

A model signal (a story deleted, a user's groups changed) says what changed but not who did
it or from where; the request does. This middleware puts it in a context variable for the
length of the request, so `audit.recording` reads the signed-in user, the client's address and
its browser from it. Outside a request (a command, the worker, a shell) there is none, and the
entry says "command". Cost: one context variable set and reset per request.
"""

import contextvars

_current_request = contextvars.ContextVar("audit_current_request", default=None)


def current_request():
    return _current_request.get()


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
