#!/usr/bin/env python3
"""GitLab's REST API (v4), as far as discovery uses it, on 127.0.0.1 (prints its port, serves until killed).

  GET /api/v4/groups/{id or url-encoded path}/projects?include_subgroups=&archived=&per_page=&page=
      a group's projects, GitLab's project objects, ordered by id. The group is `acme` (id 42)
      with the subgroup `acme/platform` (id 43): every third project lives there, and only
      include_subgroups=true lists those from `acme`. archived=false leaves archived ones out.
      per_page defaults to 20, at most 100 (and --max-per-page). Pagination headers as GitLab
      writes them: x-page, x-per-page, x-next-page (empty on the last page), x-prev-page,
      x-total, x-total-pages, and Link with rel="prev"/"next"/"first"/"last" (none with
      --no-link, as GitLab does past 10,000 results for x-total and rel="last").
      An unknown group: 404 {"message":"404 Group Not Found"}.
  GET /api/v4/projects/{id}/repository/files/{url-encoded path}/raw?ref=   the file's bytes,
      ETag, 304 on a matching If-None-Match; 404 {"message":"404 File Not Found"} when missing.

Every API answer carries RateLimit-Limit/-Observed/-Remaining/-Reset (epoch seconds)/-ResetTime.
With --rate-limit N, the N+1th request of a window (--rate-window seconds) gets 429 with
Retry-After (--retry-after) and RateLimit-Remaining: 0, body "Retry later" (Rack::Attack's);
GitLab does not say that 304s are free, so here they count.
With --token T, a request without `PRIVATE-TOKEN: T` or `Authorization: Bearer T` gets 401.
Projects are service-000…; (index+1) % --without-catalog-every == 0 have no catalog file, the
last --archived are archived, the --empty before those have no repository (default_branch null),
--fail-project NAME answers 500 for its file. See hosted_api.py for the control endpoints.
"""
import argparse
import email.utils
import sys
from urllib.parse import parse_qs, quote, unquote

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
from hosted_api import HostedHandler, RateWindow, RequestLog, catalog_file, etag_of, matches, serve

GROUPS = {"42": "acme", "acme": "acme", "43": "acme/platform", "acme/platform": "acme/platform"}


class State:
    def __init__(self, args):
        self.args = args
        self.log = RequestLog()
        self.window = RateWindow(args.rate_limit, args.rate_window)
        self.delay = args.delay_ms / 1000
        width = max(3, len(str(args.projects - 1)))
        self.projects = []
        for index in range(args.projects):
            name = f"service-{index:0{width}d}"
            archived = index >= args.projects - args.archived
            empty = not archived and index >= args.projects - args.archived - args.empty
            self.projects.append({
                "index": index,
                "id": 1000 + index,
                "name": name,
                "namespace": "acme/platform" if index % 3 == 2 else "acme",
                "archived": archived,
                "empty": empty,
                "has_catalog": not empty and not (args.without_catalog_every and (index + 1) % args.without_catalog_every == 0),
                "revision": 1,
            })
        self.by_id = {str(project["id"]): project for project in self.projects}
        self.by_name = {project["name"]: project for project in self.projects}

    def change(self, name):
        project = self.by_name.get(name)
        if project is None:
            return False
        project["revision"] += 1
        return True


def project_json(base, project):
    path = f"{project['namespace']}/{project['name']}"
    namespace_id = 43 if project["namespace"] == "acme/platform" else 42
    return {
        "id": project["id"],
        "description": f"The {project['name']} service",
        "name": project["name"],
        "name_with_namespace": path.replace("/", " / "),
        "path": project["name"],
        "path_with_namespace": path,
        "created_at": "2020-01-01T00:00:00.000Z",
        "default_branch": None if project["empty"] else "main",
        "tag_list": [],
        "topics": [],
        "ssh_url_to_repo": f"git@gitlab.example.com:{path}.git",
        "http_url_to_repo": f"https://gitlab.example.com/{path}.git",
        "web_url": f"https://gitlab.example.com/{path}",
        "readme_url": None if project["empty"] else f"https://gitlab.example.com/{path}/-/blob/main/README.md",
        "avatar_url": None,
        "forks_count": 0,
        "star_count": 0,
        "last_activity_at": "2026-01-01T00:00:00.000Z",
        "namespace": {"id": namespace_id, "name": project["namespace"].split("/")[-1], "path": project["namespace"].split("/")[-1],
                      "kind": "group", "full_path": project["namespace"], "parent_id": 42 if namespace_id == 43 else None},
        "archived": project["archived"],
        "visibility": "private",
        "empty_repo": project["empty"],
        "_links": {name: f"{base}/api/v4/projects/{project['id']}/{name}" for name in ("issues", "merge_requests", "repo_branches", "labels", "events", "members")},
    }


class Handler(HostedHandler):
    def rate_headers(self):
        remaining, used, reset = self.state.window.snapshot()
        return [("RateLimit-Name", "throttle_authenticated_api"), ("RateLimit-Limit", str(self.state.args.rate_limit)),
                ("RateLimit-Observed", str(used)), ("RateLimit-Remaining", str(remaining)),
                ("RateLimit-Reset", str(reset)), ("RateLimit-ResetTime", email.utils.formatdate(reset, usegmt=True))]

    def fail(self, code, message):
        self.send_json(code, {"message": message}, self.rate_headers())

    def api(self, url):
        args = self.state.args
        if args.token:
            if self.headers.get("PRIVATE-TOKEN") != args.token and self.headers.get("Authorization") != f"Bearer {args.token}":
                self.fail(401, "401 Unauthorized")
                return
        if not self.state.window.spend():
            headers = self.rate_headers() + [("Retry-After", str(args.retry_after))]
            self.send(429, b"Retry later\n", "text/plain", headers)
            return
        # Split before decoding: a group path and a file path arrive with their slashes as %2F.
        parts = url.path.split("/")
        query = parse_qs(url.query)
        if len(parts) == 6 and parts[1:3] == ["api", "v4"] and parts[3] == "groups" and parts[5] == "projects":
            self.listing(unquote(parts[4]), query)
        elif len(parts) == 9 and parts[1:4] == ["api", "v4", "projects"] and parts[5:7] == ["repository", "files"] and parts[8] == "raw":
            self.file(unquote(parts[4]), unquote(parts[7]), query)
        else:
            self.fail(404, "404 Not Found")

    def listing(self, group, query):
        args = self.state.args
        full_path = GROUPS.get(group)
        if full_path is None:
            self.fail(404, "404 Group Not Found")
            return
        subgroups = query.get("include_subgroups", ["false"])[0] == "true"
        archived = query.get("archived", [None])[0]
        projects = [p for p in self.state.projects
                    if (p["namespace"] == full_path or (subgroups and p["namespace"].startswith(full_path + "/")))
                    and (archived is None or p["archived"] == (archived == "true"))]
        per_page = max(1, min(int(query.get("per_page", ["20"])[0]), 100, args.max_per_page))
        page = max(1, int(query.get("page", ["1"])[0]))
        total_pages = max(1, -(-len(projects) // per_page))
        base = f"http://{self.headers.get('Host')}"

        def link(number):
            pairs = {key: values[0] for key, values in query.items()}
            pairs.update(page=str(number), per_page=str(per_page))
            return f"<{base}/api/v4/groups/{quote(group, safe='')}/projects?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in pairs.items()) + ">"

        headers = self.rate_headers() + [
            ("x-page", str(page)), ("x-per-page", str(per_page)),
            ("x-next-page", str(page + 1) if page < total_pages else ""),
            ("x-prev-page", str(page - 1) if page > 1 else ""),
            ("x-total", str(len(projects))), ("x-total-pages", str(total_pages)),
        ]
        if not args.no_link:
            links = []
            if page > 1:
                links.append(f'{link(page - 1)}; rel="prev"')
            if page < total_pages:
                links.append(f'{link(page + 1)}; rel="next"')
            links += [f'{link(1)}; rel="first"', f'{link(total_pages)}; rel="last"']
            headers.append(("Link", ", ".join(links)))
        body = [project_json(base, p) for p in projects[(page - 1) * per_page: page * per_page]]
        self.send_json(200, body, headers)

    def file(self, project_id, path, query):
        args = self.state.args
        project = self.state.by_id.get(project_id)
        if project is None:
            self.fail(404, "404 Project Not Found")
            return
        if project["name"] == args.fail_project:
            self.fail(500, "500 Internal Server Error")
            return
        if project["empty"] or query.get("ref", [""])[0] != "main":
            self.fail(404, "404 Commit Not Found")
            return
        if path != args.catalog_path or not project["has_catalog"]:
            self.fail(404, "404 File Not Found")
            return
        body = catalog_file(project["name"], project["index"], project["revision"])
        etag = etag_of(body)
        headers = [("ETag", etag), ("X-Gitlab-File-Path", path), ("X-Gitlab-Ref", "main"),
                   ("Cache-Control", "max-age=0, private, must-revalidate")] + self.rate_headers()
        if matches(self.headers.get("If-None-Match"), etag):
            self.send(304, headers=headers)
        else:
            self.send(200, body, "text/plain; charset=utf-8", headers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", "--repos", dest="projects", type=int, default=30)
    parser.add_argument("--without-catalog-every", type=int, default=0)
    parser.add_argument("--archived", type=int, default=1)
    parser.add_argument("--empty", type=int, default=0)
    parser.add_argument("--catalog-path", default="catalog-info.yaml")
    parser.add_argument("--max-per-page", type=int, default=100)
    parser.add_argument("--no-link", action="store_true")
    parser.add_argument("--token")
    parser.add_argument("--rate-limit", type=int, default=2000)
    parser.add_argument("--rate-window", type=int, default=60)
    parser.add_argument("--retry-after", type=int, default=7)
    parser.add_argument("--fail-project")
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    Handler.state = State(args)
    serve(Handler)


if __name__ == "__main__":
    main()
