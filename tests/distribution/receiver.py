"""A subscriber's receiver: a real HTTP server on 127.0.0.1 in the test process.

It checks every push's signature as a partner would (docs/how-to/subscribers.md), and answers
from a script: a list of behaviours used one per request, then 200s (`trouble` adds some on
demand: 500s, 429s with a Retry-After, or no answer before the sender's timeout). Each push
notes when it arrived by the site's clock (`django.utils.timezone.now`, which the `clock`
fixture moves), so a test can ask what was public at that moment.
"""

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone

# What the receiver does with a request: answer a status (with headers), wait past the
# sender's timeout, or close the connection without a word.
OK = ("status", 200, {}, b"ok")


def status(code, body=b"ok", **headers):
    return (
        "status",
        code,
        {name.replace("_", "-"): value for name, value in headers.items()},
        body,
    )


def hang(seconds):
    return ("hang", seconds, {}, b"")


CLOSE = ("close", None, {}, b"")


@dataclass
class Push:
    path: str
    headers: dict
    body: bytes
    answered: int | None  # the status code answered, None when it hung or closed
    arrived_at: datetime | None = None  # by the site's clock

    @property
    def event_id(self):
        return self.headers["X-Newsroom-Event-Id"]

    @property
    def kind(self):
        return self.headers["X-Newsroom-Event"]

    @property
    def document(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str = ""
    script: list = field(default_factory=list)
    pushes: list = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    url: str = ""

    def trouble(self, kind, times=1, *, timeout=1.0):
        """The next `times` requests fail: "500", "429" (Retry-After: 60) or "timeout" (no
        answer for `timeout` seconds: set the sender's timeout below it)."""
        behaviour = {
            "500": status(500),
            "429": status(429, Retry_After="60"),
            "timeout": hang(timeout),
        }[kind]
        self.script.extend([behaviour] * times)

    def signature_is_valid(self, push):
        """The docs' check (docs/how-to/subscribers.md), word for word."""
        timestamp = push.headers["X-Newsroom-Timestamp"]
        expected = hmac.new(
            self.secret.encode(), f"{timestamp}.".encode() + push.body, hashlib.sha256
        ).hexdigest()
        fresh = abs(time.time() - int(timestamp)) < 300
        return fresh and hmac.compare_digest(
            push.headers["X-Newsroom-Signature"], f"sha256={expected}"
        )

    def accepted(self):
        """What the receiver took in: the pushes it answered with a 2xx, once per event id."""
        seen, unique = set(), []
        for push in self.pushes:
            if (
                push.answered is not None
                and 200 <= push.answered < 300
                and push.event_id not in seen
            ):
                seen.add(push.event_id)
                unique.append(push)
        return unique


def start_receiver(secret=""):
    receiver = Receiver(secret=secret)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            with lock:
                action, value, extra, payload = receiver.script.pop(0) if receiver.script else OK
            push = Push(self.path, dict(self.headers.items()), body, None, timezone.now())
            receiver.pushes.append(push)
            receiver.arrived.set()
            if action == "hang":
                receiver.release.wait(value)
                return  # the sender gave up long ago; answer nothing
            if action == "close":
                self.close_connection = True
                return
            push.answered = value
            self.send_response(value)
            for name, header_value in extra.items():
                self.send_header(name, header_value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_port}/newsroom/push"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return receiver, server
