"""Transient store failures injected into the writes of two `scripts/serve` processes
sharing one SQLite file (faults+sqlite): clients see 503 `unavailable` with a request
id; some writes were applied although the server was told they failed (the "unknown
outcome" of a time-out). Afterwards the invariants hold; acknowledged operations
replay without a second effect. Operations left of unknown outcome (their key still
claimed, 409 `request_in_progress`) are retried once their mark has expired (the
function's time limit): each then replays its effect or runs for the first time, so
every effect in the store was acknowledged to a client exactly once."""
from __future__ import annotations

import time
from collections import Counter

import pytest

from kvstore import open_store

from .harness import Serve, Workload, verify
from .suites import finish

SECONDS, MAX_OPS, RATE = 12, 1200, 0.15
# template.yml's Timeout (10 s) + the mark's margin (5 s), and a little more.
MARK_SECONDS = 15.5


@pytest.mark.slow
def test_transient_write_failures(tmp_path):
    started = time.monotonic()
    path, log = tmp_path / "icp.db", tmp_path / "faults.log"
    servers = [Serve(f"faults+sqlite:///{path}?write_failure_rate={RATE}&seed={seed}&log={log}", tmp_path)
               for seed in (101, 202)]
    try:
        workload = Workload(lambda: [s.base for s in servers], "fa", seed=31)
        workload.setup()
        ran = workload.run(SECONDS, MAX_OPS)
        faults_during_load = Counter(log.read_text().split("\n")[:-1]) if log.exists() else Counter()
        replays = workload.replay_acknowledged()
        unknown_before = sum(op.outcome == "unknown" for op in workload.log.ops)
        settled = workload.settle_unknown(MARK_SECONDS)
    finally:
        for s in servers:
            s.stop()
    faults = Counter(log.read_text().split("\n")[:-1])
    figures = verify(open_store(f"sqlite:///{path}"), workload)
    assert figures["5xx"] > 0 and figures["error_codes"].get("503 unavailable", 0) == figures["5xx"]
    assert faults_during_load, "no fault was injected"
    # Retries after the marks' expiry took effect 0 times beyond the first: nothing is left
    # unknown, and no number or filing exists that no client was told about.
    assert settled["still_unknown"] == 0, settled
    assert figures["unknown_outcome"] == 0
    assert figures["applied_but_reported_failed"] == {"service_numbers": 0, "filings": 0}, figures
    finish("d. injected write failures, 2 x serve on faults+sqlite", figures, workload, servers, **replays,
           write_failure_rate=RATE, faults_injected=dict(sorted(faults.items())),
           faults_injected_total=sum(faults.values()),
           unknown_after_load=unknown_before, settled_after_expiry=settled,
           load_seconds=round(ran, 1), run_seconds=round(time.monotonic() - started, 1))
