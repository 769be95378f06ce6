"""Benchmark: a page of a list costs the same however many filings the store holds.

Two SQLite stores of filings (items and list entries written by the domain's own
``indexes.filing_entries``, a fifth of them in review, 10 per account), one small and
one large. On each, timed: the first page of the review queue (every account, 8
shards merged, oldest first), a page 5 pages deep (following cursors),
the first page of every filing (newest first), and one account's filings. Target:
ratio large/small <= 1.5 for each.

    python3 bench/lists.py [--small 5000] [--large 50000] [--limit 50] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))

from icp_filing import filings, indexes, lists  # noqa: E402
from icp_filing.access import Caller  # noqa: E402
from icp_filing.config import load  # noqa: E402
from icp_filing.context import Context  # noqa: E402
from kvstore import Put, open_store  # noqa: E402

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
REGULATOR = Caller("bureau-1", "regulator")


def build(path: Path, total: int) -> None:
    store = open_store(f"sqlite:///{path}?synchronous=off")
    batch: list = []
    for n in range(total):
        at = START + timedelta(seconds=n * 37)
        filing = filings.Filing(
            filing_id=f"f-{n:016x}", owner=f"acct-{n % max(1, total // 10)}", domain=f"site{n}.example.com",
            domain_key=f"site{n}.example.com", website_name=f"site {n}", province="浙", subject_type="individual",
            subject_name="张三", id_number="330106199001011234", service_number="A" * 24, resource_id=f"i-{n}",
            status=filings.IN_REVIEW if n % 5 == 0 else filings.APPROVED, created_at=at, updated_at=at, version=1)
        batch += [Put(filing.to_item()), *indexes.filing_entries(None, filing)]
        if len(batch) >= 90:
            store.transact(batch)
            batch = []
    if batch:
        store.transact(batch)
    store.close()


def cases(ctx: Context, limit: int) -> dict[str, Callable[[], object]]:
    cursor = None
    for _ in range(5):
        cursor = lists.filings_page(ctx, REGULATOR, status="in_review", limit=limit, cursor=cursor).next_cursor
    return {
        "review queue, first page": lambda: lists.filings_page(ctx, REGULATOR, status="in_review", limit=limit),
        "review queue, page 6": lambda: lists.filings_page(ctx, REGULATOR, status="in_review", limit=limit,
                                                           cursor=cursor),
        "every filing, first page": lambda: lists.filings_page(ctx, REGULATOR, limit=limit),
        "one account's filings": lambda: lists.filings_page(ctx, Caller("acct-7", "customer"), limit=limit),
    }


def measure(paths: list[Path], limit: int, repeat: int = 40) -> list[dict[str, float]]:
    """Median milliseconds of each case on each store, the stores' runs interleaved so
    that the load of a shared machine falls on both alike."""
    contexts = [Context(open_store(f"sqlite:///{p}"), load()) for p in paths]
    runs = [cases(ctx, limit) for ctx in contexts]
    samples: list[dict[str, list[float]]] = [{name: [] for name in run} for run in runs]
    for name in runs[0]:
        for run in runs:
            run[name]()  # warm the page cache and the cursor key
        for _ in range(repeat):
            for run, found in zip(runs, samples):
                started = time.perf_counter()
                run[name]()
                found[name].append((time.perf_counter() - started) * 1000)
    for ctx in contexts:
        ctx.store.close()
    return [{name: statistics.median(values) for name, values in found.items()} for found in samples]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--large", type=int, default=50_000)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for size in (args.small, args.large):
            path = Path(tmp) / f"lists-{size}.db"
            started = time.perf_counter()
            build(path, size)
            results[size] = {"build_s": time.perf_counter() - started, "size_mb": path.stat().st_size / 1e6}
            paths.append(path)
        small, large = measure(paths, args.limit)
    results[args.small]["pages_ms"], results[args.large]["pages_ms"] = small, large
    ratios = {name: large[name] / small[name] for name in small}
    if args.json:
        print(json.dumps({"results": results, "ratios": ratios}, indent=1))
        return
    print(f"| list (limit {args.limit}, median of 40) | {args.small:,} filings | {args.large:,} filings | ratio |")
    print("|---|---|---|---|")
    for name in small:
        print(f"| {name} | {small[name]:.2f} ms | {large[name]:.2f} ms | {ratios[name]:.2f} |")
    for size, r in results.items():
        print(f"store of {size:,} filings: {r['size_mb']:.1f} MB, built in {r['build_s']:.1f} s", file=sys.stderr)
    if max(ratios.values()) > 1.5:
        sys.exit(1)


if __name__ == "__main__":
    main()
