"""SIGKILL of `scripts/serve` in the middle of the mixed workload (issuance and filings),
then a fresh server on the same store: the store is consistent, everything a client
was told about is there, and retrying an acknowledged operation with its
Idempotency-Key replays the first answer without a second effect."""
from __future__ import annotations

import time

import pytest

from kvstore import open_store

from .harness import Serve, Workload, verify
from .suites import finish

SECONDS, MAX_OPS = 14, 1500


@pytest.mark.slow
@pytest.mark.parametrize("backend, kills", [("sqlite", 2), ("dynamodb-server", 1), ("postgresql", 2)])
def test_sigkill_mid_load_then_a_fresh_server(backend, kills, store_url_for, tmp_path):
    started = time.monotonic()
    url = store_url_for(backend)
    live = [Serve(url, tmp_path)]
    dead: list[Serve] = []
    # Clients ride out the restart: dropped connections are retried within 20 s.
    workload = Workload(lambda: [s.base for s in live], f"k{backend[:2]}", customers=3, seed=21,
                        retries=40, op_deadline=20)
    killed = {"kills": 0, "acknowledged_before_kill": []}

    def kill_and_restart(w: Workload) -> None:
        deadline = time.monotonic() + SECONDS - 4
        for _ in range(kills):
            target = sum(op.outcome == "ack" for op in w.log.ops) + 25
            while sum(op.outcome == "ack" for op in w.log.ops) < target and time.monotonic() < deadline:
                time.sleep(0.01)
            victim = live[0]
            victim.kill()  # requests are in flight
            dead.append(victim)
            killed["kills"] += 1
            killed["acknowledged_before_kill"].append(sum(op.outcome == "ack" for op in w.log.ops))
            live[:] = [Serve(url, tmp_path)]

    try:
        workload.setup()
        ran = workload.run(SECONDS, MAX_OPS, during=kill_and_restart)
        store = open_store(url)
        before = verify(store, workload)
        replays = workload.replay_acknowledged(limit=80)
        after = verify(store, workload)
    finally:
        for s in live:
            s.stop()
    # The replays changed nothing.
    assert (after["service_numbers"], after["filings"], after["filings_by_status"]) == \
        (before["service_numbers"], before["filings"], before["filings_by_status"])
    assert killed["kills"] == kills
    assert before["connection_errors"] > 0, "no request was in flight at a kill"
    finish(f"c. SIGKILL x{kills} mid-load, {backend}", after, workload, live + dead, **replays, **killed,
           load_seconds=round(ran, 1), run_seconds=round(time.monotonic() - started, 1))
