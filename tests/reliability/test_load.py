"""Concurrent clients with a mixed workload, bounded in time and requests, over real
`scripts/serve` processes: two sharing one SQLite file, and one on moto's DynamoDB
server. Afterwards the store holds everything a client was told about, complete, and
nothing over a quota."""
from __future__ import annotations

import time

import pytest

from kvstore import open_store

from .harness import Serve, Workload, verify
from .suites import finish

SECONDS, MAX_OPS = 12, 1500


@pytest.mark.slow
def test_two_servers_on_one_sqlite_file(tmp_path):
    started = time.monotonic()
    url = f"sqlite:///{tmp_path / 'icp.db'}"
    servers = [Serve(url, tmp_path), Serve(url, tmp_path)]
    try:
        workload = Workload(lambda: [s.base for s in servers], "sq", seed=11)
        workload.setup()
        ran = workload.run(SECONDS, MAX_OPS)
        replays = workload.replay_acknowledged()
    finally:
        for s in servers:
            s.stop()
    figures = verify(open_store(url), workload)
    finish("a. load, 2 x serve on one SQLite file", figures, workload, servers, **replays,
           server_processes=2, load_seconds=round(ran, 1), run_seconds=round(time.monotonic() - started, 1))


@pytest.mark.slow
def test_one_server_on_moto_dynamodb(store_url_for, tmp_path):
    started = time.monotonic()
    url = store_url_for("dynamodb-server")
    servers = [Serve(url, tmp_path)]
    try:
        workload = Workload(lambda: [s.base for s in servers], "dy", customers=3, seed=12)
        workload.setup()
        ran = workload.run(SECONDS, MAX_OPS)
        replays = workload.replay_acknowledged()
    finally:
        for s in servers:
            s.stop()
    figures = verify(open_store(url), workload)
    finish("b. load, serve on moto DynamoDB", figures, workload, servers, **replays,
           server_processes=1, load_seconds=round(ran, 1), run_seconds=round(time.monotonic() - started, 1))
