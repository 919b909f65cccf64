"""Each machine's last good copy of its public pages, for when the database is down.

With the local-memory cache (no `REDIS_URL`) every server process keeps its own pages: a page
warmed by one gunicorn worker is unknown to the other, and with the database stopped that other
worker had nothing to serve but a 503 — the front page included, although "cached pages are
served stale" was the promise. So every process also leaves a copy of each page it makes in
one SQLite file per machine (`NEWSROOM_OUTAGE_COPIES_PATH`, in the temporary folder by
default), with the page's surrogate keys; and every purge is written there too. When the
database fails and the process has no page of its own, the machine's copy is served, unless a
purge of one of its keys came after it was made: a withdrawn story stays withdrawn.

What it costs: one small write when a process makes a page it has not copied in the last
`COPY_INTERVAL_SECONDS` (a page read a thousand times a minute is written about twice a
minute per process), one write per purge, and a read only during an outage. A failure of the
file (full disk, locked) is logged once a minute and never fails a page. With Redis, pages and
purges are shared by every process already, and this is off.
"""

import hashlib
import json
import logging
import pickle
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings

from core.availability import log_at_most_once_a_minute

logger = logging.getLogger(__name__)

COPY_INTERVAL_SECONDS = 30
PRUNE_EVERY_WRITES = 500
SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    address TEXT PRIMARY KEY, started INTEGER, keys TEXT, response BLOB, expires_at REAL
);
CREATE TABLE IF NOT EXISTS purges (key TEXT PRIMARY KEY, version INTEGER);
"""


class Local(threading.local):
    connection = None
    path = None


class Written:
    """When this process last copied each address: {address: time.monotonic()}."""

    at = {}
    count = 0


_local = Local()


def enabled():
    return (
        settings.NEWSROOM_OUTAGE_COPIES
        and "redis" not in settings.CACHES["default"]["BACKEND"].lower()
    )


def default_path():
    """One file per site and database on this machine."""
    database = settings.DATABASES["default"]
    identity = (
        f"{settings.BASE_DIR}|{database.get('HOST')}|{database.get('PORT')}|{database['NAME']}"
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"newsroom-outage-copies-{digest}.sqlite3"


def connection():
    path = str(settings.NEWSROOM_OUTAGE_COPIES_PATH or default_path())
    if _local.connection is None or _local.path != path:
        database = sqlite3.connect(path, timeout=1, isolation_level=None)
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("PRAGMA synchronous=OFF")  # a copy lost with the machine is no loss
        database.executescript(SCHEMA)
        _local.connection, _local.path = database, path
    return _local.connection


def _guarded(action):
    try:
        return action()
    except (sqlite3.Error, OSError, pickle.PicklingError) as error:
        log_at_most_once_a_minute(
            logger, "outage-copies", "The pages' outage copies are unavailable: %s", error
        )
        _local.connection = None
        return None


def keep(address, entry):
    """Copy a page just made, unless this process copied it lately."""
    if not enabled():
        return
    now = time.monotonic()
    if now - Written.at.get(address, float("-inf")) < COPY_INTERVAL_SECONDS:
        return
    Written.at[address] = now
    expires_at = time.time() + entry.seconds_left() + settings.NEWSROOM_STALE_IF_ERROR_SECONDS

    def write():
        database = connection()
        database.execute(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)",
            (address, entry.started, json.dumps(sorted(entry.keys)),
             pickle.dumps(entry.response, pickle.HIGHEST_PROTOCOL), expires_at),
        )  # fmt: skip
        Written.count += 1
        if Written.count % PRUNE_EVERY_WRITES == 0:
            database.execute("DELETE FROM pages WHERE expires_at < ?", (time.time(),))

    _guarded(write)


def purged(keys, version):
    """Record a purge: copies of pages showing these keys are never served again."""
    if not enabled():
        return
    rows = [(key, version) for key in keys]
    _guarded(
        lambda: connection().executemany(
            "INSERT INTO purges VALUES (?, ?) ON CONFLICT(key) "
            "DO UPDATE SET version = max(version, excluded.version)",
            rows,
        )
    )


def find(address, everything_key):
    """The machine's copy of the page at `address` if no purge overtook it: (response, keys,
    started) or None."""
    if not enabled():
        return None

    def read():
        database = connection()
        row = database.execute(
            "SELECT started, keys, response FROM pages WHERE address = ? AND expires_at > ?",
            (address, time.time()),
        ).fetchone()
        if row is None:
            return None
        started, keys, response = row
        keys = json.loads(keys)
        wanted = [*keys, everything_key]
        marks = ",".join("?" * len(wanted))
        newest = database.execute(
            f"SELECT max(version) FROM purges WHERE key IN ({marks})", wanted
        ).fetchone()[0]
        if newest is not None and newest > started:
            return None
        return pickle.loads(response), set(keys), started

    return _guarded(read)
