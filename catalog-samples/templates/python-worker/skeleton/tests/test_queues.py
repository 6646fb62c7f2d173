import io
import os
import socket
import threading

import pytest

from worker.queues import QueueError, RedisQueue, SpoolQueue, encode_command, read_reply


def test_spool_queue_takes_acks_retries_and_dead_letters(tmp_path):
    queue = SpoolQueue(str(tmp_path), "w1")
    for name in ("2-b.json", "1-a.json"):
        (tmp_path / "incoming" / name).write_bytes(b'{"type": "ping"}')
    (tmp_path / "incoming" / ".3-c.json.tmp").write_bytes(b"half written")

    first = queue.get(0)
    assert first.receipt.name == "1-a.json" and first.receipt.parent.name == "w1"
    queue.ack(first)
    second = queue.get(0)
    queue.retry(second, b'{"type": "ping", "attempts": 1}')
    [retried] = list((tmp_path / "incoming").glob("*.json"))
    assert "-retry-2-b.json" in retried.name
    third = queue.get(0)
    queue.dead_letter(third)
    assert [p.name for p in (tmp_path / "failed").iterdir()] == [retried.name]
    assert queue.get(0.01) is None
    assert not list((tmp_path / "processing" / "w1").iterdir())


def test_spool_queue_recovers_its_own_processing_jobs(tmp_path):
    queue = SpoolQueue(str(tmp_path), "w1")
    (tmp_path / "processing" / "w1" / "1-a.json").write_bytes(b"{}")
    assert queue.recover() == 1
    assert queue.get(0).receipt.name == "1-a.json"


def test_resp_encoding_and_replies():
    assert encode_command("LREM", "q", "1", b"x y") == b"*4\r\n$4\r\nLREM\r\n$1\r\nq\r\n$1\r\n1\r\n$3\r\nx y\r\n"
    reader = io.BytesIO(b"+OK\r\n:3\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n:1\r\n*-1\r\n")
    assert [read_reply(reader) for _ in range(6)] == ["OK", 3, b"hello", None, [b"a", 1], None]
    with pytest.raises(QueueError, match="WRONGTYPE"):
        read_reply(io.BytesIO(b"-WRONGTYPE bad\r\n"))


def test_redis_queue_reports_an_unreachable_server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    with pytest.raises(QueueError, match="cannot connect"):
        RedisQueue(f"redis://127.0.0.1:{port}/0", "jobs", "w1", connect_timeout=1).ping()


def test_redis_queue_speaks_to_a_server():
    """A scripted server stands in for Redis; REDIS_URL runs the same flow against a real one."""
    url = os.environ.get("REDIS_URL")
    server = None
    if not url:
        server = ScriptedRedis()
        url = f"redis://127.0.0.1:{server.port}/0"
    queue = RedisQueue(url, f"test-{os.getpid()}", "w1")
    queue.ping()
    queue._call("DEL", queue.key, queue.processing, queue.dead)
    queue._call("RPUSH", queue.key, b'{"type": "ping"}')
    message = queue.get(1)
    assert message.body == b'{"type": "ping"}'
    queue.dead_letter(message)
    assert queue._call("LRANGE", queue.dead, "0", "-1") == [b'{"type": "ping"}']
    assert queue.get(0.1) is None
    queue._call("DEL", queue.dead)
    queue.close()
    if server:
        server.stop()


class ScriptedRedis:
    """Just enough of Redis's list commands for the test above, on a loopback port."""

    def __init__(self):
        self.lists = {}
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        connection, _ = self.listener.accept()
        reader, queued = connection.makefile("rb"), None
        while True:
            try:
                command = read_reply(reader)
            except (ConnectionError, ValueError):
                break
            name, args = command[0].upper(), command[1:]
            if name == b"MULTI":
                queued = []
                connection.sendall(b"+OK\r\n")
            elif name == b"EXEC":
                replies = [self.run(n, a) for n, a in queued]
                queued = None
                connection.sendall(b"*%d\r\n" % len(replies) + b"".join(replies))
            elif queued is not None:
                queued.append((name, args))
                connection.sendall(b"+QUEUED\r\n")
            else:
                connection.sendall(self.run(name, args))
        connection.close()

    def run(self, name, args):
        lists = self.lists
        if name == b"PING":
            return b"+PONG\r\n"
        if name == b"DEL":
            return b":%d\r\n" % sum(lists.pop(key, None) is not None for key in args)
        if name == b"RPUSH":
            lists.setdefault(args[0], []).extend(args[1:])
            return b":%d\r\n" % len(lists[args[0]])
        if name in (b"BLMOVE", b"LMOVE"):
            source = lists.get(args[0], [])
            if not source:
                return b"$-1\r\n"
            item = source.pop(0) if args[2] == b"LEFT" else source.pop()
            lists.setdefault(args[1], []).append(item)
            return b"$%d\r\n%s\r\n" % (len(item), item)
        if name == b"LREM":
            items = lists.get(args[0], [])
            if args[2] in items:
                items.remove(args[2])
                return b":1\r\n"
            return b":0\r\n"
        if name == b"LRANGE":
            items = lists.get(args[0], [])
            return b"*%d\r\n" % len(items) + b"".join(b"$%d\r\n%s\r\n" % (len(i), i) for i in items)
        return b"-ERR unknown command\r\n"

    def stop(self):
        self.listener.close()
