#!/usr/bin/env python3
"""GitHub's REST API, as far as discovery uses it, on 127.0.0.1 (prints its port, serves until killed).

  GET /orgs/{org}/repos?per_page=&page=&type=   an organisation's repositories, GitHub's repository
      objects; per_page defaults to 30, at most 100 (and --max-per-page); Link: <…>; rel="next",
      "last", "first", "prev" as GitHub writes it. An unknown organisation: 404 Not Found.
  GET /repos/{owner}/{repo}/contents/{path}?ref=   a file. With Accept: application/vnd.github.raw
      (or .raw+json, .v3.raw) the bytes themselves, otherwise GitHub's JSON with base64 `content`.
      ETag on every answer; If-None-Match that matches: 304, not counted against the rate limit.
      A repository without the file, a ref that is not the default branch: 404.

Every API answer carries x-ratelimit-limit/-remaining/-used/-reset (epoch seconds)/-resource.
With --rate-limit N, the N+1th counted request of a window (--rate-window seconds) is refused:
  --limit-status 403 (primary limit): 403, x-ratelimit-remaining: 0, "API rate limit exceeded"
  --limit-status 429 (secondary limit): 429, retry-after: --retry-after, "secondary rate limit",
      while x-ratelimit-remaining still reports the (large) primary budget
With --token T, a request without `Authorization: Bearer T` (or `token T`) gets 401 Bad credentials.
Repositories are service-000…; (index+1) % --without-catalog-every == 0 have no catalog file, the
last --archived are archived, --fail-repo NAME answers 500 for its file. --link-loop makes every
page's next link point at page 2 (a server bug cairn must not follow forever); --next-host H puts
next links on another host; --extra-repo NAME lists one more repository named exactly NAME
(`..`, `a/b`: names GitHub would never send). See hosted_api.py for the control endpoints (/__requests …).
"""
import argparse
import base64
import json
import sys
from urllib.parse import parse_qs, quote

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
from hosted_api import HostedHandler, RateWindow, RequestLog, catalog_file, etag_of, matches, serve

DOCS = "https://docs.github.com/rest"
RAW_TYPES = ("application/vnd.github.raw", "application/vnd.github.raw+json", "application/vnd.github.v3.raw")


class State:
    def __init__(self, args):
        self.args = args
        self.log = RequestLog()
        self.window = RateWindow(args.rate_limit, args.rate_window)
        self.delay = args.delay_ms / 1000
        width = max(3, len(str(args.repos - 1)))
        self.repos = []
        for index in range(args.repos):
            name = f"service-{index:0{width}d}"
            self.repos.append({
                "index": index,
                "name": name,
                "archived": index >= args.repos - args.archived,
                "has_catalog": not (args.without_catalog_every and (index + 1) % args.without_catalog_every == 0),
                "revision": 1,
            })
        for name in args.extra_repo or []:
            self.repos.append({"index": len(self.repos), "name": name, "archived": False, "has_catalog": True, "revision": 1})
        self.by_name = {repo["name"]: repo for repo in self.repos}

    def change(self, name):
        repo = self.by_name.get(name)
        if repo is None:
            return False
        repo["revision"] += 1
        return True


def repository_json(base, org, repo):
    """A repository object with the fields GitHub returns (most of them URLs), so a page weighs
    about what a real one does."""
    full = f"{org}/{repo['name']}"
    api = f"{base}/repos/{full}"
    value = {
        "id": 100000 + repo["index"],
        "node_id": f"R_kgDO{100000 + repo['index']}",
        "name": repo["name"],
        "full_name": full,
        "private": True,
        "owner": {"login": org, "id": 4242, "type": "Organization", "url": f"{base}/users/{org}",
                  "html_url": f"https://github.com/{org}", "site_admin": False},
        "html_url": f"https://github.com/{full}",
        "description": f"The {repo['name']} service",
        "fork": False,
        "url": api,
        "archived": repo["archived"],
        "disabled": False,
        "visibility": "private",
        "default_branch": "main",
        "size": 1024,
        "language": "Swift",
        "pushed_at": "2026-01-01T00:00:00Z",
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "permissions": {"admin": False, "maintain": False, "push": False, "triage": False, "pull": True},
    }
    for field in ("forks", "keys", "collaborators", "teams", "hooks", "issue_events", "events", "assignees",
                  "branches", "tags", "blobs", "git_tags", "git_refs", "trees", "statuses", "languages",
                  "stargazers", "contributors", "subscribers", "subscription", "commits", "git_commits",
                  "comments", "issue_comment", "contents", "compare", "merges", "archive", "downloads",
                  "issues", "pulls", "milestones", "notifications", "labels", "releases", "deployments"):
        value[f"{field}_url"] = f"{api}/{field}"
    value["clone_url"] = f"https://github.com/{full}.git"
    value["ssh_url"] = f"git@github.com:{full}.git"
    return value


class Handler(HostedHandler):
    def rate_headers(self):
        remaining, used, reset = self.state.window.snapshot()
        if self.state.args.limit_status == 429:
            remaining = 5000 - used  # the secondary limit is not the primary budget
        return [("x-ratelimit-limit", str(self.state.args.rate_limit)), ("x-ratelimit-remaining", str(remaining)),
                ("x-ratelimit-used", str(used)), ("x-ratelimit-reset", str(reset)), ("x-ratelimit-resource", "core")]

    def fail(self, code, message, doc="", extra=()):
        self.send_json(code, {"message": message, "documentation_url": DOCS + doc, "status": str(code)},
                       list(extra) + self.rate_headers())

    def api(self, url):
        args = self.state.args
        if args.token:
            given = self.headers.get("Authorization", "")
            if given not in (f"Bearer {args.token}", f"token {args.token}"):
                self.fail(401, "Bad credentials")
                return
        parts = url.path.split("/")
        query = parse_qs(url.query)
        is_file = len(parts) >= 6 and parts[1] == "repos" and parts[4] == "contents"
        is_listing = len(parts) == 4 and parts[1] == "orgs" and parts[3] == "repos"
        # Every request is checked against the budget (a limited client gets the refusal, as from
        # GitHub); a 304 gives its unit back, since GitHub does not count those.
        if not self.state.window.spend():
            if args.limit_status == 429:
                self.fail(429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                          "/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                          [("retry-after", str(args.retry_after))])
            else:
                self.fail(403, "API rate limit exceeded for user ID 1.", "/overview/rate-limits-for-the-rest-api")
            return
        if is_listing:
            self.listing(parts[2], query)
        elif is_file:
            self.file(parts[2], parts[3], "/".join(parts[5:]), query, self.headers.get("If-None-Match"))
        else:
            self.fail(404, "Not Found")

    def listing(self, org, query):
        args = self.state.args
        if org != args.org:
            self.fail(404, "Not Found", "/repos/repos#list-organization-repositories")
            return
        per_page = max(1, min(int(query.get("per_page", ["30"])[0]), 100, args.max_per_page))
        page = max(1, int(query.get("page", ["1"])[0]))
        last = max(1, -(-len(self.state.repos) // per_page))
        repos = self.state.repos[(page - 1) * per_page: page * per_page]
        base = f"http://{self.headers.get('Host')}"
        host = f"http://{args.next_host}" if args.next_host else base
        kind = query.get("type", ["all"])[0]

        def link(number, origin=base):
            return f"<{origin}/orgs/{org}/repos?per_page={per_page}&type={kind}&page={number}>"

        links = []
        if args.link_loop:
            links.append(f'{link(2)}; rel="next"')
        elif page < last:
            links += [f'{link(page + 1, host)}; rel="next"', f'{link(last)}; rel="last"']
        if page > 1:
            links += [f'{link(page - 1)}; rel="prev"', f'{link(1)}; rel="first"']
        headers = self.rate_headers()
        if links:
            headers.append(("Link", ", ".join(links)))
        body = [repository_json(base, org, repo) for repo in repos]
        self.send_json(200, body, headers)

    def file(self, owner, name, path, query, if_none_match):
        args = self.state.args
        repo = self.state.by_name.get(name)
        if owner != args.org or repo is None:
            self.fail(404, "Not Found", "/repos/contents#get-repository-content")
            return
        if repo["name"] == args.fail_repo:
            self.fail(500, "Server Error")
            return
        if query.get("ref", ["main"])[0] != "main":
            self.fail(404, "No commit found for the ref " + query["ref"][0], "/repos/contents#get-repository-content")
            return
        if path != quote(args.catalog_path) or not repo["has_catalog"]:
            self.fail(404, "Not Found", "/repos/contents#get-repository-content")
            return
        content = catalog_file(repo["name"], repo["index"], repo["revision"])
        accept = self.headers.get("Accept", "")
        is_raw = any(kind in accept for kind in RAW_TYPES)
        if is_raw:
            body, content_type = content, "application/vnd.github.raw; charset=utf-8"
        else:
            encoded = base64.encodebytes(content).decode()
            body = (
                '{"type":"file","encoding":"base64","size":%d,"name":"%s","path":"%s","content":%s,"sha":"%s"}'
                % (len(content), args.catalog_path.split("/")[-1], args.catalog_path,
                   json.dumps(encoded), etag_of(content).strip('"'))
            ).encode()
            content_type = "application/json; charset=utf-8"
        etag = etag_of(body)
        is_not_modified = matches(if_none_match, etag)
        if is_not_modified:
            self.state.window.refund()
        headers = [("ETag", etag), ("Cache-Control", "private, max-age=60, s-maxage=60"),
                   ("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")] + self.rate_headers()
        if is_not_modified:
            self.send(304, headers=headers)
        else:
            self.send(200, body, content_type, headers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--org", default="acme")
    parser.add_argument("--repos", type=int, default=30)
    parser.add_argument("--without-catalog-every", type=int, default=0)
    parser.add_argument("--archived", type=int, default=1)
    parser.add_argument("--catalog-path", default="catalog-info.yaml")
    parser.add_argument("--max-per-page", type=int, default=100)
    parser.add_argument("--token")
    parser.add_argument("--rate-limit", type=int, default=5000)
    parser.add_argument("--rate-window", type=int, default=3600)
    parser.add_argument("--limit-status", type=int, choices=(403, 429), default=403)
    parser.add_argument("--retry-after", type=int, default=7)
    parser.add_argument("--fail-repo")
    parser.add_argument("--link-loop", action="store_true")
    parser.add_argument("--next-host")
    parser.add_argument("--extra-repo", action="append", help="one more repository with exactly this name (hostile ones too)")
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    Handler.state = State(args)
    serve(Handler)


if __name__ == "__main__":
    main()
