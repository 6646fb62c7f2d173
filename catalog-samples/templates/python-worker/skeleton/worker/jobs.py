"""The work itself. A job is a JSON object with a "type"; HANDLERS maps each type to a function
that does the work and returns nothing. Raise RetryableError for a failure worth trying again
(a timeout, a 503 from a dependency); any other exception sends the job to the dead-letter queue."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class RetryableError(Exception):
    """A temporary failure: the job goes back on the queue until MAX_ATTEMPTS is reached."""


class InvalidJobError(Exception):
    """The job can never succeed as written."""


def ping(job: dict) -> None:
    """An example handler: logs the job's text."""
    log.info("ping", extra={"jobId": job.get("id"), "text": job.get("text", "")})


HANDLERS: dict[str, Callable[[dict], None]] = {
    "ping": ping,
}


def handle(job: dict) -> None:
    handler = HANDLERS.get(job.get("type"))
    if handler is None:
        raise InvalidJobError(f"no handler for job type {job.get('type')!r}; known: {', '.join(sorted(HANDLERS))}")
    handler(job)
