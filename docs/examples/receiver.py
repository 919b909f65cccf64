"""A partner's receiver for trying distribution locally: prints each push and checks its signature.

Run it with the subscriber's secret, then point a subscriber at http://127.0.0.1:9000/:

    NEWSROOM_SECRET=… python docs/examples/receiver.py

PORT changes the port. A real receiver also keeps the event ids it has seen for a day and
ignores repeats (docs/how-to/subscribers.md). tests/test_docs.py checks it against the
signatures the site really sends.
"""

import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


def verify(secret, headers, body, tolerance=300):
    """True when the push was signed with `secret` in the last `tolerance` seconds."""
    timestamp = headers["X-Newsroom-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False  # too old: a replay
    signed = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Newsroom-Signature"])


class Receiver(BaseHTTPRequestHandler):
    """Answers 204 to a push signed with the server's `secret`, 401 to anything else."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        signed = verify(self.server.secret, self.headers, body)
        # Answer first and quickly: Newsroom retries anything but a 2xx.
        self.send_response(204 if signed else 401)
        self.end_headers()
        story = json.loads(body)
        headline = story.get("headline") or story.get("headlines", [{}])[0].get("value")
        print(
            self.headers["X-Newsroom-Event"],
            self.headers["X-Newsroom-Event-Id"],
            "signature ok" if signed else "BAD SIGNATURE",
            headline,
            flush=True,
        )

    def log_message(self, format, *args):
        pass  # one line per push is enough


def serve(secret, port):
    server = HTTPServer(("127.0.0.1", port), Receiver)
    server.secret = secret
    return server


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "9000"))
    server = serve(os.environ["NEWSROOM_SECRET"], port)
    print(f"Listening on http://127.0.0.1:{port}/", flush=True)
    server.serve_forever()
