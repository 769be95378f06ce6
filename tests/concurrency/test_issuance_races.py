"""However many requests race, a resource never gets more service numbers than its
quota, and every number handed out is stored (threads, and processes sharing a store)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import CROSS_PROCESS_BACKENDS
from icp_filing import resource_updates, service_numbers
from icp_filing.access import Caller
from icp_filing.config import load
from icp_filing.context import Context
from icp_filing.errors import DomainError
from kvstore import open_store

from .consistency import check_resource

pytestmark = pytest.mark.slow  # threads and processes racing on every backend

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}
ALICE = Caller("alice", "customer")


def context(store, quota: int) -> Context:
    return Context(store, load({"ICP_QUOTA_ECS": str(quota)}), clock=lambda: NOW)


def test_many_threads_issuing_on_one_resource_end_with_exactly_its_quota(store):
    ctx = context(store, quota=7)
    resource_updates.upsert(ctx, "i-race", ECS, "operator:test")
    handed_out, refusals, errors = [], [], []
    start = threading.Barrier(12)

    def worker(count: int) -> None:
        start.wait()
        for _ in range(4):
            try:
                numbers, _ = service_numbers.issue(ctx, ALICE, "i-race", count)
                handed_out.extend(sn.service_number for sn in numbers)
            except DomainError as err:
                refusals.append(err.code)
            except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
                errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(1 + i % 3,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert set(refusals) <= {"quota_exhausted"} and refusals
    stored = check_resource(store, "i-race", quota=7)
    assert sorted(stored) == sorted(handed_out)
    # 16 requests for one number alone exceed the quota, so some of them were refused,
    # which happens only when nothing is left: the quota is used exactly.
    assert len(stored) == 7


CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from datetime import datetime, timezone
from icp_filing import service_numbers
from icp_filing.access import Caller
from icp_filing.config import load
from icp_filing.context import Context
from icp_filing.errors import DomainError
from kvstore import open_store
ctx = Context(open_store(sys.argv[2]), load(), clock=lambda: datetime(2026, 11, 30, 8, tzinfo=timezone.utc))
got, refused = [], 0
for _ in range(int(sys.argv[3])):
    try:
        got += [sn.service_number for sn in service_numbers.issue(ctx, Caller("alice", "customer"), "i-race", 1)[0]]
    except DomainError as err:
        assert err.code == "quota_exhausted", err.code
        refused += 1
print(json.dumps({"got": got, "refused": refused}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("backend", CROSS_PROCESS_BACKENDS)
def test_processes_sharing_one_store_end_with_exactly_its_quota(backend, store_url_for):
    url = store_url_for(backend)
    quota, processes, attempts = 24, 3, 15
    store = open_store(url)
    resource_updates.upsert(context(store, quota), "i-race", ECS, "operator:test")
    env = {**os.environ, "ICP_QUOTA_ECS": str(quota)}
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(ROOT / "shared"), url, str(attempts)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(processes)]
    results = []
    for child in children:
        out, err = child.communicate(timeout=240)
        assert child.returncode == 0, err
        results.append(json.loads(out))
    handed_out = [n for r in results for n in r["got"]]
    assert len(handed_out) == quota and sum(r["refused"] for r in results) == processes * attempts - quota
    assert sorted(check_resource(store, "i-race", quota)) == sorted(handed_out)
