"""Signed-in sessions: recorded at sign-in, seen at most once a minute, ended on request.

Ending one deletes the Django session itself, so that browser is signed out at its next
request. The record keeps only a hash of the session key; to delete the session the key is
found again by hashing the keys of the unexpired sessions (ending is rare; the desk has
dozens of sessions, not millions). This needs a database session engine (Django's default,
`db`, or `cached_db`).
"""

import re
import time
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts import events
from accounts.models import SignedInSession, digest

RECORD_KEY = "accounts_session"  # the record's id, in the session's own data
SEEN_KEY = "accounts_seen"  # when the record was last written (epoch seconds)
SEEN_EVERY_SECONDS = 60

BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-requests/", "a Python script"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


def device_in_words(user_agent):
    """ "Firefox on Windows", from a User-Agent header; "An unknown browser" when unsure."""
    user_agent = user_agent or ""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if re.search(r"HeadlessChrome/", user_agent):
        browser = "Headless Chrome"
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else "An unknown browser")


def client_address(request):
    # REMOTE_ADDR as it is, as the login throttle does (newsroom/admin_site.py): behind a
    # proxy, the proxy sets it; X-Forwarded-For is a header anyone can write.
    return request.META.get("REMOTE_ADDR") or None


def record_sign_in(request, user):
    """Called at sign-in (user_logged_in), once the session has its new key."""
    session = request.session
    if not session.session_key:
        session.save()
    record = SignedInSession.objects.create(
        user=user,
        key_hash=digest(session.session_key),
        device=device_in_words(request.META.get("HTTP_USER_AGENT", ""))[:100],
        address=client_address(request),
    )
    session[RECORD_KEY] = record.pk
    session[SEEN_KEY] = time.time()
    return record


def touch(request):
    """Keep the record's last-seen time (at most once a minute) and follow a changed key.

    Returns False when the record is gone: the session was ended elsewhere.
    """
    session = request.session
    record_id = session.get(RECORD_KEY)
    if record_id is None:  # a session from before this app: record it now
        record_sign_in(request, request.user)
        return True
    now = time.time()
    if now - session.get(SEEN_KEY, 0) < SEEN_EVERY_SECONDS:
        return True
    updated = SignedInSession.objects.filter(pk=record_id, user=request.user).update(
        last_seen_at=timezone.now(),
        address=client_address(request),
        key_hash=digest(session.session_key),
    )
    session[SEEN_KEY] = now
    return bool(updated)


def follow_key(request):
    """After a view changed the session's key (a password change cycles it), the record
    follows: otherwise this very browser could not be told from the others."""
    session = getattr(request, "session", None)
    if session is None or not session.session_key:
        return
    record_id = session.get(RECORD_KEY)
    known = session.get("accounts_key")
    current = digest(session.session_key)[:16]
    if record_id is not None and known != current:
        SignedInSession.objects.filter(pk=record_id).update(key_hash=digest(session.session_key))
        session["accounts_key"] = current


def current_record_id(request):
    session = getattr(request, "session", None)
    return session.get(RECORD_KEY) if session is not None else None


def _delete_django_session(key_hash):
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = Session.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", flat=True
    )
    for key in keys.iterator():
        if digest(key) == key_hash:
            store(session_key=key).delete()
            return True
    return False


def end_session(record, *, actor=None, request=None, reason="ended"):
    """Sign that browser out: its Django session is deleted, and the record with it."""
    _delete_django_session(record.key_hash)
    record.delete()
    events.send(
        "session_ended",
        actor=actor,
        target=record.user,
        request=request,
        detail=f"{record.device}, {record.address or 'unknown address'} ({reason})",
    )


def end_other_sessions(user, *, keep_record_id=None, actor=None, request=None, reason="ended"):
    """Every session of `user` but one (the browser asking, if it is theirs); returns how many."""
    records = list(SignedInSession.objects.filter(user=user).exclude(pk=keep_record_id))
    for record in records:
        end_session(record, actor=actor, request=request, reason=reason)
    return len(records)
