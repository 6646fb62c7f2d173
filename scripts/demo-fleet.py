#!/usr/bin/env python3
"""The health endpoints of catalog-samples/ on 127.0.0.1:18080-18094, so `scripts/run` opens a
portal with live health: most services pass (each in its own format), and a few show what cairn
does with trouble.

  port   entity                   path              answers
  18080  catalog-service          /healthz          IETF health+json pass, with checks
  18081  search-service           /readyz           "ok" after 1.6 s — slow for its 2 s timeout → warn
  18082  storefront-web           /healthz          Kubernetes "ok"
  18083  checkout-service         /actuator/health  Spring UP with components
  18084  orders-service           /actuator/health  Spring UP with nested components
  18085  payments-service         /healthz          IETF pass
  18086  payment-gateway-adapter  /livez            flapping: "ok", then 500 "[-]upstream failed", every 10 s
  18087  fraud-scoring-service    /readyz           IETF warn (model latency) → warn
  18088  fulfilment-service       /actuator/health  Spring DOWN, 503 (order-events consumer) → fail
  18089  inventory-service        /healthz          Kubernetes "ok"
  18090  shipping-service         /healthz          IETF pass
  18091  carrier-adapter          /livez            Kubernetes "ok"
  18092  feature-flags-service    /readyz           Kubernetes "ok"
  18093  auth-service             /healthz          IETF pass
  18094  customer-service         /actuator/health  Spring UP

Kubernetes paths also answer `?verbose`. Any other path is a 404. Prints "ready" once it
listens (ports already taken are reported on stderr and skipped). Exits when its parent dies
(PR_SET_PDEATHSIG, and a getppid() watch as a backstop), on SIGTERM/SIGINT, or when its
standard input, if a pipe, reaches end-of-file.
"""
import argparse
import asyncio
import ctypes
import json
import os
import signal
import stat
import sys
import time

HEALTH_JSON = "application/health+json"
SPRING_JSON = "application/vnd.spring-boot.actuator.v3+json"
TEXT = "text/plain; charset=utf-8"


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def ietf(status, checks=None, **extra):
    body = {"status": status, "version": "1", **extra}
    if checks:
        body["checks"] = checks
    return body


def k8s(name, checks, failing=None):
    """(code, plain body, verbose body) of a Kubernetes-style endpoint."""
    lines = [f"[-]{c} failed: reason withheld" if c == failing else f"[+]{c} ok" for c in checks]
    passed = failing is None
    verbose = "\n".join(lines + [f"{name} check {'passed' if passed else 'failed'}"]) + "\n"
    if passed:
        return 200, "ok", verbose
    return 500, "\n".join(lines + [f"{name} check failed"]) + "\n", verbose


class Fleet:
    def __init__(self, flap_seconds, slow_seconds):
        self.flap_seconds = flap_seconds
        self.slow_seconds = slow_seconds
        self.started = time.monotonic()

    def flapping_down(self):
        return int((time.monotonic() - self.started) // self.flap_seconds) % 2 == 1

    async def answer(self, port, path, verbose):
        """(code, content type, body text) for a request to `port` at `path`."""
        route = ROUTES.get(port)
        if route is None or path != route:
            return 404, TEXT, "not found\n"
        if port == 18080:
            return 200, HEALTH_JSON, json.dumps(ietf("pass", {
                "catalog-db:connections": [{"componentType": "datastore", "observedValue": 12, "status": "pass", "time": now_iso()}],
                "search-index:responseTime": [{"observedValue": 8, "observedUnit": "ms", "status": "pass"}],
            }, serviceId="catalog-service"))
        if port == 18081:
            await asyncio.sleep(self.slow_seconds)
            return self.kubernetes("readyz", ["ping", "index-shards"], verbose)
        if port in (18082, 18089, 18091):
            return self.kubernetes("healthz" if port != 18091 else "livez", ["ping", "log"], verbose)
        if port == 18092:
            return self.kubernetes("readyz", ["ping", "flag-store"], verbose)
        if port == 18083:
            return 200, SPRING_JSON, json.dumps({"status": "UP", "components": {
                "db": {"status": "UP", "details": {"database": "PostgreSQL", "validationQuery": "isValid()"}},
                "sessionCache": {"status": "UP"},
                "diskSpace": {"status": "UP", "details": {"total": 107374182400, "free": 52613349376, "threshold": 10485760}},
            }})
        if port == 18084:
            return 200, SPRING_JSON, json.dumps({"status": "UP", "components": {
                "db": {"status": "UP"},
                "messaging": {"status": "UP", "components": {"orderEventsProducer": {"status": "UP"}, "outbox": {"status": "UP"}}},
            }})
        if port in (18085, 18090, 18093):
            name = {18085: "payments-service", 18090: "shipping-service", 18093: "auth-service"}[port]
            return 200, HEALTH_JSON, json.dumps(ietf("pass", {"uptime": [{"componentType": "system", "observedValue": int(time.monotonic() - self.started), "observedUnit": "s", "status": "pass"}]}, serviceId=name))
        if port == 18086:
            return self.kubernetes("livez", ["ping", "upstream"], verbose, failing="upstream" if self.flapping_down() else None)
        if port == 18087:
            return 200, HEALTH_JSON, json.dumps(ietf("warn", {
                "model:responseTime": [{"componentId": "fraud-model-v7", "observedValue": 870, "observedUnit": "ms", "status": "warn",
                                        "output": "p99 above the 500 ms budget", "time": now_iso()}],
                "payments-db:connections": [{"componentType": "datastore", "observedValue": 4, "status": "pass"}],
            }, output="model latency above budget", serviceId="fraud-scoring-service"))
        if port == 18088:
            return 503, SPRING_JSON, json.dumps({"status": "DOWN", "components": {
                "db": {"status": "UP"},
                "orderEventsConsumer": {"status": "DOWN", "details": {"error": "consumer group rebalancing; lag 48213 messages"}},
                "inventoryClient": {"status": "UP"},
            }})
        if port == 18094:
            return 200, SPRING_JSON, json.dumps({"status": "UP", "components": {"db": {"status": "UP"}, "ping": {"status": "UP"}}})
        return 404, TEXT, "not found\n"

    def kubernetes(self, name, checks, verbose, failing=None):
        code, plain, detailed = k8s(name, checks, failing)
        return code, TEXT, detailed if verbose else plain


ROUTES = {
    18080: "/healthz", 18081: "/readyz", 18082: "/healthz", 18083: "/actuator/health", 18084: "/actuator/health",
    18085: "/healthz", 18086: "/livez", 18087: "/readyz", 18088: "/actuator/health", 18089: "/healthz",
    18090: "/healthz", 18091: "/livez", 18092: "/readyz", 18093: "/healthz", 18094: "/actuator/health",
}
REASONS = {200: "OK", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}


def handler(fleet, port):
    async def handle(reader, writer):
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
            target = head.split(b"\r\n", 1)[0].split(b" ")
            raw = target[1].decode("latin-1") if len(target) > 1 else "/"
            path, _, query = raw.partition("?")
            code, content_type, text = await fleet.answer(port, path, "verbose" in query.split("&"))
            body = text.encode()
            writer.write(
                f"HTTP/1.1 {code} {REASONS.get(code, 'Status')}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n".encode() + body)
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    return handle


def die_with_parent():
    """Ask the kernel for SIGTERM when the parent exits (Linux); no-op elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


async def main(args):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()

    def finish():
        if not stop.done():
            stop.set_result(None)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, finish)

    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent or parent == 1:
        return 0  # the parent was gone before we could ask

    fleet = Fleet(args.flap_seconds, args.slow_seconds)
    servers = []
    for port in ROUTES:
        try:
            servers.append(await asyncio.start_server(handler(fleet, port), args.host, port, reuse_address=True))
        except OSError as error:
            print(f"demo-fleet: port {port} is taken ({error.strerror}); skipped", file=sys.stderr, flush=True)
    if not servers:
        print("demo-fleet: no port could be opened (is another demo fleet running?)", file=sys.stderr, flush=True)
        return 1
    print("ready", flush=True)

    # Standard input as a pipe: end-of-file means whoever holds the other end is gone.
    try:
        if stat.S_ISFIFO(os.fstat(0).st_mode):
            loop.add_reader(0, lambda: os.read(0, 4096) or finish())
    except OSError:
        pass

    async def watch_parent():
        while not stop.done():
            if os.getppid() != parent:
                finish()
            await asyncio.sleep(1)

    watcher = asyncio.ensure_future(watch_parent())
    await stop
    watcher.cancel()
    for server in servers:
        server.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--flap-seconds", type=float, default=10.0)
    parser.add_argument("--slow-seconds", type=float, default=1.6)
    sys.exit(asyncio.run(main(parser.parse_args())))
