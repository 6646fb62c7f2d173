import json
import urllib.error
import urllib.request

import pytest

from worker.health import HealthServer
from worker.metrics import Counter, Registry
from worker.runner import State


@pytest.fixture
def server():
    state, registry = State(), Registry()
    Counter(registry, "worker_jobs_total", "Jobs.", ("outcome",)).inc(outcome="succeeded")
    health = HealthServer(0, state, registry, stall_seconds=60, host="127.0.0.1")
    health.start()
    yield health
    health.stop()


def get(server, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_healthz_passes_as_health_json(server):
    status, headers, body = get(server, "/healthz")
    assert status == 200
    assert headers["Content-Type"] == "application/health+json"
    document = json.loads(body)
    assert document["status"] == "pass"
    assert document["checks"]["worker:loop"][0]["status"] == "pass"
    assert document["checks"]["queue:connection"][0]["status"] == "pass"


def test_queue_errors_warn_then_fail(server):
    server.state.queue_failed(OSError("connection refused"))
    status, _, body = get(server, "/healthz")
    assert (status, json.loads(body)["status"]) == (200, "warn")
    server.state.queue_failed(OSError("connection refused"))
    server.state.queue_failed(OSError("connection refused"))
    status, _, body = get(server, "/healthz")
    document = json.loads(body)
    assert (status, document["status"]) == (503, "fail")
    assert document["checks"]["queue:connection"][0]["output"] == "connection refused"


def test_a_stalled_loop_fails(server):
    server.state.last_beat -= 120
    status, _, body = get(server, "/healthz")
    assert (status, json.loads(body)["checks"]["worker:loop"][0]["status"]) == (503, "fail")


def test_metrics_are_prometheus_text(server):
    status, headers, body = get(server, "/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "# TYPE worker_jobs_total counter\n" in body.decode()
    assert 'worker_jobs_total{outcome="succeeded"} 1\n' in body.decode()


def test_unknown_paths_are_404(server):
    assert get(server, "/nope")[0] == 404
