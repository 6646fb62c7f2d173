#!/usr/bin/env python3
"""PagerDuty's REST API v2 on 127.0.0.1 for cairn's PagerDuty client tests.

Prints the port it listens on, then serves until killed. Every request needs
Authorization: Token token=<--token> (401 {"error": {"message", "code": 2006}} otherwise).
  GET /services/{id}   {"service": {..., "escalation_policy": {"id", "summary", ...}}}, or 404
                       {"error": {"message": "Not Found", "code": 2100}}
  GET /oncalls?escalation_policy_ids[]=…&earliest=true
                       {"oncalls": [{escalation_policy, escalation_level, schedule, user, start,
                       end}], "limit", "offset", "more", "total": null}
  GET /incidents?service_ids[]=…&statuses[]=…&date_range=all
                       {"incidents": [...], "limit", "offset", "more", "total": null}; without
                       date_range=all only the last 30 days, as PagerDuty does
  Lists are paged with limit and offset; the server gives at most --max-limit items a page
  (default 3, so the incidents of PCHECKOUT come over two pages) and says "more": true.
  GET /_requests       what was asked so far: [{"path", "query", "authorized", "accept"}]

Data: PCHECKOUT and PPAYMENTS share policy PEP1 (Alice at level 1 on schedule Primary, Bob at
level 2 on schedule Secondary, Carol at level 2 named directly: no start or end); PSEARCH has
policy PEP2 (Dana, level 1). PCHECKOUT has four open incidents (and a resolved one), PPAYMENTS
one, PSEARCH one opened 90 days ago. PNOINCIDENTS has PEP2 and nothing open.

Options:
  --token T            the API key it accepts (default pd-test-key)
  --throttle N         answer the first N requests (not /_requests) with 429 Too Many Requests
  --retry-after S      the Retry-After (and ratelimit-reset) those carry (default 1)
  --reset-only         send only ratelimit-reset, no Retry-After
  --fail-path P        answer every request to path P with 500
  --max-limit M        the largest page it gives (default 3)
"""
import argparse
import json
import re
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--token", default="pd-test-key")
parser.add_argument("--throttle", type=int, default=0)
parser.add_argument("--retry-after", default="1")
parser.add_argument("--reset-only", action="store_true")
parser.add_argument("--fail-path")
parser.add_argument("--max-limit", type=int, default=3)
args = parser.parse_args()

BASE = "https://acme.pagerduty.example"


def reference(kind, ident, summary):
    return {"id": ident, "type": kind + "_reference", "summary": summary,
            "self": "https://api.pagerduty.com/%ss/%s" % (kind, ident), "html_url": "%s/%ss/%s" % (BASE, kind, ident)}


POLICIES = {"PEP1": reference("escalation_policy", "PEP1", "Checkout on-call"),
            "PEP2": reference("escalation_policy", "PEP2", "Search on-call")}
SERVICES = {
    "PCHECKOUT": ("Checkout", "PEP1"),
    "PPAYMENTS": ("Payments API", "PEP1"),
    "PSEARCH": ("Search", "PEP2"),
    "PNOINCIDENTS": ("Quiet service", "PEP2"),
}
ONCALLS = [
    {"escalation_policy": POLICIES["PEP1"], "escalation_level": 2,
     "schedule": reference("schedule", "PSCHED2", "Secondary"), "user": reference("user", "PBOB", "Bob Builder"),
     "start": "2030-01-14T09:00:00+01:00", "end": "2030-01-21T09:00:00+01:00"},
    {"escalation_policy": POLICIES["PEP1"], "escalation_level": 1,
     "schedule": reference("schedule", "PSCHED1", "Primary"), "user": reference("user", "PALICE", "Alice Adams"),
     "start": "2030-01-15T09:00:00Z", "end": "2030-01-16T09:00:00Z"},
    {"escalation_policy": POLICIES["PEP1"], "escalation_level": 2,
     "schedule": None, "user": reference("user", "PCAROL", "Carol Chen"), "start": None, "end": None},
    {"escalation_policy": POLICIES["PEP2"], "escalation_level": 1,
     "schedule": reference("schedule", "PSCHED3", "Search primary"), "user": reference("user", "PDANA", "Dana Diaz"),
     "start": "2030-01-15T00:00:00Z", "end": "2030-01-15T12:30:00Z"},
]
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def incident(number, service, status, urgency, age_hours, title):
    created = (NOW - timedelta(hours=age_hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ident = "PINC%04d" % number
    return {"id": ident, "type": "incident", "summary": "[#%d] %s" % (number, title), "incident_number": number,
            "title": title, "status": status, "urgency": urgency, "created_at": created,
            "html_url": "%s/incidents/%s" % (BASE, ident), "service": reference("service", service, SERVICES[service][0]),
            "escalation_policy": POLICIES[SERVICES[service][1]], "assignments": []}


INCIDENTS = [
    incident(101, "PCHECKOUT", "triggered", "high", 1, "Checkout latency above 2 s"),
    incident(102, "PCHECKOUT", "acknowledged", "high", 3, "Card declines spike"),
    incident(103, "PPAYMENTS", "triggered", "low", 2, "Settlement job late"),
    incident(104, "PCHECKOUT", "resolved", "high", 5, "Already fixed"),
    incident(105, "PCHECKOUT", "triggered", "low", 6, "Disk 80% on checkout-db"),
    incident(106, "PCHECKOUT", "acknowledged", "low", 8, "Slow admin page"),
    incident(107, "PSEARCH", "acknowledged", "low", 24 * 90, "Reindex never finished"),
]
REQUESTS = []
LOCK = threading.Lock()
THROTTLED = [0]


def page(key, items, query):
    limit = min(int(query.get("limit", ["25"])[0]), args.max_limit)
    offset = int(query.get("offset", ["0"])[0])
    chunk = items[offset:offset + limit]
    return {key: chunk, "limit": limit, "offset": offset, "more": offset + limit < len(items), "total": None}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, payload, headers=()):
        body = json.dumps(payload).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/_requests":
            with LOCK:
                self.send(200, list(REQUESTS))
            return
        authorized = self.headers.get("Authorization") == "Token token=%s" % args.token
        with LOCK:
            REQUESTS.append({"path": url.path, "query": url.query, "authorized": authorized,
                             "accept": self.headers.get("Accept")})
            throttle = THROTTLED[0] < args.throttle
            if throttle:
                THROTTLED[0] += 1
        if not authorized:
            self.send(401, {"error": {"message": "Unauthorized", "code": 2006}})
            return
        if throttle:
            headers = [("ratelimit-limit", "960"), ("ratelimit-remaining", "0"), ("ratelimit-reset", args.retry_after)]
            if not args.reset_only:
                headers.append(("Retry-After", args.retry_after))
            self.send(429, {"error": {"message": "Rate Limit Exceeded", "code": 2020}}, headers)
            return
        if args.fail_path and url.path == args.fail_path:
            self.send(500, {"error": {"message": "Internal Server Error", "code": 2000}})
            return
        service = re.fullmatch(r"/services/([A-Za-z0-9]+)", url.path)
        if service:
            ident = service.group(1)
            if ident not in SERVICES:
                self.send(404, {"error": {"message": "Not Found", "code": 2100}})
                return
            name, policy = SERVICES[ident]
            body = reference("service", ident, name)
            body.update({"type": "service", "name": name, "status": "active", "escalation_policy": POLICIES[policy]})
            self.send(200, {"service": body})
        elif url.path == "/oncalls":
            policies = query.get("escalation_policy_ids[]", [])
            items = [o for o in ONCALLS if not policies or o["escalation_policy"]["id"] in policies]
            self.send(200, page("oncalls", items, query))
        elif url.path == "/incidents":
            services = query.get("service_ids[]", [])
            statuses = query.get("statuses[]", [])
            since = None if query.get("date_range") == ["all"] else NOW - timedelta(days=30)
            items = [i for i in INCIDENTS
                     if (not services or i["service"]["id"] in services)
                     and (not statuses or i["status"] in statuses)
                     and (since is None or i["created_at"] >= since.strftime("%Y-%m-%dT%H:%M:%SZ"))]
            self.send(200, page("incidents", items, query))
        else:
            self.send(404, {"error": {"message": "Not Found", "code": 2100}})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
