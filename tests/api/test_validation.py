"""invalid_request names every bad field at once (http-api.md, "Bad input")."""
from __future__ import annotations

from api.conftest import ECS, error_code


def fields_of(response) -> dict[str, str]:
    assert response.status_code == 400, response.json
    assert error_code(response) == "invalid_request"
    listed = response.json["error"]["fields"]
    assert all(set(f) == {"field", "message"} and f["message"] for f in listed), listed
    return {f["field"]: f["message"] for f in listed}


def test_every_missing_wrong_typed_unknown_or_out_of_range_field_is_listed(api):
    body = {"owner": 5, "billing": "monthly", "term_months": -1, "region": "cn-hangzhou", "colour": "red"}
    fields = fields_of(api.operator.put("/v1/resources/i-1", body, headers={"Accept-Language": "en"}))
    assert fields == {
        "colour": "unknown field.",
        "owner": "must be a string.",
        "product": "is required.",
        "billing": "must be one of subscription, pay_as_you_go.",
        "term_months": "must be 0..1200.",
        "expires_at": "is required.",
    }


def test_values_the_domain_checks_are_listed_together_too(api):
    body = {**ECS, "owner": "not an account!", "region": "Hangzhou", "expires_at": "next year"}
    fields = fields_of(api.operator.put("/v1/resources/i-1", body))
    assert set(fields) == {"owner", "region", "expires_at"}
    assert api.operator.get("/v1/resources/i-1").status_code == 404  # nothing written


def test_nested_fields_are_named_by_their_path(api):
    body = {"service_number": 1, "domain": "example.com", "website_name": ["网站"],
            "subject": {"type": "robot", "name": "张三", "id_number": "x", "age": 3}}
    fields = fields_of(api.as_("alice").post("/v1/filings", body))
    assert set(fields) == {"service_number", "website_name", "province", "subject.type", "subject.age"}


def test_one_bad_field_is_listed_alone_and_named_in_field(api):
    response = api.as_("alice").post("/v1/resources/i-1/service-numbers", {"count": 21})
    assert fields_of(response) == {"count": "应在 1..20 之间。"}
    assert response.json["error"]["field"] == "count"
    assert "1..20" in response.json["error"]["message"]


def test_a_whole_number_written_with_a_fraction_is_an_integer(api):
    """JSON Schema's integer is a number without a fraction: 2.0 is 2 (schemathesis sends it),
    2.5 is not an integer."""
    api.resource("i-1", **ECS)
    issued = api.as_("alice").post("/v1/resources/i-1/service-numbers", {"count": 2.0})
    assert issued.status_code == 201, issued.json
    assert len(issued.json["service_numbers"]) == 2 and issued.json["quota"]["issued"] == 2
    fields = fields_of(api.as_("alice").post("/v1/resources/i-1/service-numbers", {"count": 2.5},
                                             headers={"Accept-Language": "en"}))
    assert fields == {"count": "must be an integer."}
