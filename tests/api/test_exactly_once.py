"""Exactly once per Idempotency-Key, whatever the store answers, on every backend; and
the real service's limits as input rules (issue 10)."""
from __future__ import annotations

import logging
from typing import Any, Mapping, Sequence

import pytest
from werkzeug.test import Client

from icp_api import idempotency, runtime
from icp_api.idempotency import lifetime_of, replay_of, stored_response
from icp_filing import due, expiry_scan, records, resource_updates
from icp_filing.config import load
from icp_filing.context import Context
from kvstore import Operation, Store, StoreUnavailable, open_store

from .conftest import ECS, Api, error_code, gateway
from .filing_support import Filer, application, new_person, ok


class Scripted(Store):
    """The test's store, with scripted answers for the coming writes:
    ``lost``: applied, then the answer is lost (StoreUnavailable);
    ``retried``: applied, then the SDK sends the same write again and reports what that
    second attempt gets (a failed condition, as moto or DynamoDB past 10 minutes);
    ``before``: not applied, StoreUnavailable."""

    def __init__(self, inner: Store):
        self.inner, self.url = inner, inner.url
        self.puts: list[str | None] = []
        self.transactions: list[str | None] = []

    def _apply(self, plan: list, write, again) -> Any:
        step = plan.pop(0) if plan else None
        if step == "before":
            raise StoreUnavailable("scripted: not applied")
        result = write()
        if step == "lost":
            raise StoreUnavailable("scripted: applied, answer lost")
        if step == "retried":
            again()
        return result

    def put(self, item: Mapping[str, Any], condition=None) -> None:
        self._apply(self.puts, lambda: self.inner.put(item, condition), lambda: self.inner.put(item, condition))

    def transact(self, operations: Sequence[Operation]) -> None:
        self._apply(self.transactions, lambda: self.inner.transact(operations),
                    lambda: self.inner.transact(operations))

    def delete(self, pk, sk, condition=None):
        return self.inner.delete(pk, sk, condition)

    def get(self, pk, sk):
        return self.inner.get(pk, sk)

    def get_many(self, keys):
        return self.inner.get_many(keys)

    def query(self, pk, **kwargs):
        return self.inner.query(pk, **kwargs)

    def purge_expired(self, now, limit=1000):
        return self.inner.purge_expired(now, limit)


@pytest.fixture
def scripted(store, clock) -> tuple[Api, Scripted]:
    wrapped = Scripted(store)
    runtime.use(Context(store=wrapped, config=load({}), clock=clock))
    yield Api(Client(gateway())), wrapped
    runtime.use(None)


def numbers_of(store: Store, rid: str = "i-1") -> int:
    return len(list(store.query_all(records.resource_partition(rid), prefix="SN#")))


def issue(api: Api, key: str = "order-1", count: int = 1):
    return api.as_("alice").post("/v1/resources/i-1/service-numbers", {"count": count},
                                 headers={"Idempotency-Key": key})


def expire_marks(monkeypatch) -> None:
    real = idempotency.clock
    monkeypatch.setattr(idempotency, "clock", lambda: real() + lifetime_of(None, None) + 60)


def test_a_lost_answer_after_the_commit_is_answered_from_the_record_and_never_repeated(scripted, monkeypatch):
    api, store = scripted
    api.resource()
    store.transactions.append("lost")
    first = issue(api)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    expire_marks(monkeypatch)
    again = issue(api)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    assert numbers_of(store) == 1


def test_the_sdk_retrying_a_committed_transaction_is_recognised(scripted):
    api, store = scripted
    api.resource()
    store.transactions.append("retried")  # the retry fails every condition: ours is the record's
    first = issue(api, count=2)
    assert first.status_code == 201 and len(first.json["service_numbers"]) == 2
    assert numbers_of(store) == 2
    assert issue(api, count=2).json == first.json and numbers_of(store) == 2


def test_the_sdk_retrying_the_claim_finds_its_own_claim(scripted):
    api, store = scripted
    api.resource()
    store.puts.append("retried")
    assert issue(api).status_code == 201  # not 409 request_in_progress
    assert numbers_of(store) == 1


def test_a_claim_whose_answer_is_lost_is_still_ours(scripted):
    api, store = scripted
    api.resource()
    store.puts.append("lost")
    assert issue(api).status_code == 201
    assert numbers_of(store) == 1


def test_a_commit_that_failed_leaves_the_key_to_run_once_after_its_mark(scripted, monkeypatch):
    api, store = scripted
    api.resource()
    store.transactions.append("before")
    assert issue(api).status_code == 503
    assert error_code(issue(api)) == "request_in_progress"
    expire_marks(monkeypatch)
    assert issue(api).status_code == 201 and numbers_of(store) == 1
    assert issue(api).headers["Idempotent-Replayed"] == "true" and numbers_of(store) == 1


def test_an_overtaken_attempt_cannot_commit(scripted, monkeypatch):
    """A slow attempt whose mark expired and whose key another attempt took over: its
    commit is refused by the record's condition, so the key takes effect once."""
    api, store = scripted
    api.resource()
    late: dict = {}
    real_transact = store.inner.transact

    def transact(operations):
        if not late:
            late["ops"] = operations  # the first attempt stalls here...
            expire_marks(monkeypatch)
            late["second"] = issue(api)  # ...and a retry takes the key over and commits
        return real_transact(operations)

    monkeypatch.setattr(store.inner, "transact", transact)
    first = issue(api)
    assert late["second"].status_code == 201
    # The stalled commit was refused; it answers with what the key's record holds.
    assert first.status_code == 201 and first.headers["Idempotent-Replayed"] == "true"
    assert first.json == late["second"].json
    assert numbers_of(store) == 1


def test_the_illegal_content_cascade_cut_short_resumes_under_the_same_key(scripted, monkeypatch):
    api, store = scripted
    alice = Filer(api)
    person = new_person()
    others = [alice.in_state("approved", subject={"id_number": person})["filing_id"] for _ in range(2)]
    named = alice.in_state("approved", subject={"id_number": person})["filing_id"]
    body, key = {"reason": "illegal_content", "blacklist": True}, {"Idempotency-Key": "cut-1"}
    # Blacklist, the two others, then the named filing's transaction fails.
    store.transactions.extend([None, None, None, "before"])
    assert api.regulator.post(f"/v1/filings/{named}/cancel", body, headers=key).status_code == 503
    assert [ok(api.regulator.get(f"/v1/filings/{f}"))["status"] for f in others] == ["cancelled", "cancelled"]
    assert ok(api.regulator.get(f"/v1/filings/{named}"))["status"] == "approved"
    expire_marks(monkeypatch)
    done = api.regulator.post(f"/v1/filings/{named}/cancel", body, headers=key)
    assert done.status_code == 200 and done.json["cancelled"][0]["filing_id"] == named
    assert ok(api.regulator.get(f"/v1/filings/{named}"))["status"] == "cancelled"
    again = api.regulator.post(f"/v1/filings/{named}/cancel", body, headers=key)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == done.json
    history = ok(api.regulator.get(f"/v1/filings/{named}/history"))["events"]
    assert [e["action"] for e in history].count("cancelled") == 1


def test_a_staff_token_and_a_customer_token_with_one_sub_do_not_share_records(api):
    Filer(api, account="bureau-1")  # the customer account "bureau-1", as the regulator's sub
    body, key = {"reason": "subject_request"}, {"Idempotency-Key": "same"}
    as_customer = api.as_("bureau-1").post("/v1/filings/f-0000000000000000/cancel", body, headers=key)
    as_regulator = api.regulator.post("/v1/filings/f-0000000000000000/cancel", body, headers=key)
    assert as_customer.status_code == as_regulator.status_code == 404
    assert "Idempotent-Replayed" not in as_regulator.headers


def test_a_large_response_is_stored_compressed_and_one_that_cannot_fit_is_not_stored_whole():
    body = {"cancelled": [{"filing_id": f"f-{n:016d}", "status": "cancelled", "domain": f"s{n}.example.com"}
                          for n in range(3000)]}
    stored = stored_response(200, body)
    assert "response_zip" in stored and replay_of(stored) == idempotency.Replay(200, body)
    import os
    noise = {"blob": os.urandom(300_000).hex()}
    assert replay_of(stored_response(200, noise)).body == {"replay_truncated": True}


def test_the_mark_lasts_as_long_as_the_invocation_may_run():
    assert lifetime_of(lambda: 3_000, 10) == 8.0          # Lambda: its remaining time, plus a margin
    assert lifetime_of(None, 10) == 15.0                  # otherwise the template's Timeout
    assert lifetime_of(None, None) == 905.0               # or Lambda's maximum


def test_a_fractional_second_expiry_is_kept_to_the_second_and_upserts_again(api):
    facts = {**ECS, "expires_at": "2027-06-01T00:00:00.5Z"}
    first = api.operator.put("/v1/resources/i-1", facts)
    second = api.operator.put("/v1/resources/i-1", facts)
    assert first.status_code == second.status_code == 200
    assert second.json["expires_at"] == "2027-06-01T00:00:00Z"
    assert api.operator.put("/v1/resources/i-1", {**facts, "expires_at": "2027-06-01T00:00:00.9Z"}).status_code == 200


@pytest.mark.parametrize("field, value", [("order_amount", 1e-300), ("public_bandwidth_mbps", 1e-200)])
def test_a_number_the_store_cannot_hold_is_invalid_request(api, field, value):
    response = api.operator.put("/v1/resources/i-1", {**ECS, field: value})
    assert response.status_code == 400 and error_code(response) == "invalid_request"
    assert response.json["error"]["field"] == field and "1e-130" in api.as_("op-1", "operator", "en").put(
        "/v1/resources/i-1", {**ECS, field: value}).json["error"]["message"]


def test_a_website_name_that_expands_under_nfkc_can_be_filed_and_blacklisted(api):
    name = "\ufdfa" * 64  # 64 characters; folded, over 5 KB: longer than any store key
    alice = Filer(api)
    filing = alice.in_state("approved", website_name=name)
    cancel = api.regulator.post(f"/v1/filings/{filing['filing_id']}/cancel",
                                {"reason": "illegal_content", "blacklist": True})
    assert cancel.status_code == 200
    again = alice.me.post("/v1/filings", application(alice.new_sn(), website_name=name))
    assert again.status_code == 409 and error_code(again) == "website_name_blacklisted"


def test_account_eligibility_reads_resources_in_batches(api, store, monkeypatch):
    for n in range(12):
        api.resource(f"i-{n}")
    gets: list[tuple[str, str]] = []
    real_get = type(store).get

    def get(self, pk, sk):
        gets.append((pk, sk))
        return real_get(self, pk, sk)

    monkeypatch.setattr(type(store), "get", get)
    response = api.as_("alice").get("/v1/eligibility")
    assert response.status_code == 200 and len(response.json["resources"]) == 12
    assert not [key for key in gets if key[1] == "RESOURCE"]  # one batch read, not twelve GetItems


def test_the_due_index_shard_count_is_configuration(store):
    ctx = Context(store=store, config=load({"ICP_DUE_SHARDS": "3"}))
    from datetime import datetime, timezone
    for n in range(12):
        resource_updates.upsert(ctx, f"i-{n}", {**ECS, "expires_at": "2026-01-01T00:00:00Z"}, "operator:test")
    used = {n for n in range(16) if list(store.query_all(records.due_partition(records.EXPIRES, n)))}
    assert used and used <= {0, 1, 2}
    assert len(list(due.entries(ctx, records.EXPIRES, until=datetime(2026, 6, 1, tzinfo=timezone.utc)))) == 12
    # Raised later: what was written under 3 shards is still found.
    wider = Context(store=store, config=load({"ICP_DUE_SHARDS": "16"}))
    assert len(list(due.entries(wider, records.EXPIRES, until=datetime(2026, 6, 1, tzinfo=timezone.utc)))) == 12


def test_the_expiry_scan_purges_expired_idempotency_records(api, store, ctx, monkeypatch):
    api.resource()
    assert issue(api).status_code == 201
    assert [p for p in _idempotency_partitions(store, api) if store.get(p, "RECORD")]
    monkeypatch.setattr(expiry_scan, "wall_clock", lambda: idempotency.clock() + 3 * 24 * 3600)
    summary = expiry_scan.run(ctx, ctx.now(), expiry_scan.Budget.seconds(30)).to_dict()
    if store.url.startswith("dynamodb"):
        assert summary["purged"] == 0  # DynamoDB's TTL does it
    else:
        assert summary["purged"] == 1
        assert not [p for p in _idempotency_partitions(store, api) if store.get(p, "RECORD")]


def _idempotency_partitions(store: Store, api: Api) -> list[str]:
    scope = "POST /v1/resources/{resource_id}/service-numbers\nresource_id=i-1"
    return [idempotency.record_partition("customer:alice", scope, "order-1")]


def test_a_missing_table_is_503_unavailable_with_one_log_line(store_url_for, caplog):
    url = store_url_for("dynamodb-mock").replace("create=true", "create=false")
    runtime.use(Context(store=open_store(url), config=load({})))
    try:
        with caplog.at_level(logging.WARNING):
            response = Api(Client(gateway())).operator.get("/v1/resources/i-1")
    finally:
        runtime.use(None)
    assert response.status_code == 503 and error_code(response) == "unavailable"
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and "does not exist" in lines[0].getMessage() and not lines[0].exc_info


def test_an_unreachable_endpoint_is_503_unavailable(aws_env):
    url = "dynamodb://nowhere?region=us-east-1&endpoint_url=http%3A%2F%2F127.0.0.1%3A9&connect_timeout=0.2&max_attempts=1"
    runtime.use(Context(store=open_store(url), config=load({})))
    try:
        response = Api(Client(gateway())).operator.get("/v1/resources/i-1")
    finally:
        runtime.use(None)
    assert response.status_code == 503 and error_code(response) == "unavailable"
