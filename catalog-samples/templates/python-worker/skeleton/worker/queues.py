"""Job queues. Both give at-least-once delivery: a job taken is moved to this worker's own
processing area and stays there until it is acknowledged, retried or dead-lettered; at start
the worker puts back whatever a previous run of it left there.

- RedisQueue: a Redis list (Redis 6.2 or later), spoken to over RESP with the standard library.
  Jobs are pushed with RPUSH <name>; taken with BLMOVE into <name>:processing:<worker id>;
  failed jobs go to <name>:dead.
- SpoolQueue: a directory. Producers write <dir>/incoming/<time in ns>-<id>.json (to a hidden
  temporary name first, then rename it), and jobs are taken in name order; taken jobs move to
  processing/<worker id>/, failed ones to failed/.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class QueueError(Exception):
    """The queue cannot be reached or refused a command."""


@dataclass
class Message:
    body: bytes
    receipt: Any = None


class Queue(Protocol):
    def recover(self) -> int: ...
    def get(self, timeout: float) -> Message | None: ...
    def ack(self, message: Message) -> None: ...
    def retry(self, message: Message, body: bytes) -> None: ...
    def dead_letter(self, message: Message) -> None: ...
    def ping(self) -> None: ...
    def close(self) -> None: ...


# RESP, the Redis protocol: commands are arrays of bulk strings.
def encode_command(*args: str | bytes) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def read_reply(reader) -> Any:
    line = reader.readline()
    if not line.endswith(b"\r\n"):
        raise ConnectionError("the connection to Redis closed mid-reply")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise QueueError("Redis: " + rest.decode(errors="replace"))
    if kind == b":":
        return int(rest)
    if kind == b"$":
        length = int(rest)
        if length < 0:
            return None
        data = reader.read(length + 2)
        if len(data) != length + 2:
            raise ConnectionError("the connection to Redis closed mid-reply")
        return data[:-2]
    if kind == b"*":
        count = int(rest)
        return None if count < 0 else [read_reply(reader) for _ in range(count)]
    raise QueueError(f"Redis sent an unknown reply type {kind!r}")


class RedisQueue:
    def __init__(self, url: str, name: str, worker_id: str, connect_timeout: float = 5.0) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "redis":
            raise ValueError(f"REDIS_URL must start with redis://, not {url!r}")
        self.host, self.port = parts.hostname or "localhost", parts.port or 6379
        self.username = urllib.parse.unquote(parts.username) if parts.username else None
        self.password = urllib.parse.unquote(parts.password) if parts.password else None
        self.db = int(parts.path.lstrip("/") or 0)
        self.key, self.processing, self.dead = name, f"{name}:processing:{worker_id}", f"{name}:dead"
        self.connect_timeout = connect_timeout
        self._sock: socket.socket | None = None
        self._reader = None

    def _connect(self) -> None:
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        except OSError as error:
            raise QueueError(f"cannot connect to Redis at {self.host}:{self.port}: {error}") from error
        self._reader = self._sock.makefile("rb")
        if self.password:
            self._call(*(["AUTH", self.username] if self.username else ["AUTH"]), self.password)
        if self.db:
            self._call("SELECT", str(self.db))

    def _call(self, *args: str | bytes, timeout: float | None = None) -> Any:
        if self._sock is None:
            self._connect()
        try:
            self._sock.settimeout(timeout or self.connect_timeout)
            self._sock.sendall(encode_command(*args))
            return read_reply(self._reader)
        except (OSError, ConnectionError) as error:
            self.close()
            raise QueueError(f"Redis at {self.host}:{self.port}: {error}") from error

    def _transaction(self, *commands: tuple[str | bytes, ...]) -> None:
        self._call("MULTI")
        for command in commands:
            self._call(*command)
        self._call("EXEC")

    def recover(self) -> int:
        moved = 0
        while self._call("LMOVE", self.processing, self.key, "RIGHT", "LEFT") is not None:
            moved += 1
        return moved

    def get(self, timeout: float) -> Message | None:
        body = self._call("BLMOVE", self.key, self.processing, "LEFT", "RIGHT", f"{timeout:g}", timeout=timeout + self.connect_timeout)
        return None if body is None else Message(body=body)

    def ack(self, message: Message) -> None:
        self._call("LREM", self.processing, "1", message.body)

    def retry(self, message: Message, body: bytes) -> None:
        self._transaction(("LREM", self.processing, "1", message.body), ("RPUSH", self.key, body))

    def dead_letter(self, message: Message) -> None:
        self._transaction(("LREM", self.processing, "1", message.body), ("RPUSH", self.dead, message.body))

    def ping(self) -> None:
        self._call("PING")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
        self._sock = self._reader = None


class SpoolQueue:
    def __init__(self, directory: str, worker_id: str) -> None:
        root = Path(directory)
        self.incoming, self.processing, self.failed = root / "incoming", root / "processing" / worker_id, root / "failed"
        try:
            for folder in (self.incoming, self.processing, self.failed):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise QueueError(f"cannot use the spool directory {directory}: {error}") from error

    def recover(self) -> int:
        moved = 0
        for path in sorted(self.processing.glob("*.json")):
            path.rename(self.incoming / path.name)
            moved += 1
        return moved

    def get(self, timeout: float) -> Message | None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                candidates = sorted(self.incoming.glob("*.json"))
            except OSError as error:
                raise QueueError(f"cannot list {self.incoming}: {error}") from error
            for path in candidates:
                taken = self.processing / path.name
                try:
                    path.rename(taken)  # atomic: of several workers, one wins
                except FileNotFoundError:
                    continue
                return Message(body=taken.read_bytes(), receipt=taken)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            time.sleep(min(0.5, left))

    def ack(self, message: Message) -> None:
        message.receipt.unlink(missing_ok=True)

    def retry(self, message: Message, body: bytes) -> None:
        # Named by the time now, as producers name jobs, so it waits behind the jobs already queued.
        name = f"{time.time_ns()}-retry-{message.receipt.name.split('-retry-')[-1]}"
        temporary = self.incoming / f".{name}.tmp"
        temporary.write_bytes(body)
        temporary.rename(self.incoming / name)
        message.receipt.unlink(missing_ok=True)

    def dead_letter(self, message: Message) -> None:
        message.receipt.rename(self.failed / message.receipt.name)

    def ping(self) -> None:
        if not os.access(self.incoming, os.R_OK | os.W_OK | os.X_OK):
            raise QueueError(f"{self.incoming} is not readable and writable")

    def close(self) -> None:
        pass


def open_queue(config) -> Queue:
    if config.queue_backend == "redis":
        return RedisQueue(config.redis_url, config.queue_name, config.worker_id)
    return SpoolQueue(config.spool_dir, config.worker_id)
