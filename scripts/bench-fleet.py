#!/usr/bin/env python3
"""A fleet of health endpoints for `cairn-bench health`: asyncio listening on N loopback ports
(chosen by the OS), each answering any request with

    HTTP/1.1 200 OK
    Content-Type: application/health+json
    Content-Length: 18
    Connection: close

    {"status":"pass"}

and closing the connection (keep-alive off, the same for every client). Protocol-based, with a
canned response, so the server costs as little as Python allows; --workers N splits the ports
between N processes (one Python process is slower than the clients being measured).

Prints the ports on one line, space-separated, then "ready". Exits when its standard input
reaches end-of-file (its parent closed the pipe or died) or on SIGTERM/SIGINT; forked workers
also exit when the first process does (PR_SET_PDEATHSIG).

    scripts/bench-fleet.py --ports 1000 --workers 2 < some-pipe
"""
import argparse
import asyncio
import ctypes
import os
import resource
import signal
import socket
import sys

BODY = b'{"status":"pass"}\n'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/health+json\r\n"
    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n"
    b"Connection: close\r\n"
    b"\r\n" + BODY
)


class Health(asyncio.Protocol):
    __slots__ = ("transport", "seen")

    def connection_made(self, transport):
        self.transport = transport
        self.seen = b""

    def data_received(self, data):
        # One request per connection: answer once the header block is complete.
        self.seen += data
        if b"\r\n\r\n" in self.seen:
            self.transport.write(RESPONSE)
            self.transport.close()

    def connection_lost(self, exc):
        self.transport = None


def raise_file_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        if target < needed:
            print(f"bench-fleet: the open-file limit is {target}, {needed} wanted; raise `ulimit -Hn`", file=sys.stderr)
            sys.exit(2)


def die_with_parent():
    """SIGTERM when the parent process exits (Linux prctl); no-op where unavailable."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def bind(count, host):
    sockets = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, 0))
        sock.listen(512)
        sockets.append(sock)
    return sockets


def fork_workers(sockets, workers):
    """The ports are split between `workers` processes (this one and forked children); each
    serves its share on its own event loop. Returns this process's share."""
    if workers <= 1:
        return sockets
    for worker in range(1, workers):
        if os.fork() == 0:
            die_with_parent()
            share = sockets[worker::workers]
            for index, sock in enumerate(sockets):
                if index % workers != worker:
                    sock.close()
            return share
    share = sockets[0::workers]
    for index, sock in enumerate(sockets):
        if index % workers != 0:
            sock.close()
    return share


async def main(sockets, announce):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))

    servers = [await loop.create_server(Health, sock=sock, backlog=512) for sock in sockets]
    if announce:
        print("ready", flush=True)

    # Parent gone → standard input at EOF → exit.
    def stdin_readable():
        try:
            data = sys.stdin.buffer.raw.read(4096)
        except BlockingIOError:
            return
        if not data and not stop.done():
            stop.set_result(None)

    try:
        loop.add_reader(sys.stdin.fileno(), stdin_readable)
    except (ValueError, OSError, PermissionError):
        pass  # stdin is a regular file or missing: rely on signals
    await stop
    for server in servers:
        server.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ports", type=int, default=1000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--workers", type=int, default=1, help="processes sharing the ports (default 1)")
    args = parser.parse_args()
    raise_file_limit(args.ports + 1024)
    sockets = bind(args.ports, args.host)
    print(" ".join(str(sock.getsockname()[1]) for sock in sockets), flush=True)
    parent = os.getpid()
    share = fork_workers(sockets, args.workers)
    asyncio.run(main(share, announce=os.getpid() == parent))
