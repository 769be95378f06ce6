"""Benchmark: a function (check eligibility, or answer FAQ) against a bare Flask +
serverless-wsgi app answering the same route, both as AWS Lambda runs them.

As Lambda runs them:
- the runtime's Python (3.13, ``python3.13 -S``: no site-packages), with bytecode
  writes off (``PYTHONDONTWRITEBYTECODE=1``: Lambda's code directories are read-only,
  so a module without bytecode is compiled on every cold start, never cached);
- the layer as ``sam build`` ships it: built by the Makefile (for this machine's
  platform), bytecode of the runtime's Python only; the baseline's layer (Flask and
  serverless-wsgi, the versions the project pins) built the same way;
- the function's code directory as ``sam build`` ships it (built by the Makefile: its
  app.py and that module's bytecode); the baseline's app.py compiled the same way;
- the deployed auth mode: ``gateway`` (the event carries the authorizer's context) for
  eligibility, ``jwt`` for the FAQ (public: it verifies the token it is given itself);
- one API Gateway HTTP API v2 event with the route key the gateway matched.

The code and layer are copied, made read-only, and checked afterwards: no bytecode
was written. (a) cold: a fresh process imports the handler and answers one event,
wall time from spawn to exit. (b) warm: one process answers the event repeatedly,
time per request. Both sides alternate in one run; the figures are ratios of medians.

    python3 bench/cold_warm.py [--function eligibility|faq] [--auth gateway|jwt] [--via direct|flask]
                               [--no-bytecode] [--runs 21] [--requests 3000] [--importtime] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import stat
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
import json, sys, time
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


def event(method: str, template_path: str, path: str, auth: str, token: str, body: dict | None = None,
          route_key: str | None = None) -> dict:
    headers = {"host": "api.example.com", "content-type": "application/json", "authorization": f"Bearer {token}"}
    request_context = {"http": {"method": method, "path": path, "sourceIp": "198.51.100.7"}, "requestId": "bench",
                       "stage": "$default"}
    if auth == "gateway":  # what the HTTP API's Lambda authorizer passes on
        request_context["authorizer"] = {"lambda": {"sub": "alice", "role": "customer", "exp": int(time.time()) + 7200}}
    return {"version": "2.0", "routeKey": route_key or f"{method} {template_path}", "rawPath": path, "rawQueryString": "",
            "headers": headers, "body": json.dumps(body, ensure_ascii=False) if body is not None else None,
            "requestContext": request_context, "isBase64Encoded": False}


# name -> (function logical id, method, template path, path, body, label, targets)
FUNCTIONS = {
    "eligibility": ("CheckEligibilityFunction", "GET", "/v1/resources/{resource_id}/eligibility",
                    "/v1/resources/i-bench/eligibility", None, "check eligibility",
                    {"cold_ratio": 1.1, "warm_ratio": 1.2}),
    "faq": ("AnswerFaqFunction", "POST", "/v1/faq/answer", "/v1/faq/answer",
            {"question": "为什么我的服务器申请不了备案服务号？", "resource_id": "i-bench"}, "answer FAQ",
            {"cold_ratio": 1.5, "warm_ms": 2.0}),
}


def lambda_python() -> str:
    prefix = subprocess.run(["pyenv", "prefix", "3.13.0"], capture_output=True, text=True).stdout.strip()
    candidate = os.environ.get("LAMBDA_PYTHON_BIN") or (f"{prefix}/bin/python3.13" if prefix else "python3.13")
    return candidate


def machine() -> str:
    return {"x86_64": "x86_64", "AMD64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}[platform.machine()]


def build_layer(target: Path, python: str) -> Path:
    subprocess.run(["make", "-s", "-C", str(ROOT), "build-SharedLayer", f"ARTIFACTS_DIR={target}",
                    f"LAMBDA_PYTHON_BIN={python}", f"LAMBDA_PLATFORM=manylinux2014_{machine()}"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return target / "python"


def build_function(function_id: str, target: Path, python: str) -> Path:
    """The function's code directory as the Makefile builds it for sam build."""
    subprocess.run(["make", "-s", "-C", str(ROOT), f"build-{function_id}", f"ARTIFACTS_DIR={target}",
                    f"LAMBDA_PYTHON_BIN={python}"], check=True, stdout=subprocess.DEVNULL)
    return target


def compile_tree(python: str, tree: Path) -> None:
    subprocess.run([python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", str(tree)],
                   check=True, stdout=subprocess.DEVNULL)


def build_baseline_layer(target: Path, python: str) -> Path:
    """Flask and serverless-wsgi at the project's pins, installed and compiled as the Makefile does."""
    pins = [line.split("#")[0].strip() for line in (ROOT / "shared" / "requirements.txt").read_text().splitlines()
            if line.strip().lower().startswith(("flask", "serverless-wsgi"))]
    layer = target / "python"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
                    "-t", str(layer), "--platform", f"manylinux2014_{machine()}", "--python-version", "3.13",
                    "--only-binary=:all:", *pins], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    shutil.rmtree(layer / "bin", ignore_errors=True)
    compile_tree(python, layer)
    return layer


def prepare_store(path: Path) -> str:
    from icp_filing import resources
    from icp_filing.context import Context
    from kvstore import open_store

    url = f"sqlite:///{path}"
    store = open_store(url)
    resources.upsert(Context(store), "i-bench", RESOURCE, "operator:bench")
    store.close()
    return url


def read_only(*trees: Path) -> None:
    for tree in trees:
        for path in [tree, *tree.rglob("*")]:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def bytecode(*trees: Path) -> set[Path]:
    return {p for tree in trees for p in tree.rglob("*.pyc")}


def run(python: str, task: Path, layer: Path, payload: str, requests: int, env: dict,
        log_dir: Path) -> tuple[float, list[float]]:
    # The function's log lines (one per request) go to a file, as to a log collector.
    with open(log_dir / f"{task.name}.log", "a") as log:
        started = time.perf_counter()
        out = subprocess.run([python, "-S", "-c", RUNNER, str(task), str(layer), payload, str(requests)],
                             env=env, check=True, cwd=task, stdout=subprocess.PIPE, stderr=log, text=True)
        return time.perf_counter() - started, json.loads(out.stdout) if requests else []


def import_profile(python: str, task: Path, layer: Path, env: dict) -> dict[str, float]:
    """Milliseconds of import (each module's own time, ``-X importtime``) by top-level
    package, of importing the handler module."""
    code = f"import sys; sys.path[:0] = [{str(task)!r}, {str(layer)!r}]; import app"
    err = subprocess.run([python, "-S", "-X", "importtime", "-c", code], env=env, cwd=task, check=True,
                         capture_output=True, text=True).stderr
    totals: dict[str, float] = {}
    for line in err.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, _, name = line[len("import time:"):].split("|")
        root = name.strip().split(".")[0]
        totals[root] = totals.get(root, 0.0) + int(own) / 1000
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--function", choices=sorted(FUNCTIONS), default="eligibility")
    parser.add_argument("--auth", choices=["gateway", "jwt"], default=None,
                        help="default: as deployed (gateway behind the authorizer; jwt for the public FAQ)")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--via", choices=["direct", "flask"], default="direct",
                        help="flask: a $default route key, so our handler goes through serverless-wsgi and Flask")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="ship our side without bytecode (as the layer shipped before: every cold start compiles)")
    parser.add_argument("--importtime", action="store_true", help="print where each side's import time goes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    args.auth = args.auth or ("jwt" if args.function == "faq" else "gateway")
    python = lambda_python()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        function_id, method, template_path, path, body, label, targets = FUNCTIONS[args.function]
        ours, base = tmp / "task-function", tmp / "task-baseline"
        layer = build_layer(tmp / "layer", python)
        base_layer = build_baseline_layer(tmp / "baseline-layer", python)
        build_function(function_id, ours, python)
        base.mkdir()
        shutil.copy(ROOT / "bench" / "baseline_app.py", base / "app.py")
        compile_tree(python, base)
        if args.no_bytecode:
            for pyc in bytecode(layer, ours):
                pyc.unlink()
        read_only(layer, base_layer, ours, base)
        shipped = bytecode(layer, base_layer, ours, base)
        logs = tmp / "logs"
        logs.mkdir()
        os.environ.update(ICP_STORE_URL=prepare_store(tmp / "bench.db"), ICP_JWT_SECRET=SECRET)
        from icp_api.auth import issue_token

        payload = json.dumps(event(method, template_path, path, args.auth,
                                   issue_token("alice", "customer", ttl_seconds=7200), body,
                                   route_key="$default" if args.via == "flask" else None))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(PYTHONDONTWRITEBYTECODE="1", ICP_AUTH_MODE=args.auth)
        if args.auth == "gateway":
            env.pop("ICP_JWT_SECRET")  # behind the authorizer, a function has no secret

        if args.importtime:  # the median of 5 profiles per package, each side
            for side, task, side_layer in (("ours", ours, layer), ("baseline", base, base_layer)):
                profiles = [import_profile(python, task, side_layer, env) for _ in range(5)]
                names = {name for profile in profiles for name in profile}
                medians = {n: statistics.median(p.get(n, 0.0) for p in profiles) for n in names}
                total = statistics.median(sum(p.values()) for p in profiles)
                print(f"-X importtime, {side}: {total:.1f} ms in all; by package (own time, ms):")
                for name, ms in sorted(medians.items(), key=lambda kv: -kv[1]):
                    if ms >= 0.5:
                        print(f"  {name:28} {ms:7.1f}")
            return

        cold = {"ours": [], "baseline": []}
        for _ in range(args.runs):  # alternate, so drift hits both alike
            cold["ours"].append(run(python, ours, layer, payload, 0, env, logs)[0])
            cold["baseline"].append(run(python, base, base_layer, payload, 0, env, logs)[0])
        warm = {"ours": [], "baseline": []}
        for _ in range(3):
            warm["ours"] += run(python, ours, layer, payload, args.requests // 3, env, logs)[1]
            warm["baseline"] += run(python, base, base_layer, payload, args.requests // 3, env, logs)[1]
        written = bytecode(layer, base_layer, ours, base) - shipped
        assert not written, f"bytecode was written: {sorted(written)[:5]}"
        version = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True,
                                 text=True, check=True).stdout.strip()

    def ms(xs: list[float]) -> float:
        return round(statistics.median(xs) * 1000, 3)

    result = {
        "function": label, "auth": args.auth, "via": args.via, "bytecode": not args.no_bytecode, "python": version,
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
    print(f"Python {version} -S, read-only code and layer, no bytecode writes; auth mode {args.auth}, "
          f"via {args.via}{', our side without bytecode' if args.no_bytecode else ''}")
    print(f"cold start, one request (median of {c['runs']} fresh processes):")
    print(f"  {label:17} {c['ours']:8.1f} ms   bare Flask+serverless-wsgi {c['baseline']:8.1f} ms   "
          f"ratio {c['ratio']:.2f} (target <= {targets['cold_ratio']})")
    print(f"warm request through the Lambda handler (median of {w['requests']}):")
    print(f"  {label:17} {w['ours']:8.3f} ms   bare Flask JSON route      {w['baseline']:8.3f} ms   "
          f"ratio {w['ratio']:.2f} ({warm_target}); ours p99 {w['ours_p99']:.3f} ms")


if __name__ == "__main__":
    main()
