#!/usr/bin/env python3
"""An exec driver for the job tests: makes a folder (the workspace) with a token in it.

Reads the request as JSON on stdin, talks on stderr, prints outputs as JSON on stdout.
Every call is noted in $CAIRN_TEST_RECORD so a test can count what ran. mode=fail fails,
mode=slow sleeps `seconds` the first time (a resumed attempt finds its marker and goes on).
"""
import json
import os
import secrets
import sys
import time

request = json.load(sys.stdin)
action = request["action"]
job = request["job"]["id"]
name = request["resource"]["name"]
workspace = request["workspace"]


def note(text):
    record = os.environ.get("CAIRN_TEST_RECORD")
    if record:
        with open(record, "a") as handle:
            handle.write(text + "\n")


if action == "deprovision":
    note(f"deprovision {job} {name}")
    print(f"removing {workspace}", file=sys.stderr)
    sys.exit(0)

parameters = request["parameters"]
print(f"provisioning {name} for {request['target']['ref']}", file=sys.stderr, flush=True)
note(f"provision {job} {name}")
if parameters.get("mode") == "fail":
    print("quota check: 0 of 0 volumes left", file=sys.stderr)
    print("error: no capacity left in pool scratch-a", file=sys.stderr)
    sys.exit(3)
os.makedirs(workspace, exist_ok=True)
started = os.path.join(workspace, "started")
if parameters.get("mode") == "slow" and not os.path.exists(started):
    open(started, "w").close()
    print(f"sleeping {parameters.get('seconds', 0)} s", file=sys.stderr, flush=True)
    time.sleep(float(parameters.get("seconds", 0)))
token_file = os.path.join(workspace, "token")
if not os.path.exists(token_file):
    with open(token_file, "w") as handle:
        handle.write("tok-" + secrets.token_hex(12))
    note(f"created {job} {name}")
token = open(token_file).read()
print(f"made {workspace}", file=sys.stderr)
print(json.dumps({"outputs": {"SCRATCH_PATH": workspace}, "secrets": {"SCRATCH_TOKEN": token}}))
