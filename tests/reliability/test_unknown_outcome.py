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


def expire_marks(monkeypatch) -> None:
    """Move the idempotency clock past any in-progress mark (the function's time limit)."""
    from icp_api import idempotency

    real = idempotency.clock
    monkeypatch.setattr(idempotency, "clock", lambda: real() + idempotency.lifetime_of(None, None) + 60)


@pytest.mark.parametrize("fault, applied", [
    (["before"], False),            # claiming the key fails: nothing done, the key is free
    ([None, "before"], False),      # the issuance's transaction fails before it is applied
])
def test_a_store_failure_before_the_effect_is_503_and_the_key_runs_once_later(scripted, fault, applied, monkeypatch):
    client, store, plan = scripted
    plan.extend(fault)
    first = issue(client, "order-1")
    assert first.status_code == 503 and first.json["error"]["code"] == "unavailable"
    assert first.json["error"]["request_id"] == first.headers["X-Request-Id"]
    assert numbers(store) == 0
    retry = issue(client, "order-1")
    if fault == ["before"]:
        assert retry.status_code == 201  # the key was never claimed: the retry does the work
    else:
        # The outcome looked unknown: the key stays claimed until the function's time
        # limit has passed; then the retry runs, and nothing had been committed.
        assert retry.status_code == 409 and retry.json["error"]["code"] == "request_in_progress"
        expire_marks(monkeypatch)
        assert issue(client, "order-1").status_code == 201
    assert numbers(store) == 1
    again = issue(client, "order-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true" and numbers(store) == 1


def test_an_effect_applied_then_reported_failed_completed_its_key(scripted, monkeypatch):
    """The transaction committed but the function was told it failed: the completed
    record was in that transaction, so the function finds it and answers 201 at once;
    every retry, before or after any mark's expiry, replays it: 0 more effects."""
    client, store, plan = scripted
    plan.extend([None, "after"])
    first = issue(client, "order-1")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    assert numbers(store) == 1
    expire_marks(monkeypatch)
    for _ in range(3):
        retry = issue(client, "order-1")
        assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
        assert retry.json == first.json
    assert numbers(store) == 1


def test_when_even_the_check_fails_the_client_gets_503_and_retries_after_expiry_take_effect_0_times(
        scripted, monkeypatch):
    """Applied, reported failed, and the follow-up read fails too: 503 (unknown). A retry
    after the mark's expiry finds the key completed by that transaction: a replay."""
    client, store, plan = scripted
    plan.extend([None, "after"])
    real_get = store.inner.get
    failing = {"on": True}

    def get(pk, sk):
        if failing["on"] and pk.startswith("IDEMPOTENCY#"):
            failing["on"] = False
            from kvstore import StoreUnavailable
            raise StoreUnavailable("read timed out")
        return real_get(pk, sk)

    monkeypatch.setattr(store.inner, "get", get)
    first = issue(client, "order-1")
    assert first.status_code == 503 and numbers(store) == 1
    expire_marks(monkeypatch)
    retry = issue(client, "order-1")
    assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    assert numbers(store) == 1
