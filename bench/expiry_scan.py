"""Benchmark: the expiry scan's cost follows the number of due items, not the size
of the tables. Two SQLite stores with the same 1,000 due resources (expired past the
release grace period), one of 10,000 resources in all and one of 500,000; one scan
of each, timed. Target: ratio <= 1.5.

    python3 bench/expiry_scan.py [--small 10000] [--large 500000] [--due 1000] [--json]

The stores are filled through the domain's own upsert (on a connection with
synchronous=off, a bulk load only); the scans run on the normal, durable store.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))

from icp_filing import expiry_scan, resource_updates  # noqa: E402
from icp_filing.config import load  # noqa: E402
from icp_filing.context import Context  # noqa: E402
from kvstore import open_store  # noqa: E402

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)


def facts(n: int, expires_at: datetime) -> dict:
    return {"owner": f"acct-{n % 5000}", "product": "ecs", "billing": "subscription", "term_months": 12,
            "public_bandwidth_mbps": 5, "region": "cn-hangzhou",
            "expires_at": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")}


def build(path: Path, total: int, due: int) -> float:
    started = time.perf_counter()
    ctx = Context(open_store(f"sqlite:///{path}?synchronous=off"), load())
    for n in range(total):
        if n < due:   # expired 20 days ago, spread over a day: due for release
            expires = NOW - timedelta(days=20, seconds=n * 86)
        else:         # the rest expire over the next three years
            expires = NOW + timedelta(days=30, seconds=(n * 7919) % (3 * 365 * 86400))
        resource_updates.upsert(ctx, f"i-{n:07d}", facts(n, expires), "operator:bench")
    ctx.store.close()
    # The bulk load left the file's pages dirty in the OS cache: write them out now, or
    # the scan's first durable commit would pay for flushing the whole load.
    durable = open_store(f"sqlite:///{path}")
    durable.put({"pk": "BENCH", "sk": "LOADED"})
    durable.close()
    os.sync()
    return time.perf_counter() - started


def scan(path: Path) -> tuple[float, dict]:
    ctx = Context(open_store(f"sqlite:///{path}"), load())
    started = time.perf_counter()
    summary = expiry_scan.run(ctx, NOW, expiry_scan.Budget.seconds(3600)).to_dict()
    elapsed = time.perf_counter() - started
    ctx.store.close()
    return elapsed, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=500_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, total in (("small", args.small), ("large", args.large)):
            path = Path(tmp) / f"{name}.db"
            load_s = build(path, total, args.due)
            elapsed, summary = scan(path)
            assert summary["released"] == args.due and summary["complete"], summary
            again, repeat = scan(path)  # idempotent: nothing left to do
            assert repeat["released"] == 0, repeat
            result[name] = {"resources": total, "due": args.due, "scan_s": round(elapsed, 3),
                            "items_per_s": round(args.due / elapsed, 1), "second_run_s": round(again, 4),
                            "load_s": round(load_s, 1), "db_mb": round(path.stat().st_size / 2**20, 1)}
    result["ratio"] = round(result["large"]["scan_s"] / result["small"]["scan_s"], 3)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name in ("small", "large"):
        r = result[name]
        print(f"{r['resources']:>9,} resources ({r['db_mb']} MB), {r['due']} due: scan {r['scan_s']:.3f} s = "
              f"{r['items_per_s']:.0f} items/s; second run {r['second_run_s'] * 1000:.1f} ms")
    print(f"ratio large/small: {result['ratio']:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
