"""Concurrent clients with a mixed workload, bounded in time and requests, over real
`scripts/serve` processes: two sharing one SQLite file, and one on moto's DynamoDB
server, and two on one PostgreSQL 15 server. Afterwards the store holds everything a client was told about, complete, and
nothing over a quota."""
from __future__ import annotations

import time

import pytest

from kvstore import open_store

from .harness import Serve, Workload, verify
from .suites import finish

SECONDS, MAX_OPS = 12, 1500


def run_load(name: str, url: str, tmp_path, processes: int, **workload_options) -> None:
    """A bounded mixed workload over ``processes`` servers on one store, then the checks."""
    started = time.monotonic()
    servers = [Serve(url, tmp_path) for _ in range(processes)]
    try:
        workload = Workload(lambda: [s.base for s in servers], **workload_options)
        workload.setup()
        ran = workload.run(SECONDS, MAX_OPS)
        replays = workload.replay_acknowledged()
    finally:
        for s in servers:
            s.stop()
    figures = verify(open_store(url), workload)
    finish(name, figures, workload, servers, **replays, server_processes=processes,
           load_seconds=round(ran, 1), run_seconds=round(time.monotonic() - started, 1))


@pytest.mark.slow
def test_two_servers_on_one_sqlite_file(tmp_path):
    run_load("a. load, 2 x serve on one SQLite file", f"sqlite:///{tmp_path / 'icp.db'}", tmp_path, 2,
             tag="sq", seed=11)


@pytest.mark.slow
def test_one_server_on_moto_dynamodb(store_url_for, tmp_path):
    run_load("b. load, serve on moto DynamoDB", store_url_for("dynamodb-server"), tmp_path, 1,
             tag="dy", customers=3, seed=12)


@pytest.mark.slow
def test_two_servers_on_one_postgresql(store_url_for, tmp_path):
    run_load("d. load, 2 x serve on one PostgreSQL 15", store_url_for("postgresql"), tmp_path, 2,
             tag="pg", seed=13)
