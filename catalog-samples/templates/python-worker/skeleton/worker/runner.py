"""The worker loop: take a job, run it, then acknowledge, retry or dead-letter it."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable

from .metrics import Counter, Gauge, Histogram, Registry
from .queues import Message, Queue, QueueError

log = logging.getLogger(__name__)


class State:
    """What the health endpoint reports, updated by the worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.last_beat = time.monotonic()
        self.queue_errors_in_a_row = 0
        self.last_queue_error = ""

    def beat(self) -> None:
        with self._lock:
            self.last_beat = time.monotonic()

    def queue_ok(self) -> None:
        with self._lock:
            self.queue_errors_in_a_row, self.last_queue_error = 0, ""

    def queue_failed(self, error: Exception) -> None:
        with self._lock:
            self.queue_errors_in_a_row += 1
            self.last_queue_error = str(error)

    def snapshot(self) -> tuple[float, int, str]:
        with self._lock:
            return time.monotonic() - self.last_beat, self.queue_errors_in_a_row, self.last_queue_error


class WorkerMetrics:
    def __init__(self, registry: Registry) -> None:
        self.jobs = Counter(registry, "worker_jobs_total", "Jobs finished, by type and outcome.", ("type", "outcome"))
        self.duration = Histogram(registry, "worker_job_duration_seconds", "Time spent running a job, in seconds.", ("type",))
        self.queue_errors = Counter(registry, "worker_queue_errors_total", "Failed calls to the queue.")
        self.last_success = Gauge(registry, "worker_last_success_timestamp_seconds", "When a job last succeeded (Unix time).")
        self.busy = Gauge(registry, "worker_busy", "1 while a job runs, else 0.")


class Worker:
    def __init__(
        self,
        queue: Queue,
        handle: Callable[[dict], None],
        metrics: WorkerMetrics,
        state: State,
        max_attempts: int = 3,
        poll_timeout: float = 5.0,
        retryable: tuple[type[Exception], ...] = (),
    ) -> None:
        self.queue, self.handle, self.metrics, self.state = queue, handle, metrics, state
        self.max_attempts, self.poll_timeout, self.retryable = max_attempts, poll_timeout, retryable
        self._stop = threading.Event()

    def run(self, stop: threading.Event) -> None:
        self._stop = stop
        recovered = self._call_queue(self.queue.recover, stop)
        if recovered:
            log.warning("requeued jobs left in progress by an earlier run", extra={"jobs": recovered})
        while not stop.is_set():
            self.state.beat()
            message = self._call_queue(lambda: self.queue.get(self.poll_timeout), stop)
            if message is not None:
                self.process(message)
        log.info("worker loop stopped")

    def _call_queue(self, call: Callable, stop: threading.Event):
        """Runs a queue call; on failure logs it, backs off (1 s, 2 s, 4 s … 30 s) and returns None."""
        try:
            result = call()
        except QueueError as error:
            self.state.queue_failed(error)
            self.metrics.queue_errors.inc()
            _, in_a_row, _ = self.state.snapshot()
            delay = min(30.0, 2.0 ** (in_a_row - 1))
            log.warning("queue call failed", extra={"error": str(error), "retryInSeconds": delay})
            stop.wait(delay)
            return None
        self.state.queue_ok()
        return result

    def process(self, message: Message) -> None:
        try:
            job = json.loads(message.body)
            if not isinstance(job, dict):
                raise ValueError("a job must be a JSON object")
        except ValueError as error:
            log.error("unreadable job; dead-lettered", extra={"error": str(error), "body": message.body[:200].decode(errors="replace")})
            self.metrics.jobs.inc(type="unreadable", outcome="dead_lettered")
            self._call_queue(lambda: self.queue.dead_letter(message), self._stop)
            return

        job_type = str(job.get("type", "unknown"))
        attempt = int(job.get("attempts", 0)) + 1
        fields = {"jobId": job.get("id"), "jobType": job_type, "attempt": attempt}
        self.metrics.busy.set(1)
        started = time.monotonic()
        try:
            self.handle(job)
        except self.retryable as error:
            outcome = "retried" if attempt < self.max_attempts else "dead_lettered"
            log.warning(
                "job failed; " + ("will retry" if outcome == "retried" else "out of attempts, dead-lettered"),
                extra={**fields, "error": str(error)},
            )
            if outcome == "retried":
                retry_body = json.dumps({**job, "attempts": attempt}).encode()
                self._call_queue(lambda: self.queue.retry(message, retry_body), self._stop)
            else:
                self._call_queue(lambda: self.queue.dead_letter(message), self._stop)
        except Exception:
            outcome = "dead_lettered"
            log.exception("job failed; dead-lettered", extra=fields)
            self._call_queue(lambda: self.queue.dead_letter(message), self._stop)
        else:
            outcome = "succeeded"
            self._call_queue(lambda: self.queue.ack(message), self._stop)
            self.metrics.last_success.set(time.time())
        finally:
            self.metrics.busy.set(0)
        seconds = time.monotonic() - started
        self.metrics.duration.observe(seconds, type=job_type)
        self.metrics.jobs.inc(type=job_type, outcome=outcome)
        log.info("job finished", extra={**fields, "outcome": outcome, "durationMs": round(seconds * 1000, 1)})
