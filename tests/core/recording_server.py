"""A local HTTP server that records every request and answers as a test scripts it: the CDN
APIs' stand-in (no network in tests)."""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    method: str
    path: str
    headers: object  # an email.message.Message: names in any case
    body: bytes

    def json(self):
        return json.loads(self.body)


class RecordingServer:
    """`answers` is a list of (status, body) given in turn; after the last, 200 `default`."""

    def __init__(self, default=b'{"status": "ok", "success": true}'):
        self.requests = []
        self.answers = []
        self.default = default
        server = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self):
                length = int(self.headers.get("Content-Length") or 0)
                server.requests.append(
                    Recorded(self.command, self.path, self.headers, self.rfile.read(length))
                )
                status, body = server.answers.pop(0) if server.answers else (200, server.default)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PURGE = handle_one

            def log_message(self, *args):  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.httpd.shutdown()
        self.httpd.server_close()
