"""A small HTTP server on its own thread: GET /healthz answers IETF health+json
(draft-inadarei-api-health-check), GET /metrics answers Prometheus text."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import SERVICE, __version__
from .metrics import CONTENT_TYPE, Registry
from .runner import State

log = logging.getLogger(__name__)

# Three failed queue calls in a row (about 7 seconds of back-off) make the worker unhealthy.
QUEUE_FAIL_AFTER = 3


def health_document(state: State, stall_seconds: float) -> dict:
    since_beat, queue_errors, last_error = state.snapshot()
    time = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    loop = {
        "componentType": "component",
        "observedValue": round(since_beat, 1),
        "observedUnit": "s",
        "status": "pass" if since_beat <= stall_seconds else "fail",
        "time": time,
    }
    if loop["status"] == "fail":
        loop["output"] = f"no loop iteration for {since_beat:.0f} s (a job or a queue call is stuck)"
    queue = {
        "componentType": "datastore",
        "observedValue": queue_errors,
        "observedUnit": "failed calls in a row",
        "status": "pass" if queue_errors == 0 else "warn" if queue_errors < QUEUE_FAIL_AFTER else "fail",
        "time": time,
    }
    if last_error:
        queue["output"] = last_error
    statuses = {loop["status"], queue["status"]}
    status = "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"
    return {
        "status": status,
        "version": __version__.split(".")[0],
        "releaseId": __version__,
        "serviceId": SERVICE,
        "checks": {"worker:loop": [loop], "queue:connection": [queue]},
    }


class HealthServer:
    def __init__(self, port: int, state: State, registry: Registry, stall_seconds: float, host: str = "") -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            server_version = SERVICE

            def do_GET(self) -> None:
                if self.path.split("?")[0] == "/healthz":
                    document = health_document(owner.state, owner.stall_seconds)
                    code = 503 if document["status"] == "fail" else 200
                    self._send(code, "application/health+json", json.dumps(document).encode())
                elif self.path.split("?")[0] == "/metrics":
                    self._send(200, CONTENT_TYPE, owner.registry.render().encode())
                else:
                    self._send(404, "application/problem+json", json.dumps({"title": "Not Found", "status": 404}).encode())

            def _send(self, code: int, content_type: str, body: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:
                log.debug("http request", extra={"request": format % args})

        self.state, self.registry, self.stall_seconds = state, registry, stall_seconds
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="health-http", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
