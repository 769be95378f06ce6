"""Benchmark: a cold start of a Function Compute package (`make build-fc`) answering one
FC 3.0 HTTP event, on SQLite and on PostgreSQL: what the PostgreSQL connection (and
importing psycopg) adds to a cold start.

    make build-fc && python3 bench/fc3_cold_start.py [--rounds 15] [--python python3.12]

Each round is a fresh interpreter in isolated mode (-I: no site-packages) whose only
code is the package build/fc/CheckEligibilityFunction, as FC's runtime runs it: import
app, call handler(bytes of the event) once. Timed from before the interpreter starts
to the answer. PostgreSQL 15 runs on loopback (tests/postgres_cluster.py).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "tests")]
PACKAGE = ROOT / "build" / "fc" / "CheckEligibilityFunction"
SECRET = "bench-secret-" + "z" * 48

CHILD = """
import json, sys
sys.path.insert(0, ".")
import app
event = json.dumps({"version": "v1", "rawPath": "/v1/resources/i-1/eligibility", "body": "",
    "isBase64Encoded": False, "queryParameters": {},
    "headers": {"Authorization": "Bearer " + sys.argv[1], "Accept-Language": "en"},
    "requestContext": {"requestId": "cold", "http": {"method": "GET", "path": "/v1/resources/i-1/eligibility"}}})
response = app.handler(event.encode(), None)
assert response["statusCode"] == 200, response
"""


def seed(url: str) -> None:
    from icp_filing import resource_updates
    from icp_filing.config import load
    from icp_filing.context import Context
    from kvstore import open_store

    store = open_store(url)
    resource_updates.upsert(Context(store, load()), "i-1", {
        "owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
        "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}, "operator:bench")
    store.close()


def cold_starts(python: str, url: str, token: str, rounds: int) -> list[float]:
    env = {"PATH": os.environ["PATH"], "ICP_STORE_URL": url, "ICP_JWT_SECRET": SECRET, "ICP_LOG_LEVEL": "WARNING"}
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([python, "-I", "-c", CHILD, token], cwd=PACKAGE, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--python", default=shutil.which("python3.12") or "python3.12")
    args = parser.parse_args()
    if not (PACKAGE / "app.py").is_file():
        raise SystemExit("build the package first: make build-fc")
    os.environ["ICP_JWT_SECRET"] = SECRET
    from icp_api.auth import issue_token

    import postgres_cluster

    token = issue_token("alice", "customer", ttl_seconds=7200)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{tmp}/cold.db"
        seed(sqlite_url)
        cluster = postgres_cluster.Cluster(durable=True)
        try:
            pg_url = cluster.url("cold")
            seed(pg_url)
            cold_starts(args.python, sqlite_url, token, 2)  # page cache warm for both
            sqlite_s, pg_s = [], []
            for _ in range(3):  # alternate so drift hits both alike
                sqlite_s += cold_starts(args.python, sqlite_url, token, args.rounds // 3)
                pg_s += cold_starts(args.python, pg_url, token, args.rounds // 3)
        finally:
            cluster.stop()
    results["sqlite_ms"] = round(statistics.median(sqlite_s) * 1000, 1)
    results["postgresql_ms"] = round(statistics.median(pg_s) * 1000, 1)
    results["postgresql_adds_ms"] = round(results["postgresql_ms"] - results["sqlite_ms"], 1)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
