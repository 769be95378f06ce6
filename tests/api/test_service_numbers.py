"""Issue service number over HTTP (domain.md, "Service numbers")."""
from __future__ import annotations

import re

import pytest

from conftest import STORE_BACKENDS
from icp_filing import records

from .conftest import error_code


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request, store_url_for):
    """This module also runs on PostgreSQL: the HTTP wiring on a real server (one module
    is enough; the store contract and the races cover the backend itself)."""
    return store_url_for(request.param)

ISSUE = "/v1/resources/{}/service-numbers"


def issue(session, resource_id="i-1", count=None, **kw):
    return session.post(ISSUE.format(resource_id), {} if count is None else {"count": count}, **kw)


def test_issue_one_by_default(api):
    api.resource("i-1")
    response = issue(api.as_("alice"))
    assert response.status_code == 201
    [sn] = response.json["service_numbers"]
    assert response.json["quota"] == {"limit": 5, "issued": 1, "remaining": 4}
    assert set(sn) == {"service_number", "resource_id", "owner", "status", "void_reason", "filing_id", "issued_at",
                       "updated_at"}
    assert (sn["resource_id"], sn["owner"], sn["status"], sn["void_reason"], sn["filing_id"]) == \
        ("i-1", "alice", "issued", None, None)
    assert sn["issued_at"] == "2026-11-30T08:00:00Z"


def test_numbers_are_unguessable_and_url_safe(api):
    api.resource("i-1")
    numbers = [sn["service_number"] for sn in issue(api.as_("alice"), count=5).json["service_numbers"]]
    assert len(set(numbers)) == 5
    for number in numbers:
        assert re.fullmatch(r"[A-Z2-7]{24}", number)  # base32 of 120 random bits


def test_a_request_is_all_or_nothing_against_the_remaining_quota(api):
    api.resource("i-1")
    me = api.as_("alice")
    assert issue(me, count=3).status_code == 201
    refused = issue(me, count=3)
    assert refused.status_code == 409 and error_code(refused) == "quota_exhausted"
    assert [r["code"] for r in refused.json["error"]["reasons"]] == ["quota_exhausted"]
    assert len(me.get(ISSUE.format("i-1")).json["service_numbers"]) == 3  # nothing of the refused request
    assert issue(me, count=2).json["quota"] == {"limit": 5, "issued": 5, "remaining": 0}
    assert error_code(issue(me)) == "quota_exhausted"


@pytest.mark.parametrize("facts, codes", [
    ({"billing": "pay_as_you_go"}, ["pay_as_you_go"]),
    ({"region": "cn-hongkong", "public_bandwidth_mbps": 0}, ["non_mainland_region", "no_public_bandwidth"]),
    ({"status": "released"}, ["released"]),
    ({"expires_at": "2026-11-01T00:00:00Z"}, ["expired"]),
    ({"product": "oss"}, ["unsupported_product"]),
])
def test_an_ineligible_resource_gets_not_eligible_with_every_reason(api, facts, codes):
    api.resource("i-1", **facts)
    response = issue(api.as_("alice"))
    assert response.status_code == 409 and error_code(response) == "not_eligible"
    assert [r["code"] for r in response.json["error"]["reasons"]] == codes


def test_with_other_reasons_the_quota_is_one_of_them(api):
    api.resource("i-1", product="virtual_host")
    assert issue(api.as_("alice")).status_code == 201
    api.resource("i-1", product="virtual_host", billing="pay_as_you_go")
    response = issue(api.as_("alice"))
    assert error_code(response) == "not_eligible"
    assert [r["code"] for r in response.json["error"]["reasons"]] == ["pay_as_you_go", "quota_exhausted"]


def test_reasons_are_in_the_callers_language(api):
    api.resource("i-1", billing="pay_as_you_go")
    reason = issue(api.as_("alice", lang="en")).json["error"]["reasons"][0]
    assert reason["message"] == "Pay-as-you-go instances cannot be used for filing."


def test_another_accounts_resource_is_not_eligible_with_only_not_owner(api):
    api.resource("i-1")
    response = issue(api.as_("mallory"))
    assert response.status_code == 409 and error_code(response) == "not_eligible"
    assert [r["code"] for r in response.json["error"]["reasons"]] == ["not_owner"]


def test_an_unknown_resource_is_not_found(api):
    response = issue(api.as_("alice"), "i-none")
    assert response.status_code == 404 and error_code(response) == "resource_not_found"


@pytest.mark.parametrize("count", [0, 21, -1, 1.5, "2", True, None])
def test_count_must_be_1_to_20(api, count):
    api.resource("i-1")
    response = api.as_("alice").post(ISSUE.format("i-1"), {"count": count})
    assert response.status_code == 400 and error_code(response) == "invalid_request"
    assert response.json["error"]["field"] == "count"


def test_twenty_at_once_when_the_quota_allows(api, ctx):
    from icp_filing.config import load

    ctx.config = load({"ICP_QUOTA_ECS": "25"})
    api.resource("i-1")
    assert len(issue(api.as_("alice"), count=20).json["service_numbers"]) == 20


@pytest.mark.parametrize("role", ["operator", "regulator"])
def test_only_customers_issue(api, role):
    api.resource("i-1")
    response = issue(api.as_("alice", role))
    assert response.status_code == 403 and error_code(response) == "forbidden"


def test_list_and_get(api):
    api.resource("i-1")
    api.resource("i-2")
    issued = issue(api.as_("alice"), count=2).json["service_numbers"]
    issue(api.as_("alice"), "i-2")
    listed = api.as_("alice").get(ISSUE.format("i-1")).json["service_numbers"]
    assert sorted(sn["service_number"] for sn in listed) == sorted(sn["service_number"] for sn in issued)
    for role in ("operator", "regulator"):
        assert len(api.as_("staff", role).get(ISSUE.format("i-1")).json["service_numbers"]) == 2
    one = api.as_("alice").get(f"/v1/service-numbers/{issued[0]['service_number']}")
    assert one.status_code == 200 and one.json == issued[0]
    assert api.regulator.get(f"/v1/service-numbers/{issued[0]['service_number']}").json == issued[0]


def test_another_account_cannot_see_the_numbers(api):
    api.resource("i-1")
    number = issue(api.as_("alice")).json["service_numbers"][0]["service_number"]
    response = api.as_("mallory").get(f"/v1/service-numbers/{number}")
    assert response.status_code == 404 and error_code(response) == "service_number_not_found"
    response = api.as_("mallory").get(ISSUE.format("i-1"))
    assert response.status_code == 404 and error_code(response) == "resource_not_found"


@pytest.mark.parametrize("number", ["AAAAAAAAAAAAAAAAAAAAAAAA", "nope", "..%2F..", "a" * 300])
def test_an_unknown_number_is_not_found(api, number):
    response = api.as_("alice").get(f"/v1/service-numbers/{number}")
    assert response.status_code == 404 and error_code(response) in ("service_number_not_found", "not_found")


def test_idempotent_retry_issues_once(api, ctx):
    api.resource("i-1")
    me = api.as_("alice")
    first = issue(me, count=2, headers={"Idempotency-Key": "order-42"})
    again = issue(me, count=2, headers={"Idempotency-Key": "order-42"})
    assert first.status_code == again.status_code == 201 and again.json == first.json
    assert ctx.store.get(*records.resource_key("i-1"))["issued"] == 2
    other = issue(me, count=3, headers={"Idempotency-Key": "order-42"})
    assert other.status_code == 422 and error_code(other) == "idempotency_key_reused"


def test_the_issued_counter_survives_a_resource_upsert(api):
    api.resource("i-1")
    issue(api.as_("alice"), count=4)
    api.resource("i-1", term_months=36)
    assert api.as_("alice").get("/v1/resources/i-1/eligibility").json["quota"]["issued"] == 4


def test_every_issue_is_recorded_in_the_numbers_history(api, ctx):
    from icp_filing import history

    api.resource("i-1")
    number = issue(api.as_("alice")).json["service_numbers"][0]["service_number"]
    [event] = [history.public(e) for e in history.read(ctx, f"SN#{number}")]
    assert event == {"at": "2026-11-30T08:00:00Z", "actor": "customer:alice", "action": "issued",
                     "from_status": None, "to_status": "issued", "reason": None}
