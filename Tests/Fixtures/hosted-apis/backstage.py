#!/usr/bin/env python3
"""A Backstage catalog API on 127.0.0.1 for cairn's Backstage source tests.

Prints the port it listens on, then serves until killed. It reproduces the documented shapes:
  GET /api/catalog/entities/by-query?limit=&filter=&cursor=
      {"items": [...], "totalItems": N, "pageInfo": {"nextCursor": "...", "prevCursor": "..."}}
      Later pages pass only cursor (it carries the filter) and limit; a cursor with a filter is
      refused with 400, as an InputError.
  GET /api/catalog/entities?limit=&offset=&after=&filter=
      a bare array; when there is more, Link: </entities?...&after=CURSOR>; rel="next"
      (relative to the catalog router, as Backstage writes it).
  Errors have Backstage's body: {"error": {"name", "message"}, "request": {...}, "response": {"statusCode"}}.
  filter: each filter= parameter is one alternative (any may match); within one, key=value
  statements joined by commas must all match, and a key given twice matches either value.
  Values compare case-insensitively; a key without = only has to exist.
  GET /_requests   what was asked so far: [{"path", "query", "authorization"}] ("authorization"
                   says bearer-ok, bearer-wrong or none; the token itself is never recorded).

Entities (--entities N): groups team-a and team-b, system payments, then APIs (every 7th) and
Components; each with the fields the server manages (metadata.uid, etag, generation, relations,
status) and annotations. checkout-5 has a title with an emoji and a description with DEL,
U+2028 and a C1 control character, written raw the way Node's JSON.stringify writes them.

Options:
  --entities N      how many (default 1200)
  --token T         require Authorization: Bearer T (401 otherwise; the message echoes what was
                    sent, so a client that prints server messages would leak it)
  --old             a Backstage before by-query: that path answers 404
  --fail-page K     the K-th page of either listing answers 500
  --ascii           write JSON with every non-ASCII character escaped (\\ud83d\\uded2 pairs)
  --max-limit M     the largest page the server gives, whatever limit asks (default 10000)
  --loop-cursor     by-query's nextCursor always points at page 2 (a catalog stuck in a loop)
  --grow-after-page K   once page K is served, a new entity joins the front of the catalog, so
                    the next page (an offset) starts with the last entity of page K again
"""
import argparse
import base64
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--entities", type=int, default=1200)
parser.add_argument("--token")
parser.add_argument("--old", action="store_true")
parser.add_argument("--fail-page", type=int, default=0)
parser.add_argument("--ascii", action="store_true")
parser.add_argument("--max-limit", type=int, default=10000)
parser.add_argument("--loop-cursor", action="store_true")
parser.add_argument("--grow-after-page", type=int, default=0)
args = parser.parse_args()


def make_entities(count):
    entities = []
    for index in range(count):
        uid = "00000000-0000-4000-8000-%012d" % index
        metadata = {"namespace": "default", "uid": uid, "etag": "etag-%d" % index}
        if index % 2 == 0:
            metadata["generation"] = 1  # older Backstage versions still send it
        relations = []
        if index == 0 or index == 1:
            name = "team-a" if index == 0 else "team-b"
            entity = {"apiVersion": "backstage.io/v1alpha1", "kind": "Group",
                      "metadata": dict(metadata, name=name),
                      "spec": {"type": "team", "children": []}}
        elif index == 2:
            entity = {"apiVersion": "backstage.io/v1alpha1", "kind": "System",
                      "metadata": dict(metadata, name="payments"),
                      "spec": {"owner": "team-a"}}
            relations.append({"type": "ownedBy", "targetRef": "group:default/team-a",
                              "target": {"kind": "group", "namespace": "default", "name": "team-a"}})
        elif index % 7 == 3:
            entity = {"apiVersion": "backstage.io/v1alpha1", "kind": "API",
                      "metadata": dict(metadata, name="api-%d" % index, tags=["rest"]),
                      "spec": {"type": "openapi", "lifecycle": "production", "owner": "team-b",
                               "definition": "openapi: 3.0.0\ninfo:\n  title: API %d\n" % index}}
            relations.append({"type": "ownedBy", "targetRef": "group:default/team-b",
                              "target": {"kind": "group", "namespace": "default", "name": "team-b"}})
        else:
            name = "checkout-%d" % index if index == 5 else "service-%d" % index
            annotations = {
                "backstage.io/managed-by-location": "url:https://github.com/acme/%s/blob/main/catalog-info.yaml" % name,
                "backstage.io/managed-by-origin-location": "url:https://github.com/acme/%s/blob/main/catalog-info.yaml" % name,
            }
            if index % 5 == 0:
                annotations["pagerduty.com/service-id"] = "PSVC%04d" % index
            meta = dict(metadata, name=name, annotations=annotations,
                        links=[{"url": "https://%s.acme.example" % name, "title": "Home"}])
            if index == 5:
                meta["title"] = "Checkout \U0001F6D2"
                meta["description"] = "Takes \"orders\" \\ pays\x7f\u2028next line\x85 caf\u00e9"
            entity = {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                      "metadata": meta,
                      "spec": {"type": "service", "lifecycle": "production",
                               "owner": "team-a" if index % 2 else "team-b", "system": "payments",
                               "dependsOn": ["component:default/service-%d" % (index - 1)] if index > 4 else []}}
            relations.append({"type": "partOf", "targetRef": "system:default/payments",
                              "target": {"kind": "system", "namespace": "default", "name": "payments"}})
        entity["relations"] = relations
        entity["status"] = {"items": [{"type": "backstage.io/catalog-processing", "level": "info", "message": "ok"}]}
        entities.append(entity)
    return entities


ENTITIES = make_entities(args.entities)
REQUESTS = []


def field(entity, key):
    value = entity
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        # Backstage matches keys case-insensitively too.
        match = [k for k in value if k.lower() == part.lower()]
        if not match:
            return None
        value = value[match[0]]
    return value


def matches(entity, filters):
    if not filters:
        return True
    for alternative in filters:
        by_key = {}
        for statement in [s.strip() for s in alternative.split(",") if s.strip()]:
            key, _, value = statement.partition("=")
            by_key.setdefault(key.strip(), []).append(value.strip() if "=" in statement else None)
        ok = True
        for key, values in by_key.items():
            actual = field(entity, key)
            if actual is None:
                ok = False
                break
            candidates = [str(a).lower() for a in (actual if isinstance(actual, list) else [actual])]
            if not any(v is None or v.lower() in candidates for v in values):
                ok = False
                break
        if ok:
            return True
    return False


def encode_cursor(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


def decode_cursor(text):
    return json.loads(base64.urlsafe_b64decode(text.encode()).decode())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, payload, headers=()):
        body = json.dumps(payload, ensure_ascii=args.ascii).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def error(self, code, name, message):
        self.send(code, {"error": {"name": name, "message": message},
                         "request": {"method": "GET", "url": self.path},
                         "response": {"statusCode": code}})

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/_requests":
            self.send(200, REQUESTS)
            return
        header = self.headers.get("Authorization")
        sent = header[len("Bearer "):] if header and header.startswith("Bearer ") else None
        authorization = "none" if sent is None else ("bearer-ok" if sent == args.token else "bearer-wrong")
        REQUESTS.append({"path": url.path, "query": url.query, "authorization": authorization})
        if args.token and sent != args.token:
            # Echoes what it was sent: the client must never pass such a message on unredacted.
            self.error(401, "AuthenticationError", "Invalid token %s" % sent if sent else "Missing credentials")
            return
        if url.path == "/api/catalog/entities/by-query":
            self.by_query(query)
        elif url.path == "/api/catalog/entities":
            self.entities(query)
        else:
            self.error(404, "NotFoundError", "No route for %s" % url.path)

    def page_number(self, offset, limit):
        return offset // max(limit, 1) + 1

    def by_query(self, query):
        if args.old:
            self.error(404, "NotFoundError", "Not Found")
            return
        limit = min(int(query.get("limit", ["20"])[0]), args.max_limit)
        if "cursor" in query:
            if "filter" in query:
                self.error(400, "InputError", "Cannot combine cursor with filter")
                return
            state = decode_cursor(query["cursor"][0])
            filters, offset = state["filter"], state["offset"]
        else:
            filters, offset = query.get("filter", []), 0
        if args.fail_page and self.page_number(offset, limit) == args.fail_page:
            self.error(500, "Error", "database unavailable")
            return
        selected = [e for e in ENTITIES if matches(e, filters)]
        items = selected[offset:offset + limit]
        page_info = {}
        if args.loop_cursor:
            page_info["nextCursor"] = encode_cursor({"filter": filters, "offset": limit})
        elif offset + limit < len(selected):
            page_info["nextCursor"] = encode_cursor({"filter": filters, "offset": offset + limit})
        if offset > 0:
            page_info["prevCursor"] = encode_cursor({"filter": filters, "offset": max(0, offset - limit)})
        self.send(200, {"items": items, "totalItems": len(selected), "pageInfo": page_info})
        self.grow(self.page_number(offset, limit))

    def grow(self, page):
        if args.grow_after_page and page == args.grow_after_page:
            ENTITIES.insert(0, {"apiVersion": "backstage.io/v1alpha1", "kind": "Group",
                                "metadata": {"namespace": "default", "name": "team-new", "uid": "new"},
                                "spec": {"type": "team", "children": []}, "relations": [], "status": {}})

    def entities(self, query):
        filters = query.get("filter", [])
        limit = min(int(query["limit"][0]), args.max_limit) if "limit" in query else None
        offset = int(query.get("offset", ["0"])[0])
        if "after" in query:
            offset = decode_cursor(query["after"][0])["offset"]
        if args.fail_page and limit and self.page_number(offset, limit) == args.fail_page:
            self.error(500, "Error", "database unavailable")
            return
        selected = [e for e in ENTITIES if matches(e, filters)]
        if limit is None:
            self.send(200, selected[offset:])
            return
        items = selected[offset:offset + limit]
        headers = []
        if offset + limit < len(selected):
            # As the catalog router writes it: the request's own query, offset dropped, after set.
            pairs = [(k, v) for k, vs in query.items() for v in vs if k not in ("offset", "after")]
            pairs.append(("after", encode_cursor({"offset": offset + limit})))
            headers.append(("Link", '</entities?%s>; rel="next"' % urlencode(pairs)))
        self.send(200, items, headers)
        self.grow(self.page_number(offset, limit))


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
