"""Resources: the operator's upsert of billing facts, reads, and bad input."""
from __future__ import annotations

import json

import pytest

from .conftest import ECS, error_code


def test_the_operator_upserts_and_the_owner_reads(api):
    created = api.resource("i-1")
    assert created == {"resource_id": "i-1", **ECS, "status": "running"}
    assert api.as_("alice").get("/v1/resources/i-1").json == created
    updated = api.resource("i-1", term_months=24, expires_at="2028-06-01T08:00:00+08:00")
    assert updated["term_months"] == 24 and updated["expires_at"] == "2028-06-01T00:00:00Z"


@pytest.mark.parametrize("role", ["operator", "regulator"])
def test_staff_read_any_resource(api, role):
    api.resource("i-1")
    assert api.as_("someone", role).get("/v1/resources/i-1").status_code == 200


def test_another_customer_reading_gets_not_found(api):
    api.resource("i-1")
    response = api.as_("mallory").get("/v1/resources/i-1")
    assert response.status_code == 404 and error_code(response) == "resource_not_found"
    assert "alice" not in response.get_data(as_text=True)


def test_an_unknown_resource_is_not_found(api):
    response = api.operator.get("/v1/resources/i-nope")
    assert response.status_code == 404 and error_code(response) == "resource_not_found"


def test_defaults_of_optional_facts(api):
    body = {k: v for k, v in ECS.items() if k not in ("term_months", "order_amount", "public_bandwidth_mbps")}
    created = api.operator.put("/v1/resources/i-2", body).json
    assert (created["term_months"], created["order_amount"], created["public_bandwidth_mbps"], created["status"]) == \
        (0, 0, 0, "running")


def test_a_change_of_owner_moves_the_resource_between_accounts(api):
    api.resource("i-1")
    api.resource("i-1", owner="bob")
    assert api.as_("alice").get("/v1/eligibility").json["resources"] == []
    assert [r["resource_id"] for r in api.as_("bob").get("/v1/eligibility").json["resources"]] == ["i-1"]


def test_a_released_resource_cannot_run_again(api):
    api.resource("i-1", status="released")
    response = api.operator.put("/v1/resources/i-1", ECS)
    assert response.status_code == 409 and error_code(response) == "invalid_transition"
    assert api.operator.get("/v1/resources/i-1").json["status"] == "released"


@pytest.mark.parametrize("field, value", [
    ("owner", None), ("owner", 7), ("product", ["ecs"]), ("billing", "monthly"), ("term_months", 3.5),
    ("term_months", "12"), ("term_months", True), ("term_months", -1), ("order_amount", "90"),
    ("public_bandwidth_mbps", -5), ("region", "Hangzhou"), ("expires_at", "tomorrow"),
    ("expires_at", "2027-06-01T00:00:00"), ("status", "stopped"), ("owner", "a/../b"), ("owner", "x" * 200),
    ("owner", "alice\n"), ("region", "cn-hangzhou\n"), ("expires_at", "0001-01-01T00:00:00+08:00"),
    ("expires_at", "9999-12-31T23:59:59-08:00"), ("expires_at", "2027-W01-1T00:00:00Z"),
    ("term_months", 10 ** 40), ("order_amount", 1e300), ("public_bandwidth_mbps", 10 ** 7),
])
def test_bad_facts_are_invalid_request_naming_the_field(api, field, value):
    response = api.operator.put("/v1/resources/i-1", {**ECS, field: value})
    assert response.status_code == 400 and error_code(response) == "invalid_request"
    assert response.json["error"]["field"] == field and field in response.json["error"]["message"]
    assert api.operator.get("/v1/resources/i-1").status_code == 404  # nothing written


@pytest.mark.parametrize("field", ["owner", "product", "billing", "region", "expires_at"])
def test_required_facts(api, field):
    response = api.operator.put("/v1/resources/i-1", {k: v for k, v in ECS.items() if k != field})
    assert response.status_code == 400 and response.json["error"]["field"] == field


def test_an_unknown_field_is_refused(api):
    response = api.operator.put("/v1/resources/i-1", {**ECS, "colour": "blue"})
    assert response.status_code == 400 and response.json["error"]["field"] == "colour"


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b'"text"', b"null", b"\xff\xfe", b'{"a": NaN}', b"[" * 50000,
                                 b'{"a":' * 10000 + b"1" + b"}" * 10000],
                         ids=["truncated", "array", "string", "null", "not-utf8", "nan", "deep-array", "deep-object"])
def test_a_body_that_is_not_a_json_object_is_invalid_json(api, raw):
    response = api.operator.put("/v1/resources/i-1", raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and error_code(response) == "invalid_json"


def test_a_number_beyond_json_doubles_is_refused_not_stored_as_infinity(api):
    raw = b'{"owner": "alice", "product": "ecs", "billing": "subscription", "region": "cn-hangzhou", ' \
          b'"expires_at": "2027-06-01T00:00:00Z", "public_bandwidth_mbps": 1e400}'
    response = api.operator.put("/v1/resources/i-1", raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json["error"]["field"] == "public_bandwidth_mbps"


def test_an_empty_body_counts_as_an_empty_object(api):
    response = api.operator.put("/v1/resources/i-1", b"")
    assert response.status_code == 400 and response.json["error"]["field"] == "owner"


def test_a_body_over_64_kib_is_payload_too_large(api):
    raw = json.dumps({**ECS, "product": "x" * (65 * 1024)}).encode()
    response = api.operator.put("/v1/resources/i-1", raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and error_code(response) == "payload_too_large"


@pytest.mark.parametrize("resource_id", ["..", "a b", "%2e%2e", "x" * 129, "-leading-dash", "a%2Fb", "i-nl%0A"])
def test_malformed_resource_ids_are_refused(api, resource_id):
    response = api.operator.put(f"/v1/resources/{resource_id}", ECS)
    assert response.status_code in (400, 404)
    assert error_code(response) in ("invalid_request", "not_found")


def test_unknown_path_and_wrong_method(api):
    response = api.operator.get("/v1/nothing-here")
    assert response.status_code == 404 and error_code(response) == "not_found"
    response = api.operator.request("DELETE", "/v1/resources/i-1")
    assert response.status_code == 405 and error_code(response) == "method_not_allowed"


def test_messages_are_chinese_by_default_and_english_on_request(api):
    zh = api.as_("alice").get("/v1/resources/i-x")
    en = api.as_("alice", lang="en").get("/v1/resources/i-x")
    assert zh.json["error"]["message"] == "实例不存在。" and en.json["error"]["message"] == "No such resource."
    en = api.as_("alice", lang="en-US,en;q=0.9").get("/v1/nowhere")
    assert en.json["error"]["message"] == "No such path."
