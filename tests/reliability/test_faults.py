"""Transient store failures injected into the writes of two `scripts/serve` processes
sharing one SQLite file (faults+sqlite): clients see 503 `unavailable` with a request
id; some writes were applied although the server was told they failed (the "unknown
outcome" of a time-out). Afterwards the invariants hold; acknowledged operations
replay without a second effect; operations of unknown outcome are counted, with
whether their effect exists, and so are the retries refused 409 `request_in_progress`
because the first attempt's key stays claimed (by design, for 60 s)."""
from __future__ import annotations

import time
from collections import Counter

import pytest

from kvstore import open_store

from .harness import Serve, Workload, verify
from .suites import finish

SECONDS, MAX_OPS, RATE = 12, 1200, 0.15


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
    finally:
        for s in servers:
            s.stop()
    faults = Counter(log.read_text().split("\n")[:-1])
    figures = verify(open_store(f"sqlite:///{path}"), workload)
    assert figures["5xx"] > 0 and figures["error_codes"].get("503 unavailable", 0) == figures["5xx"]
    assert faults_during_load, "no fault was injected"
    finish("d. injected write failures, 2 x serve on faults+sqlite", figures, workload, servers, **replays,
           write_failure_rate=RATE, faults_injected=dict(sorted(faults.items())),
           faults_injected_total=sum(faults.values()),
           load_seconds=round(ran, 1), run_seconds=round(time.monotonic() - started, 1))
