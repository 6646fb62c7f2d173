#!/usr/bin/env python3
"""cairn exec driver: makes (or removes) a SQLite database file in the request's workspace.

Contract: the request arrives as JSON on stdin ({"action", "job", "resource", "target",
"parameters", "workspace", ...}); progress goes to stderr (it becomes the job log); on success
stdout carries one JSON object {"outputs": {...}, "secrets": {...}}. Running it again with the
same request must finish the same resource, never make a second one (cairn resumes jobs).
"""
import json
import os
import sqlite3
import sys

request = json.load(sys.stdin)
workspace = request["workspace"]
path = os.path.join(workspace, request["resource"]["name"] + ".sqlite3")

if request["action"] == "deprovision":
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    print(f"removed {path}", file=sys.stderr)
    sys.exit(0)

mode = request["parameters"].get("journalMode", "wal")
if mode not in ("wal", "delete"):
    print(f"error: journalMode must be wal or delete, not {mode!r}", file=sys.stderr)
    sys.exit(2)
os.makedirs(workspace, exist_ok=True)
existed = os.path.exists(path)
with sqlite3.connect(path) as connection:
    connection.execute(f"PRAGMA journal_mode={mode}")
    connection.execute("CREATE TABLE IF NOT EXISTS cairn_provisioned (job INTEGER, target TEXT)")
    if not existed:
        connection.execute("INSERT INTO cairn_provisioned VALUES (?, ?)", (request["job"]["id"], request["target"]["ref"]))
print(f"{'found' if existed else 'created'} {path} (journal mode {mode})", file=sys.stderr)
print(json.dumps({"outputs": {"SQLITE_PATH": path, "DATABASE_URL": "sqlite:///" + path}}))
