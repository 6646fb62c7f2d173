"""Configuration from the environment, read once at start."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from . import SERVICE


@dataclass(frozen=True)
class Config:
    queue_backend: str = "${{ values.queueType }}"
    queue_name: str = SERVICE
    redis_url: str = "redis://localhost:6379/0"
    spool_dir: str = "/var/spool/" + SERVICE
    worker_id: str = socket.gethostname()
    health_port: int = ${{ values.port }}
    log_level: str = "INFO"
    poll_timeout: float = 5.0
    max_attempts: int = 3
    stall_seconds: float = 300.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        defaults = cls()
        config = cls(
            queue_backend=env.get("QUEUE_BACKEND", defaults.queue_backend).lower(),
            queue_name=env.get("QUEUE_NAME", defaults.queue_name),
            redis_url=env.get("REDIS_URL", defaults.redis_url),
            spool_dir=env.get("SPOOL_DIR", defaults.spool_dir),
            worker_id=env.get("WORKER_ID", defaults.worker_id),
            health_port=int(env.get("HEALTH_PORT", defaults.health_port)),
            log_level=env.get("LOG_LEVEL", defaults.log_level).upper(),
            poll_timeout=float(env.get("POLL_TIMEOUT_SECONDS", defaults.poll_timeout)),
            max_attempts=int(env.get("MAX_ATTEMPTS", defaults.max_attempts)),
            stall_seconds=float(env.get("STALL_SECONDS", defaults.stall_seconds)),
        )
        if config.queue_backend not in ("redis", "spool"):
            raise ValueError(f"QUEUE_BACKEND must be redis or spool, not {config.queue_backend!r}")
        if config.max_attempts < 1 or config.poll_timeout <= 0:
            raise ValueError("MAX_ATTEMPTS must be at least 1 and POLL_TIMEOUT_SECONDS above 0")
        return config
