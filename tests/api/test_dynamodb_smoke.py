"""The API over the DynamoDB adapter (moto in process): one pass through each function's
writes, so that the adapter is exercised by real use cases, not only by the store
contract. Each rule is tested in the other API modules, on memory and SQLite."""
from __future__ import annotations

import pytest

from .conftest import error_code
from .filing_support import Filer


@pytest.fixture(params=["dynamodb-mock"])
def store_url(request: pytest.FixtureRequest, store_url_for) -> str:
    return store_url_for(request.param)


def test_a_filing_from_resource_to_cancellation(api):
    filer = Filer(api)
    issued = filer.me.post(f"/v1/resources/{filer.resource_id}/service-numbers", {"count": 2},
                           headers={"Idempotency-Key": "k-1"})
    assert issued.status_code == 201 and issued.json["quota"]["issued"] == 2
    replay = filer.me.post(f"/v1/resources/{filer.resource_id}/service-numbers", {"count": 2},
                           headers={"Idempotency-Key": "k-1"})
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.json == issued.json

    filing = filer.submit()
    fid = filing["filing_id"]
    approved = api.regulator.post(f"/v1/filings/{fid}/approve")
    assert approved.status_code == 200 and approved.json["filing_number"].startswith("浙ICP备")
    revoked = api.operator.post(f"/v1/filings/{fid}/access-revocation", {"reason": "missing_info"})
    assert revoked.json["status"] == "access_revoked"
    restored = filer.me.post(f"/v1/filings/{fid}/access", {"service_number": filer.new_sn()})
    assert restored.json["status"] == "approved"
    cancelled = filer.me.post(f"/v1/filings/{fid}/cancel", {"reason": "subject_request"})
    assert [f["status"] for f in cancelled.json["cancelled"]] == ["cancelled"]
    again = filer.me.post(f"/v1/filings/{fid}/cancel", {"reason": "subject_request"})
    assert error_code(again) == "filing_cancelled"

    history = filer.me.get(f"/v1/filings/{fid}/history").json["events"]
    assert "cancelled" in [e["to_status"] for e in history] and history == sorted(history, key=lambda e: e["at"])
    kinds = [n["kind"] for n in filer.me.get("/v1/notifications").json["notifications"]]
    assert {"filing_approved", "access_revoked", "access_restored", "filing_cancelled"} <= set(kinds)


def test_the_quota_holds_and_a_domain_is_filed_once(api):
    filer = Filer(api, product="virtual_host")   # quota 1
    sn = filer.new_sn()
    refused = filer.me.post(f"/v1/resources/{filer.resource_id}/service-numbers", {})
    assert error_code(refused) == "quota_exhausted"
    other = Filer(api, account="bob")
    from .filing_support import application

    first = filer.me.post("/v1/filings", application(sn, domain="shop.example.cn"))
    assert first.status_code == 201
    second = other.me.post("/v1/filings", application(other.new_sn(), domain="SHOP.example.cn."))
    assert error_code(second) == "domain_already_filed"
