"""Benchmark: a function (check eligibility, or answer FAQ) against a bare Flask +
serverless-wsgi app answering the same route.

Both run as AWS Lambda runs them: a Python without site-packages, the shared layer
built by the Makefile (for this machine's platform) on the path, and the function's
code directory as the task root.

(a) cold: a fresh process imports the handler and answers one API Gateway HTTP API
    v2 event; wall time from spawn to exit.
(b) warm: one process answers repeated events through the Lambda handler; time per request.

Both sides run alternately in one run; the figure is the ratio of medians.
    python3 bench/cold_warm.py [--function eligibility|faq] [--runs 21] [--requests 3000] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))

SECRET = "bench-secret-" + "z" * 48
RESOURCE = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
            "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}

# A Lambda-like process: task root and layer on the path, import the handler, serve.
RUNNER = """
import json, statistics, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from app import handler
event = json.loads(sys.argv[3])
requests = int(sys.argv[4])
response = handler(event, None)
assert response["statusCode"] == 200, response
if requests:
    for _ in range(200):
        handler(event, None)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = handler(event, None)
        samples.append(time.perf_counter() - started)
    assert response["statusCode"] == 200, response
    print(json.dumps(samples))
"""


def event(method: str, path: str, token: str, body: dict | None = None) -> dict:
    return {"version": "2.0", "routeKey": f"{method} {path}", "rawPath": path, "rawQueryString": "",
            "headers": {"host": "localhost", "authorization": f"Bearer {token}", "content-type": "application/json"},
            "body": json.dumps(body, ensure_ascii=False) if body is not None else None,
            "requestContext": {"http": {"method": method, "path": path, "sourceIp": "127.0.0.1"}, "requestId": "bench"},
            "isBase64Encoded": False}


# name -> (function code directory, method, path, body, label, targets)
FUNCTIONS = {
    "eligibility": ("check_eligibility", "GET", "/v1/resources/i-bench/eligibility", None, "check eligibility",
                    {"cold_ratio": 1.3, "warm_ratio": 1.5}),
    "faq": ("answer_faq", "POST", "/v1/faq/answer",
            {"question": "为什么我的服务器申请不了备案服务号？", "resource_id": "i-bench"}, "answer FAQ",
            {"cold_ratio": 1.5, "warm_ms": 2.0}),
}


def build_layer(target: Path) -> Path:
    machine = {"x86_64": "x86_64", "AMD64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}[platform.machine()]
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    subprocess.run(["make", "-s", "-C", str(ROOT), "build-SharedLayer", f"ARTIFACTS_DIR={target}",
                    f"LAMBDA_PYTHON={python}", f"LAMBDA_PLATFORM=manylinux2014_{machine}"], check=True,
                   stdout=subprocess.DEVNULL)
    return target / "python"


def prepare_store(path: Path) -> str:
    from icp_filing import resource_updates
    from icp_filing.context import Context
    from kvstore import open_store

    url = f"sqlite:///{path}"
    store = open_store(url)
    resource_updates.upsert(Context(store), "i-bench", RESOURCE, "operator:bench")
    store.close()
    return url


def run(task: Path, layer: Path, payload: str, requests: int, env: dict) -> tuple[float, list[float]]:
    # The function's log lines (one per request) go to a file, as to a log collector: a
    # pipe read by this Python process would add its context switches to every line.
    with open(task / "stderr.log", "a") as log:
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-S", "-c", RUNNER, str(task), str(layer), payload, str(requests)],
                             env=env, check=True, cwd=task, stdout=subprocess.PIPE, stderr=log, text=True)
        return time.perf_counter() - started, json.loads(out.stdout) if requests else []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--function", choices=sorted(FUNCTIONS), default="eligibility")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        layer = build_layer(tmp / "layer")
        code_dir, method, path, body, label, targets = FUNCTIONS[args.function]
        ours, base = tmp / "task-function", tmp / "task-baseline"
        shutil.copytree(ROOT / "functions" / code_dir, ours)
        base.mkdir()
        shutil.copy(ROOT / "bench" / "baseline_app.py", base / "app.py")
        os.environ.update(ICP_STORE_URL=prepare_store(tmp / "bench.db"), ICP_JWT_SECRET=SECRET,
                          ICP_AUTH_MODE="jwt")
        from icp_api.auth import issue_token

        payload = json.dumps(event(method, path, issue_token("alice", "customer", ttl_seconds=7200), body))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        cold = {"ours": [], "baseline": []}
        for _ in range(args.runs):  # alternate, so drift hits both alike
            cold["ours"].append(run(ours, layer, payload, 0, env)[0])
            cold["baseline"].append(run(base, layer, payload, 0, env)[0])
        warm = {"ours": [], "baseline": []}
        for _ in range(3):
            warm["ours"] += run(ours, layer, payload, args.requests // 3, env)[1]
            warm["baseline"] += run(base, layer, payload, args.requests // 3, env)[1]

    def ms(xs: list[float]) -> float:
        return round(statistics.median(xs) * 1000, 3)

    result = {
        "function": label,
        "targets": targets,
        "cold_ms": {"ours": ms(cold["ours"]), "baseline": ms(cold["baseline"]), "runs": args.runs},
        "warm_ms": {"ours": ms(warm["ours"]), "baseline": ms(warm["baseline"]), "requests": len(warm["ours"]),
                    "ours_p99": round(sorted(warm["ours"])[int(len(warm["ours"]) * 0.99)] * 1000, 3)},
    }
    for part in (result["cold_ms"], result["warm_ms"]):
        part["ratio"] = round(part["ours"] / part["baseline"], 3)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    c, w = result["cold_ms"], result["warm_ms"]
    warm_target = (f"target ratio <= {targets['warm_ratio']}" if "warm_ratio" in targets
                   else f"target median < {targets['warm_ms']} ms")
    print(f"cold start, one request (median of {c['runs']} fresh processes):")
    print(f"  {label:17} {c['ours']:8.1f} ms   bare Flask+serverless-wsgi {c['baseline']:8.1f} ms   "
          f"ratio {c['ratio']:.2f} (target <= {targets['cold_ratio']})")
    print(f"warm request through the Lambda handler (median of {w['requests']}):")
    print(f"  {label:17} {w['ours']:8.3f} ms   bare Flask JSON route      {w['baseline']:8.3f} ms   "
          f"ratio {w['ratio']:.2f} ({warm_target}); ours p99 {w['ours_p99']:.3f} ms")


if __name__ == "__main__":
    main()
