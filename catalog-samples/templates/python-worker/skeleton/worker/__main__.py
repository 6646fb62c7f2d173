"""python -m worker: runs the worker until SIGTERM or SIGINT, then finishes the job in hand and exits."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time

from . import SERVICE, __version__, jobs, logs
from .config import Config
from .health import HealthServer
from .metrics import Gauge, Registry
from .queues import QueueError, open_queue
from .runner import State, Worker, WorkerMetrics

log = logging.getLogger("worker")


def main() -> int:
    try:
        config = Config.from_env()
    except ValueError as error:
        print(f"{SERVICE}: configuration error: {error}", file=sys.stderr)
        return 2
    logs.configure(SERVICE, config.log_level)

    registry = Registry()
    started = time.time()
    Gauge(registry, "process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.", read=lambda: started)
    state = State()
    health = HealthServer(config.health_port, state, registry, config.stall_seconds)
    health.start()

    stop = threading.Event()

    def request_stop(signum, _frame) -> None:
        log.info("stopping after the job in hand", extra={"signal": signal.Signals(signum).name})
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    try:
        queue = open_queue(config)
    except (QueueError, ValueError) as error:
        log.error("cannot open the queue", extra={"error": str(error)})
        health.stop()
        return 1
    log.info(
        "started",
        extra={
            "version": __version__,
            "queue": config.queue_backend,
            "queueName": config.queue_name,
            "workerId": config.worker_id,
            "healthPort": health.port,
        },
    )
    worker = Worker(
        queue,
        jobs.handle,
        WorkerMetrics(registry),
        state,
        max_attempts=config.max_attempts,
        poll_timeout=config.poll_timeout,
        retryable=(jobs.RetryableError,),
    )
    try:
        worker.run(stop)
    finally:
        queue.close()
        health.stop()
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
