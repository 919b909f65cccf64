"""When a service the site needs is down: answer what can be answered, say so once a minute.

With the database unreachable, pages the cache holds are still served (fresh, or stale when
they expired: `core/caching/pages.py`); every other request answers 503 with
`Retry-After`: the site's own page for readers, a JSON body for the API. Not a 500: nothing is
broken in the code, and a cache in front (or a client) should come back shortly. Each outage
is logged at most once a minute per kind, not once per request, so a flood of readers during
an outage does not bury the logs (or fill the disk).
"""

import logging
import sys
import time

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from core.media_storage import MediaStoreUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
LOG_INTERVAL_SECONDS = 60


class LastLogged:
    """When each kind of outage was last logged in this process (time.monotonic())."""

    at = {}


def log_at_most_once_a_minute(log, kind, message, *args):
    """Log `message` as an error unless this kind was logged less than a minute ago."""
    now = time.monotonic()
    if now - LastLogged.at.get(kind, float("-inf")) >= LOG_INTERVAL_SECONDS:
        LastLogged.at[kind] = now
        log.error(message, *args)


def is_database_outage(error):
    """A connection that cannot be made or was lost, not a bad query (a bug is a 500)."""
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


def unavailable(request, what="database"):
    """The 503 for a request the site cannot answer while the database (or the media store)
    is down."""
    log_at_most_once_a_minute(logger, what, "The %s is unreachable: answering 503.", what)
    detail = "The service is briefly unavailable. Try again in a minute."
    if what == "media store":
        detail = (
            "The media store is not answering, so this could not be done; nothing was saved. "
            "Try again in a minute."
        )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail}, status=503)
    else:
        # Rendered without the request: the context processors would ask the database.
        context = {"detail": detail} if what != "database" else {}
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged above, once a minute, not by Django each time
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: an unreachable database is a 503, anything else Django's 500 page."""
    error = sys.exc_info()[1]
    if error is not None and is_database_outage(error):
        return unavailable(request)
    if isinstance(error, MediaStoreUnavailable):
        return unavailable(request, "media store")
    return defaults.server_error(request, template_name)
