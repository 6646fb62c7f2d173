#!/usr/bin/env python3
"""A real gRPC server with the standard grpc.health.v1 service, on 127.0.0.1, for cairn's tests.

Prints the port it listens on (a free one, chosen by the OS), then serves until killed.
Statuses:
  ""            SERVING       (the whole server)
  "svc.Up"      SERVING
  "svc.Down"    NOT_SERVING
  "svc.Unknown" UNKNOWN       (registered, but its status is UNKNOWN)
  "svc.Broken"  the call fails with UNAVAILABLE (14) and a message with a non-ASCII letter
  anything else -> gRPC status NOT_FOUND (5), as grpcio-health-checking answers
With --delay-ms N every Check answers after N ms (slow and hanging servers).
With --no-health it serves no service at all, so Check answers UNIMPLEMENTED (12).
With --tls CERT KEY it serves over TLS (ALPN h2) instead of cleartext.
"""
import argparse
import sys
import time
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc


class Servicer(health.HealthServicer):
    def __init__(self, delay_ms):
        super().__init__()
        self.delay = delay_ms / 1000

    def Check(self, request, context):
        if self.delay:
            time.sleep(self.delay)
        if request.service == "svc.Broken":
            context.abort(grpc.StatusCode.UNAVAILABLE, "db pool épuisé: 0/10 connections")
        return super().Check(request, context)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-health", action="store_true")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()

    # No SO_REUSEPORT (gRPC's default on Linux): a port shared between two fixture servers is the
    # suspected cause of a plaintext check failing now and then under full-suite load.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), options=[("grpc.so_reuseport", 0)])
    if not args.no_health:
        servicer = Servicer(args.delay_ms)
        servicer.set("", health_pb2.HealthCheckResponse.SERVING)
        servicer.set("svc.Up", health_pb2.HealthCheckResponse.SERVING)
        servicer.set("svc.Down", health_pb2.HealthCheckResponse.NOT_SERVING)
        servicer.set("svc.Unknown", health_pb2.HealthCheckResponse.UNKNOWN)
        health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    if args.tls:
        with open(args.tls[0], "rb") as cert, open(args.tls[1], "rb") as key:
            credentials = grpc.ssl_server_credentials([(key.read(), cert.read())])
        port = server.add_secure_port("127.0.0.1:0", credentials)
    else:
        port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
