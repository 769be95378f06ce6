"""Property: issuing service numbers is all-or-nothing against the remaining quota."""
from __future__ import annotations

import re

from hypothesis import example, given, strategies as st

from icp_filing import records, resource_updates, resources, service_numbers
from icp_filing.access import Caller
from icp_filing.config import load
from icp_filing.context import Context
from icp_filing.errors import DomainError
from kvstore import open_store

from .support import NOW, fixed

ALICE = Caller("alice", "customer")
BASE32 = re.compile(r"[A-Z2-7]{24}")
FACTS = {"ecs": {"public_bandwidth_mbps": 5}, "lightweight": {}, "virtual_host": {},
         "iot_package": {"term_months": 12, "order_amount": 90}}


def eligible_resource(product: str, quota: int | None) -> Context:
    env = {} if quota is None else {f"ICP_QUOTA_{product.upper()}": str(quota)}
    ctx = Context(open_store("memory://"), load(env), clock=lambda: NOW)
    body = {"owner": "alice", "product": product, "billing": "subscription", "term_months": 12,
            "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z", **FACTS[product]}
    resource_updates.upsert(ctx, "i-1", body, "operator:test")
    return ctx


def stored_numbers(ctx: Context) -> list[dict]:
    return list(ctx.store.query_all(records.resource_key("i-1")[0], prefix="SN#"))


def check_quota_arithmetic(ctx: Context, limit: int, counts: list[int]) -> None:
    issued: list[str] = []
    for count in counts:
        before = len(issued)
        try:
            numbers, quota = service_numbers.issue(ctx, ALICE, "i-1", count)
        except DomainError as err:
            if not 1 <= count <= 20:
                assert err.code == "invalid_request" and err.field == "count"
            else:
                assert count > limit - before, f"refused {count} with {limit - before} remaining"
                assert err.code == "quota_exhausted" and err.reasons == ["quota_exhausted"]
        else:
            assert 1 <= count <= 20 and count <= limit - before
            assert len(numbers) == count
            assert (quota.limit, quota.issued, quota.remaining) == (limit, before + count, limit - before - count)
            issued += [sn.service_number for sn in numbers]
        stored = stored_numbers(ctx)
        assert len(issued) <= limit
        assert resources.load(ctx, "i-1").issued == len(issued) == len(stored)
        assert sorted(i["service_number"] for i in stored) == sorted(issued)
        assert len(set(issued)) == len(issued)
        for sn in issued:
            assert BASE32.fullmatch(sn), sn
            found = service_numbers.find(ctx, sn)
            assert found is not None and found.status == "issued" and found.resource_id == "i-1"


@fixed(150)
@given(product=st.sampled_from(sorted(FACTS)), quota=st.one_of(st.none(), st.integers(0, 25)),
       counts=st.lists(st.integers(0, 25), min_size=1, max_size=12))
@example(product="ecs", quota=0, counts=[1])  # was issued before 672355b (quota 0 skipped the check)
def test_quota_arithmetic(product, quota, counts):
    limit = {"ecs": 5, "lightweight": 5, "virtual_host": 1, "iot_package": 1}[product] if quota is None else quota
    check_quota_arithmetic(eligible_resource(product, quota), limit, counts)
