"""The "applied, then reported failed" case step by step, in process: a scripted fault
on one write of an issuance with an Idempotency-Key."""
from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.test import Client

from icp_api import runtime
from icp_api.auth import issue_token
from icp_api.gateway import LocalGateway
from icp_filing import records
from icp_filing.config import load
from icp_filing.context import Context
from kvstore import open_store

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yml"
ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12, "public_bandwidth_mbps": 5,
       "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}
ISSUE = "/v1/resources/i-1/service-numbers"


@pytest.fixture
def scripted():
    """(client, store, plan): ``plan`` lists the fault of each coming write (None, "before", "after")."""
    store = open_store("faults+memory://?write_failure_rate=1")
    plan: list[str | None] = []
    store._draw = lambda: plan.pop(0) if plan else None
    runtime.use(Context(store=store, config=load({})))
    client = Client(LocalGateway(TEMPLATE))
    op = {"Authorization": f"Bearer {issue_token('op-1', 'operator')}"}
    assert client.put("/v1/resources/i-1", json=ECS, headers=op).status_code == 200
    yield client, store, plan
    runtime.use(None)


def issue(client, key: str):
    return client.post(ISSUE, json={"count": 1}, headers={
        "Authorization": f"Bearer {issue_token('alice', 'customer')}", "Idempotency-Key": key})


def numbers(store) -> int:
    return len(list(store.query_all(records.resource_key("i-1")[0], prefix="SN#")))


@pytest.mark.parametrize("fault, applied", [
    (["before"], False),            # claiming the key fails: nothing done, the key is free
    ([None, "before"], False),      # the issuance's transaction fails before it is applied
    ([None, "after"], True),        # ... after it was applied: the numbers exist
    ([None, None, "before"], True),  # recording the response fails: the numbers exist
])
def test_a_store_failure_is_503_and_a_retry_with_the_key_says_whether_it_is_settled(scripted, fault, applied):
    client, store, plan = scripted
    plan.extend(fault)
    first = issue(client, "order-1")
    assert first.status_code == 503 and first.json["error"]["code"] == "unavailable"
    assert first.json["error"]["request_id"] == first.headers["X-Request-Id"]
    assert numbers(store) == int(applied)
    retry = issue(client, "order-1")
    if fault == ["before"]:
        assert retry.status_code == 201  # the key was never claimed: the retry does the work
    else:
        # Every 503 after the key was claimed keeps it claimed (shared/icp_api/app.py, the
        # `except StoreUnavailable: raise`): 409 request_in_progress until the mark
        # expires, whether or not the work was applied.
        assert retry.status_code == 409 and retry.json["error"]["code"] == "request_in_progress"
    assert numbers(store) == int(applied) + (fault == ["before"])


def test_recording_the_response_applied_then_failed_replays_it(scripted):
    client, store, plan = scripted
    plan.extend([None, None, "after"])
    assert issue(client, "order-1").status_code == 503
    retry = issue(client, "order-1")
    assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    assert numbers(store) == 1
