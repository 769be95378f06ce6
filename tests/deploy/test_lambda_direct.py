"""The Lambda entry's direct path (an HTTP API event whose route the gateway matched)
answers exactly as serverless-wsgi + Flask do: every route, status, headers and body."""
from __future__ import annotations

import json

import pytest
import serverless_wsgi

from icp_api.app import FunctionApp
from icp_api.routes import load_functions
from functions_loader import TEMPLATE, function_module

from . import scenario


@pytest.fixture
def wsgi_calls(monkeypatch):
    calls = []
    real = serverless_wsgi.handle_request

    def counting(app, event, context):
        calls.append(event.get("routeKey"))
        return real(app, event, context)

    monkeypatch.setattr(serverless_wsgi, "handle_request", counting)
    return calls


def test_the_direct_path_answers_every_route_as_flask_does(monkeypatch, wsgi_calls):
    direct, _ = scenario.run(monkeypatch, direct=True)
    assert wsgi_calls == []  # nothing went through serverless-wsgi
    through_flask, _ = scenario.run(monkeypatch, direct=False)
    assert len(wsgi_calls) == len([label for label, _ in through_flask if not label.startswith("scan")])
    assert [label for label, _ in direct] == [label for label, _ in through_flask]
    for (label, ours), (_, theirs) in zip(direct, through_flask):
        assert ours == theirs, label
    # The scenario covers every route of the template, with successes and refusals.
    # (The console's static files are not a FunctionApp: tests/api/test_console_site.py.)
    routes = {r.route_key for f in load_functions(TEMPLATE).values() for r in f.routes
              if isinstance(getattr(function_module(f.function_id), "api", None), FunctionApp)}
    http = [(label, response) for label, response in direct if not label.startswith("scan")]
    assert {label.split(" <")[0] for label, _ in http} == routes
    statuses = {response["statusCode"] for _, response in http}
    assert {200, 201, 400, 401, 404, 409, 422, 500} <= statuses


def test_an_event_the_direct_path_does_not_take_goes_through_flask(monkeypatch, wsgi_calls):
    from functions_loader import function_module

    monkeypatch.setenv("ICP_JWT_SECRET", "s" * 40)
    handler = function_module("CheckEligibilityFunction").handler
    wrong_method = scenario.v2_event("POST", "/v1/eligibility", "GET /v1/eligibility")
    response = handler(wrong_method, None)
    assert wsgi_calls == ["GET /v1/eligibility"]
    assert response["statusCode"] == 405 and json.loads(response["body"])["error"]["code"] == "method_not_allowed"


def test_an_unreadable_event_is_the_envelope_not_a_crash():
    from functions_loader import function_module

    handler = function_module("CheckEligibilityFunction").handler
    event = scenario.v2_event("GET", "/v1/eligibility", "GET /v1/eligibility")
    event["body"], event["isBase64Encoded"] = "%%%not base64", True
    response = handler(event, None)
    assert response["statusCode"] == 400 and json.loads(response["body"])["error"]["code"] == "invalid_request"
