"""Check eligibility over HTTP: one case per reason code, and the account-wide check."""
from __future__ import annotations

import pytest

from .conftest import error_code

# (facts changed from a qualifying ECS, expected reason codes)
CASES = {
    "eligible": ({}, []),
    "non_mainland_region": ({"region": "cn-hongkong"}, ["non_mainland_region"]),
    "unsupported_product": ({"product": "oss"}, ["unsupported_product"]),
    "pay_as_you_go": ({"billing": "pay_as_you_go"}, ["pay_as_you_go"]),
    "term_too_short": ({"term_months": 2}, ["term_too_short"]),
    "order_amount_too_low": ({"product": "iot_package", "term_months": 6, "order_amount": 50},
                             ["order_amount_too_low"]),
    "no_public_bandwidth": ({"public_bandwidth_mbps": 0}, ["no_public_bandwidth"]),
    "expired": ({"expires_at": "2026-11-30T08:00:00Z"}, ["expired"]),
    "released": ({"status": "released"}, ["released"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_reason_code_over_http(api, case):
    facts, expected = CASES[case]
    api.resource("i-1", **facts)
    body = api.as_("alice").get("/v1/resources/i-1/eligibility").json
    assert [r["code"] for r in body["reasons"]] == expected
    assert body["eligible"] is (expected == [])
    for reason in body["reasons"]:
        assert set(reason) == {"code", "message", "remedy", "faq_id"}


def test_quota_exhausted_over_http(api, ctx):
    api.resource("i-1", product="virtual_host")
    from icp_filing import records

    stored = ctx.store.get(*records.resource_key("i-1"))
    ctx.store.put({**stored, "issued": 1, "version": stored["version"] + 1})
    body = api.as_("alice").get("/v1/resources/i-1/eligibility").json
    assert body["quota"] == {"limit": 1, "issued": 1, "remaining": 0}
    assert [r["code"] for r in body["reasons"]] == ["quota_exhausted"]
    assert body["reasons"][0]["faq_id"] == "service-number-used-up"


def test_the_shape_of_an_eligible_answer(api):
    api.resource("i-1")
    assert api.as_("alice").get("/v1/resources/i-1/eligibility").json == {
        "resource_id": "i-1", "eligible": True, "filing_required": True,
        "quota": {"limit": 5, "issued": 0, "remaining": 5}, "reasons": []}


def test_outside_the_mainland_filing_is_not_required(api):
    api.resource("i-1", region="ap-southeast-1")
    body = api.as_("alice").get("/v1/resources/i-1/eligibility").json
    assert body["filing_required"] is False and body["eligible"] is False


def test_another_account_gets_not_owner_and_nothing_else(api):
    api.resource("i-1")
    response = api.as_("mallory").get("/v1/resources/i-1/eligibility")
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"resource_id", "eligible", "reasons"}
    assert body["eligible"] is False and [r["code"] for r in body["reasons"]] == ["not_owner"]


@pytest.mark.parametrize("role", ["operator", "regulator"])
def test_staff_see_the_full_answer(api, role):
    api.resource("i-1", billing="pay_as_you_go")
    body = api.as_("staff", role).get("/v1/resources/i-1/eligibility").json
    assert [r["code"] for r in body["reasons"]] == ["pay_as_you_go"] and "quota" in body


def test_an_unknown_resource_is_not_found(api):
    response = api.as_("alice").get("/v1/resources/i-none/eligibility")
    assert response.status_code == 404 and error_code(response) == "resource_not_found"


def test_english_messages(api):
    api.resource("i-1", billing="pay_as_you_go")
    reason = api.as_("alice", lang="en").get("/v1/resources/i-1/eligibility").json["reasons"][0]
    assert reason["message"] == "Pay-as-you-go instances cannot be used for filing."
    assert "subscription" in reason["remedy"]


def test_account_wide_eligible_when_one_resource_is(api):
    api.resource("i-1", status="released")
    api.resource("i-2")
    api.resource("i-3", owner="bob")
    body = api.as_("alice").get("/v1/eligibility").json
    assert body["eligible"] is True and body["reasons"] == []
    assert [r["resource_id"] for r in body["resources"]] == ["i-1", "i-2"]
    assert [r["code"] for r in body["resources"][0]["reasons"]] == ["released"]


def test_account_wide_not_eligible_says_no_fileable_resource(api):
    api.resource("i-1", region="us-east-1")
    body = api.as_("alice").get("/v1/eligibility").json
    assert body["eligible"] is False
    assert [r["code"] for r in body["reasons"]] == ["no_fileable_resource"]
    assert [r["code"] for r in body["resources"][0]["reasons"]] == ["non_mainland_region"]
    empty = api.as_("nobody").get("/v1/eligibility").json
    assert empty == {"eligible": False, "reasons": empty["reasons"], "resources": []}
    assert [r["code"] for r in empty["reasons"]] == ["no_fileable_resource"]
