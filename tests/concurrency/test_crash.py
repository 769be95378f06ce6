"""A server killed with SIGKILL in the middle of a burst of issuance leaves the store
consistent: every number a client received is stored, and every resource's counter
equals the numbers that exist."""
from __future__ import annotations

import random
import threading
import time

import pytest
import requests

from conftest import CROSS_PROCESS_BACKENDS
from kvstore import open_store
from local.conftest import Server

from .consistency import check_resource

pytestmark = pytest.mark.slow  # SIGKILLed processes

RESOURCES = [f"i-crash-{n:02d}" for n in range(12)]
ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}


@pytest.mark.slow
@pytest.mark.parametrize("backend", CROSS_PROCESS_BACKENDS)
def test_sigkill_mid_burst_leaves_the_store_consistent(backend, store_url_for, tmp_path):
    url = store_url_for(backend)
    server = Server(tmp_path, ICP_STORE_URL=url)
    try:
        op = {"Authorization": f"Bearer {server.token('op', 'operator')}"}
        alice = {"Authorization": f"Bearer {server.token('alice', 'customer')}"}
        for rid in RESOURCES:
            assert requests.put(f"{server.base}/v1/resources/{rid}", json=ECS, headers=op, timeout=10).ok
        received, failures, stop = [], [], threading.Event()

        def client(seed: int) -> None:
            rng = random.Random(seed)
            session = requests.Session()
            while not stop.is_set():
                rid = rng.choice(RESOURCES)
                try:
                    r = session.post(f"{server.base}/v1/resources/{rid}/service-numbers",
                                     json={"count": rng.choice([1, 2])}, headers=alice, timeout=10)
                except requests.RequestException:
                    failures.append("connection")  # the server died under this request
                    continue
                if r.status_code == 201:
                    received.extend((rid, sn["service_number"]) for sn in r.json()["service_numbers"])
                else:
                    assert r.status_code == 409 and r.json()["error"]["code"] == "quota_exhausted", r.text
                    assert r.headers["X-Request-Id"]

        clients = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for c in clients:
            c.start()
        deadline = time.monotonic() + 20
        while len(received) < 15 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # mid-burst: requests are in flight
        stop.set()
        for c in clients:
            c.join()
    finally:
        if server.proc.poll() is None:
            server.kill()
    assert received, "the burst issued nothing before the kill"
    assert failures, "the kill did not interrupt any request"
    store = open_store(url)
    stored = {rid: set(check_resource(store, rid, quota=5)) for rid in RESOURCES}
    for rid, number in received:
        assert number in stored[rid]
