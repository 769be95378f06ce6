"""Both entry points of a function: Lambda through serverless-wsgi (HTTP API v2 and
REST v1 events) and the plain WSGI app; and the template they are routed by."""
from __future__ import annotations

import base64
import io
import json
import sys

import pytest

from icp_api.auth import issue_token
from icp_api.routes import load_functions
from functions_loader import TEMPLATE, function_module

from .conftest import ECS


def v2_event(method, path, token=None, body=None, base64_body=False, headers=None):
    all_headers = {"host": "abc.execute-api.cn-north-1.amazonaws.com.cn", "x-forwarded-proto": "https",
                   **(headers or {})}
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    raw = json.dumps(body) if body is not None else None
    if raw is not None and base64_body:
        raw = base64.b64encode(raw.encode()).decode()
    return {"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
            "headers": all_headers, "body": raw, "isBase64Encoded": base64_body,
            "requestContext": {"http": {"method": method, "path": path, "sourceIp": "127.0.0.1"},
                               "requestId": "req-v2", "stage": "$default"}}


def v1_event(method, path, token=None, body=None):
    headers = {"Host": "localhost"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return {"httpMethod": method, "path": path, "resource": path, "headers": headers,
            "multiValueHeaders": {k: [v] for k, v in headers.items()}, "queryStringParameters": None,
            "multiValueQueryStringParameters": None, "body": json.dumps(body) if body is not None else None,
            "isBase64Encoded": False, "requestContext": {"requestId": "req-v1", "stage": "prod"}}


@pytest.fixture
def handlers(api):
    return function_module("ResourcesFunction").handler, function_module("CheckEligibilityFunction").handler


def test_a_round_trip_through_serverless_wsgi_with_http_api_v2_events(handlers):
    put, check = handlers
    response = put(v2_event("PUT", "/v1/resources/i-1", issue_token("op", "operator"), ECS, base64_body=True), None)
    assert response["statusCode"] == 200 and json.loads(response["body"])["resource_id"] == "i-1"
    assert response["headers"]["X-Request-Id"] == "req-v2"
    response = check(v2_event("GET", "/v1/resources/i-1/eligibility", issue_token("alice", "customer"),
                              headers={"accept-language": "en"}), None)
    body = json.loads(response["body"])
    assert response["statusCode"] == 200 and body["eligible"] is True and body["quota"]["limit"] == 5


def test_a_round_trip_with_rest_api_v1_events(handlers):
    put, check = handlers
    assert put(v1_event("PUT", "/v1/resources/i-1", issue_token("op", "operator"), ECS), None)["statusCode"] == 200
    response = check(v1_event("GET", "/v1/eligibility", issue_token("alice", "customer")), None)
    assert response["statusCode"] == 200 and len(json.loads(response["body"])["resources"]) == 1
    denied = check(v1_event("GET", "/v1/eligibility"), None)
    assert denied["statusCode"] == 401 and json.loads(denied["body"])["error"]["request_id"] == "req-v1"


def test_a_lambda_event_for_a_path_the_function_does_not_serve_is_not_found(handlers):
    _, check = handlers
    response = check(v2_event("GET", "/v1/resources/i-1", issue_token("alice", "customer")), None)
    assert response["statusCode"] == 404 and json.loads(response["body"])["error"]["code"] == "not_found"


def test_a_plain_wsgi_call(api):
    app = function_module("ResourcesFunction").app
    raw = json.dumps(ECS).encode()
    environ = {"REQUEST_METHOD": "PUT", "PATH_INFO": "/v1/resources/i-7", "QUERY_STRING": "", "SERVER_NAME": "fc",
               "SERVER_PORT": "9000", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.version": (1, 0),
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(raw), "wsgi.errors": sys.stderr,
               "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
               "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(raw)),
               "HTTP_AUTHORIZATION": f"Bearer {issue_token('op', 'operator')}"}
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    assert seen["status"].startswith("200") and "X-Request-Id" in seen["headers"]
    assert json.loads(body)["resource_id"] == "i-7"


def test_every_event_of_the_template_has_an_operation_and_every_function_loads():
    for function_id, function in load_functions(TEMPLATE).items():
        module = function_module(function_id)
        assert callable(module.handler)
        if function.routes:
            assert module.api.missing_operations() == set(), function_id


@pytest.mark.slow  # a cfn-lint process; .ci/run also lints the template
def test_the_template_passes_cfn_lint():
    from cfnlint.api import lint_file

    assert [str(m) for m in lint_file(TEMPLATE)] == []


def test_the_routes_compiled_for_the_layer_equal_the_template(tmp_path):
    from icp_api.routes import compile_routes

    compiled = tmp_path / "routes.json"
    compile_routes(TEMPLATE, compiled)
    assert load_functions(compiled) == load_functions(TEMPLATE)
