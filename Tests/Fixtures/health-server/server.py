#!/usr/bin/env python3
"""Health endpoints in every format cairn reads, on 127.0.0.1, for integration tests.

Prints the port it listens on, then serves until killed. Paths:
  /ietf-pass /ietf-warn /ietf-fail    IETF health+json
  /spring-up /spring-down             Spring Boot Actuator
  /k8s                                Kubernetes livez/readyz text
  /plain-500                          a bare 500
  /slow?ms=N                          answers after N ms
  /hang                               never answers (sleeps 60 s)
  /big                                a 10 MB body
  /loop                               redirects to itself
  /invalid                            200 with invalid JSON
  /cache                              pass with Cache-Control: max-age=30
  POST /echo                          the request body back
Added for the health integration tests (CairnHealthTests/HealthIntegrationTests.swift):
  /spring-oos /spring-nested-down     Spring OUT_OF_SERVICE (503, its default) and a DOWN
                                      component nested two levels under an UP root (200)
  /spring-oos-200                     OUT_OF_SERVICE mapped to 200 (a deliberate maintenance)
  /k8s-verbose-fail                   Kubernetes ?verbose failure text with a 500
  /code?n=N                           a bare status N with an empty body

With --tls CERT KEY it serves the same paths over HTTPS (a certificate the caller made).
"""
import argparse
import json
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body=b"", content_type="application/json", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length)
        self.send(200, data, "application/octet-stream")

    def do_GET(self):
        url = urlparse(self.path)
        path = url.path
        health = "application/health+json"
        if path == "/ietf-pass":
            self.send(200, json.dumps({"status": "pass"}).encode(), health)
        elif path == "/ietf-warn":
            self.send(200, json.dumps({"status": "warn", "checks": {"db:responseTime": [{"status": "warn"}]}}).encode(), health)
        elif path == "/ietf-fail":
            self.send(503, json.dumps({"status": "fail", "output": "db down"}).encode(), health)
        elif path == "/spring-up":
            self.send(200, json.dumps({"status": "UP", "components": {"db": {"status": "UP"}}}).encode())
        elif path == "/spring-down":
            self.send(503, json.dumps({"status": "DOWN", "components": {"db": {"status": "DOWN"}}}).encode())
        elif path == "/k8s":
            self.send(200, b"ok", "text/plain; charset=utf-8")
        elif path == "/plain-500":
            self.send(500, b"boom", "text/plain")
        elif path == "/slow":
            time.sleep(int(parse_qs(url.query).get("ms", ["1500"])[0]) / 1000)
            self.send(200, b"ok", "text/plain")
        elif path == "/hang":
            time.sleep(60)
        elif path == "/big":
            self.send(200, b"x" * (10 * 1024 * 1024), "text/plain")
        elif path == "/loop":
            self.send(302, b"", "text/plain", [("Location", "/loop")])
        elif path == "/invalid":
            self.send(200, b"{", "application/json")
        elif path == "/spring-oos":
            self.send(503, json.dumps({"status": "OUT_OF_SERVICE"}).encode())
        elif path == "/spring-oos-200":
            self.send(200, json.dumps({"status": "OUT_OF_SERVICE"}).encode())
        elif path == "/spring-nested-down":
            body = {"status": "UP", "components": {
                "db": {"status": "UP"},
                "broker": {"status": "UP", "components": {"queue": {"status": "DOWN", "details": {"error": "no leader"}}}},
            }}
            self.send(200, json.dumps(body).encode())
        elif path == "/k8s-verbose-fail":
            text = "[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\nlivez check failed\n"
            self.send(500, text.encode(), "text/plain; charset=utf-8")
        elif path == "/code":
            self.send(int(parse_qs(url.query).get("n", ["200"])[0]), b"", "text/plain")
        elif path == "/cache":
            self.send(200, json.dumps({"status": "pass"}).encode(), health, [("Cache-Control", "max-age=30")])
        else:
            self.send(404, b"not found", "text/plain")


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that stop reading (the 10 MB body) reset the connection on purpose


parser = argparse.ArgumentParser()
parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
args = parser.parse_args()

server = QuietServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if args.tls:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.tls[0], args.tls[1])
    # The handshake runs in the handler's thread, so a client that rejects the certificate
    # never holds up the accept loop.
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
print(server.server_address[1], flush=True)
server.serve_forever()
