"""Concurrent approvals in one province never hand out one number twice, and two
submissions with one service number never both succeed (every backend)."""
from __future__ import annotations

import pytest

import threading
from datetime import datetime, timezone

from api.filing_support import application
from icp_filing import filings, resource_updates, service_numbers
from icp_filing.access import Caller
from icp_filing.config import load
from icp_filing.context import Context
from icp_filing.errors import DomainError

pytestmark = pytest.mark.slow  # threads racing on every backend

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}
ALICE, BUREAU = Caller("alice", "customer"), Caller("bureau", "regulator")


def race(targets: list) -> tuple[list, list]:
    results, errors = [], []
    barrier = threading.Barrier(len(targets))

    def run(target):
        barrier.wait()
        try:
            results.append(target())
        except DomainError as err:
            errors.append(err.code)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_approvals_in_one_province_never_share_a_number(store):
    ctx = Context(store, load({"ICP_QUOTA_ECS": "20"}), clock=lambda: NOW)
    resource_updates.upsert(ctx, "i-1", ECS, "operator:test")
    numbers, _ = service_numbers.issue(ctx, ALICE, "i-1", 8)
    pending = [filings.submit(ctx, ALICE, application(sn.service_number)) for sn in numbers]
    approved, errors = race([lambda f=f: filings.approve(ctx, BUREAU, f.filing_id) for f in pending])
    assert errors == []
    assigned = sorted(f.filing_number for f in approved)
    assert assigned == [f"浙ICP备2026{n:06d}号-1" for n in range(1, 9)]  # distinct, none skipped


def test_concurrent_approvals_of_one_subject_never_share_a_site_number(store):
    ctx = Context(store, load({"ICP_QUOTA_ECS": "20"}), clock=lambda: NOW)
    resource_updates.upsert(ctx, "i-1", ECS, "operator:test")
    numbers, _ = service_numbers.issue(ctx, ALICE, "i-1", 8)
    person = {"id_number": "11010519491231002X"}
    pending = [filings.submit(ctx, ALICE, application(sn.service_number, subject=person)) for sn in numbers]
    approved, errors = race([lambda f=f: filings.approve(ctx, BUREAU, f.filing_id) for f in pending])
    assert errors == []
    assert sorted(f.filing_number for f in approved) == sorted(f"浙ICP备2026000001号-{n}" for n in range(1, 9))


def test_two_submissions_with_one_service_number_never_both_succeed(store):
    ctx = Context(store, load(), clock=lambda: NOW)
    resource_updates.upsert(ctx, "i-1", ECS, "operator:test")
    for _ in range(3):
        [sn], _ = service_numbers.issue(ctx, ALICE, "i-1", 1)
        submitted, errors = race([lambda sn=sn: filings.submit(ctx, ALICE, application(sn.service_number))
                                  for _ in range(4)])
        assert len(submitted) == 1 and errors == ["service_number_used"] * 3
        assert service_numbers.find(ctx, sn.service_number).filing_id == submitted[0].filing_id


def test_two_submissions_of_one_domain_never_both_succeed(store):
    ctx = Context(store, load(), clock=lambda: NOW)
    resource_updates.upsert(ctx, "i-1", ECS, "operator:test")
    numbers, _ = service_numbers.issue(ctx, ALICE, "i-1", 4)
    submitted, errors = race([lambda sn=sn: filings.submit(ctx, ALICE, application(sn.service_number,
                                                                                     domain="contested.cn"))
                              for sn in numbers])
    assert len(submitted) == 1 and errors == ["domain_already_filed"] * 3
