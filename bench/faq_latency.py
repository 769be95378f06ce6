#!/usr/bin/env python3
"""How fast the FAQ answerer starts and answers.

    python3 bench/faq_latency.py [--runs 7] [--rounds 20]

Cold: a fresh `python3 -c` that imports icp_filing.faq and answers one question,
against one that only starts Python (medians of --runs processes; the difference
is what a function's cold start pays). The child also times itself: the import,
and the first answer, which loads the knowledge base and builds the index.
Warm: every question of the dev, own and held-out sets answered --rounds times
in one process; median and p99 of one answer.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "shared"
sys.path.insert(0, str(SHARED))

from icp_filing.faq import answer  # noqa: E402
from icp_filing.faq.evaluation import load_cases  # noqa: E402

DEV = Path(os.environ.get("ICP_FAQ_DEV_SET", ROOT / "tests" / "faq" / "dev_questions.jsonl"))
OWN = ROOT / "tests" / "faq" / "questions.jsonl"
HELDOUT = sorted((ROOT / "tests" / "faq").glob("heldout_*.jsonl"))

CHILD = f"""
import sys, time, json
t0 = time.perf_counter()
sys.path.insert(0, {str(SHARED)!r})
from icp_filing.faq import answer
t1 = time.perf_counter()
answer("备案号被注销后还能恢复吗")
t2 = time.perf_counter()
answer("服务号用完了怎么办")
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "first": t2 - t1, "second": t3 - t2}}))
"""


def _wall(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, out


def cold(runs: int) -> dict[str, float]:
    bare, full, inner = [], [], []
    for _ in range(runs):
        bare.append(_wall([sys.executable, "-c", "pass"])[0])
        seconds, out = _wall([sys.executable, "-c", CHILD])
        full.append(seconds)
        inner.append(json.loads(out))
    ms = lambda xs: round(statistics.median(xs) * 1000, 1)  # noqa: E731
    return {
        "python_only_ms": ms(bare),
        "import_and_answer_ms": ms(full),
        "difference_ms": round(ms(full) - ms(bare), 1),
        "child_import_ms": ms([i["import"] for i in inner]),
        "child_first_answer_ms": ms([i["first"] for i in inner]),    # loads the KB, builds the index
        "child_second_answer_ms": ms([i["second"] for i in inner]),
    }


def warm(rounds: int) -> dict[str, float]:
    questions = [c.question for path in (DEV, OWN, *HELDOUT) if path.exists() for c in load_cases(path)]
    for q in questions:
        answer(q)
    samples = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter_ns()
            answer(q)
            samples.append(time.perf_counter_ns() - start)
    samples.sort()
    return {
        "questions": len(questions),
        "answers_timed": len(samples),
        "median_ms": round(statistics.median(samples) / 1e6, 3),
        "p99_ms": round(samples[int(len(samples) * 0.99) - 1] / 1e6, 3),
        "max_ms": round(samples[-1] / 1e6, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="cold processes of each kind (default 7)")
    parser.add_argument("--rounds", type=int, default=20, help="warm passes over the questions (default 20)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {"cold": cold(args.runs), "warm": warm(args.rounds)}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    c, w = result["cold"], result["warm"]
    print(f"cold (median of {args.runs} processes)")
    print(f"  python -c pass                 {c['python_only_ms']:7.1f} ms")
    print(f"  import + answer once           {c['import_and_answer_ms']:7.1f} ms   (+{c['difference_ms']} ms)")
    print(f"  in the child: import           {c['child_import_ms']:7.1f} ms")
    print(f"  in the child: first answer     {c['child_first_answer_ms']:7.1f} ms   (loads the KB, builds the index)")
    print(f"  in the child: second answer    {c['child_second_answer_ms']:7.1f} ms")
    print(f"warm ({w['answers_timed']} answers over {w['questions']} questions)")
    print(f"  median {w['median_ms']:.3f} ms   p99 {w['p99_ms']:.3f} ms   max {w['max_ms']:.3f} ms")


if __name__ == "__main__":
    main()
