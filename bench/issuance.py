"""Benchmark: issuing service numbers through the Lambda handler, on SQLite, on
PostgreSQL 15 (a throwaway cluster on loopback, durable settings) and on moto's
DynamoDB server (loopback), beside a warm eligibility request on the same store; and
what a PostgreSQL connection costs a cold start.

    python3 bench/issuance.py [--requests 600] [--threads 4] [--only sqlite,postgresql,dynamodb] [--json]

Latency is per request, one client (median, p99); throughput is numbers issued per
second, one client and (SQLite) several threads on distinct resources. The ratio is
issuance median / eligibility median on the same backend.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "tests")]
os.environ.update(ICP_JWT_SECRET="bench-secret-" + "z" * 48, ICP_QUOTA_ECS="1000000",
                  AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")

from icp_api import runtime  # noqa: E402
from icp_api.auth import issue_token  # noqa: E402
from icp_filing import resources  # noqa: E402
from icp_filing.config import load  # noqa: E402
from icp_filing.context import Context  # noqa: E402
from functions_loader import function_module  # noqa: E402
from kvstore import open_store  # noqa: E402

ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}


def event(method: str, path: str, token: str, body: dict | None = None) -> dict:
    return {"version": "2.0", "rawPath": path, "rawQueryString": "",
            "headers": {"host": "localhost", "authorization": f"Bearer {token}", "content-type": "application/json"},
            "body": json.dumps(body) if body is not None else None, "isBase64Encoded": False,
            "requestContext": {"http": {"method": method, "path": path}, "requestId": "bench"}}


def timed(handler, events: list[dict], expect: int) -> list[float]:
    samples = []
    for e in events:
        started = time.perf_counter()
        response = handler(e, None)
        samples.append(time.perf_counter() - started)
        assert response["statusCode"] == expect, response
    return samples


def measure(url: str, requests: int, threads: int) -> dict:
    store = open_store(url)
    ctx = Context(store, load())
    runtime.use(ctx)
    for n in range(max(threads, 1)):
        resources.upsert(ctx, f"i-bench-{n}", ECS, "operator:bench")
    token = issue_token("alice", "customer", ttl_seconds=7200)
    issue = function_module("IssueServiceNumberFunction").handler
    check = function_module("CheckEligibilityFunction").handler
    post = event("POST", "/v1/resources/i-bench-0/service-numbers", token, {"count": 1})
    get = event("GET", "/v1/resources/i-bench-0/eligibility", token)
    timed(issue, [post] * 30, 201)
    timed(check, [get] * 30, 200)
    issue_s, check_s = [], []
    for _ in range(3):  # alternate so drift hits both alike
        issue_s += timed(issue, [post] * (requests // 3), 201)
        check_s += timed(check, [get] * (requests // 3), 200)
    result = {
        "issue_median_ms": round(statistics.median(issue_s) * 1000, 3),
        "issue_p99_ms": round(sorted(issue_s)[int(len(issue_s) * 0.99)] * 1000, 3),
        "eligibility_median_ms": round(statistics.median(check_s) * 1000, 3),
        "one_client_per_s": round(len(issue_s) / sum(issue_s), 1),
    }
    result["ratio_to_eligibility"] = round(result["issue_median_ms"] / result["eligibility_median_ms"], 2)
    if threads > 1:
        per_thread = requests // threads
        started = time.perf_counter()
        workers = [threading.Thread(target=timed, args=(issue, [event(
            "POST", f"/v1/resources/i-bench-{n}/service-numbers", token, {"count": 1})] * per_thread, 201))
            for n in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        result[f"{threads}_threads_per_s"] = round(per_thread * threads / (time.perf_counter() - started), 1)
    runtime.use(None)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="sqlite,postgresql,dynamodb")
    args = parser.parse_args()
    only = set(args.only.split(","))
    results = {}
    if "sqlite" in only:
        with tempfile.TemporaryDirectory() as tmp:
            results["sqlite"] = measure(f"sqlite:///{tmp}/bench.db", args.requests, args.threads)
    if "postgresql" in only:
        import postgres_cluster

        cluster = postgres_cluster.Cluster(durable=True)  # fsync and synchronous_commit on, as a server runs
        try:
            results["postgresql"] = measure(cluster.url("bench"), args.requests, args.threads)
            results["postgresql"].update(connection_cost(cluster))
        finally:
            cluster.stop()
    if "dynamodb" not in only:
        report(results, args.json)
        return
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        # moto is not thread-safe (see tests/conftest.py), so one client only there.
        results["dynamodb (moto server)"] = measure(
            f"dynamodb://bench?endpoint_url=http://{host}:{port}&region=us-east-1&create=true", args.requests, 1)
    finally:
        server.stop()
    report(results, args.json)


def connection_cost(cluster, rounds: int = 30) -> dict:
    """What a cold function pays for PostgreSQL: importing psycopg (a fresh interpreter
    each time), and opening a store up to its first answered read, over loopback TCP
    and a Unix socket (a fresh connection each time; the server already warm)."""
    import subprocess

    imports = []
    for _ in range(7):
        out = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); import psycopg; "
                              "print(time.perf_counter() - t)"], capture_output=True, text=True, check=True)
        imports.append(float(out.stdout))
    result = {"import_psycopg_ms": round(statistics.median(imports) * 1000, 1)}
    for name, url in (("tcp", cluster.url("bench")), ("socket", cluster.url("bench", socket_dir=True))):
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            store = open_store(url)
            store.get("nothing", "here")
            samples.append(time.perf_counter() - started)
            store.close()
        result[f"connect_first_read_{name}_ms"] = round(statistics.median(samples) * 1000, 2)
    return result


def report(results: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(results, indent=2))
        return
    for backend, r in results.items():
        extra = "".join(f", {k.replace('_', ' ')} {v}" for k, v in r.items() if k.endswith("threads_per_s"))
        cold = "".join(f"; {k.replace('_', ' ')} {v}" for k, v in r.items() if k.startswith(("import_", "connect_")))
        print(f"{backend}: issue median {r['issue_median_ms']} ms (p99 {r['issue_p99_ms']} ms), "
              f"{r['one_client_per_s']}/s one client{extra}; warm eligibility {r['eligibility_median_ms']} ms; "
              f"ratio {r['ratio_to_eligibility']}{cold}")


if __name__ == "__main__":
    main()
