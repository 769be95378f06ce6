"""Function Compute 3.0 events, in-process: the translation to the HTTP API v2 event
the handler serves, and FC's answer shape (end to end through scripts/invoke:
tests/local/test_fc3_invoke.py)."""
from __future__ import annotations

import json

import pytest

from icp_api import fc3
from icp_api.routes import Route

ROUTES = [Route("F", "GetFiling", "GET", "/v1/filings/{filing_id}"),
          Route("F", "ApproveFiling", "POST", "/v1/filings/{filing_id}/approve")]


@pytest.fixture
def store_url() -> str:
    return "memory://"  # the translation, not the store, is under test here


def fc_http(method="GET", path="/v1/filings/F%201", **extra):
    return {"version": "v1", "rawPath": path, "headers": {"X-Multi": "a,b", "Content-Type": "application/json"},
            "queryParameters": {"limit": "10", "q": "a b"}, "body": "", "isBase64Encoded": False,
            "requestContext": {"requestId": "r-1", "http": {"method": method, "path": path, "sourceIp": "10.0.0.9"}},
            **extra}


def test_an_http_event_becomes_the_v2_event_of_its_route():
    event = fc3.to_http_api_v2(fc_http(), fc3.RouteMatcher(ROUTES))
    assert event["version"] == "2.0" and event["routeKey"] == "GET /v1/filings/{filing_id}"
    assert event["pathParameters"] == {"filing_id": "F 1"} and event["rawPath"] == "/v1/filings/F%201"
    assert event["rawQueryString"] == "limit=10&q=a+b" and event["queryStringParameters"]["q"] == "a b"
    assert event["headers"] == {"x-multi": "a,b", "content-type": "application/json"}
    assert event["requestContext"]["requestId"] == "r-1"
    assert event["requestContext"]["http"]["sourceIp"] == "10.0.0.9"


def test_a_path_of_no_route_is_left_to_the_functions_router():
    event = fc3.to_http_api_v2(fc_http("DELETE"), fc3.RouteMatcher(ROUTES))
    assert event["routeKey"] == "$default" and "pathParameters" not in event


@pytest.mark.parametrize("event, kind", [
    (fc_http(), "http"), (json.dumps(fc_http()).encode(), "bytes"),
    ({"triggerTime": "2026-12-01T00:00:00Z", "triggerName": "t", "payload": ""}, "timer"),
    ({"version": "2.0", "routeKey": "GET /v1/faq", "rawPath": "/v1/faq",
      "requestContext": {"http": {"method": "GET"}}}, None),
    ({"httpMethod": "GET", "path": "/v1/faq", "headers": {}}, None),
])
def test_fc_events_are_told_from_aws_events_by_shape(event, kind):
    assert fc3.is_fc3_event(event) is (kind is not None)
    assert fc3.is_http_event(event) is (kind == "http")
    assert fc3.is_timer_event(event) is (kind == "timer")


def test_the_answer_has_fcs_shape():
    answer = fc3.to_fc_response({"statusCode": 204, "headers": {"X-Request-Id": "r"},
                                 "multiValueHeaders": {"Vary": ["Accept", "Origin"]}})
    assert answer == {"statusCode": 204, "headers": {"X-Request-Id": "r", "Vary": "Accept,Origin"},
                      "isBase64Encoded": False, "body": ""}


def test_a_function_answers_an_fc_event_and_unreadable_bytes(api):
    from functions_loader import function_module

    handler = function_module("AnswerFaqFunction").handler
    event = fc_http("GET", "/v1/faq")
    event["headers"]["Accept-Language"] = "en"
    as_dict, as_bytes = handler(event, None), handler(json.dumps(event).encode(), None)
    assert as_dict["statusCode"] == as_bytes["statusCode"] == 200
    assert as_dict["headers"]["X-Request-Id"] == "r-1" and json.loads(as_dict["body"])["entries"]
    for bad in (b"not json", b"[1, 2]", b'{"rawPath": 7}'):
        answer = handler(bad, None)
        assert answer["statusCode"] == 400 and json.loads(answer["body"])["error"]["code"] == "invalid_request"
        assert set(answer) == {"statusCode", "headers", "isBase64Encoded", "body"}
