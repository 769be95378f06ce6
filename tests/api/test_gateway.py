"""The local gateway's own answers (http-api.md, "Bad input"): odd paths, 405s with
Allow, the API page, and a log line for every request it answers."""
from __future__ import annotations

import json
import logging

import pytest

from api.conftest import error_code

# A GET route answers HEAD too (without a body), so Allow names it.
ROUTES_405 = [("DELETE", "/v1/eligibility", "GET, HEAD"), ("PATCH", "/v1/resources/i-1", "GET, HEAD, PUT"),
              ("GET", "/v1/filings/f-1/approve", "POST"), ("POST", "/openapi.json", "GET, HEAD"),
              ("PUT", "/docs", "GET, HEAD")]


@pytest.mark.parametrize("path", ["/v1//notifications", "//v1/notifications", "/v1/resources//eligibility",
                                  "/v1/notifications//"])
def test_doubled_slashes_are_an_unknown_path_with_the_envelope(api, path):
    response = api.as_("alice").get(path)
    assert response.status_code == 404, response.data[:200]
    assert error_code(response) == "not_found"


@pytest.mark.parametrize("method, path, allow", ROUTES_405)
def test_every_405_names_the_methods_the_path_takes(api, method, path, allow):
    response = api.operator.request(method, path)
    assert response.status_code == 405
    assert error_code(response) == "method_not_allowed"
    assert response.headers["Allow"] == allow


def test_a_function_app_called_directly_also_sends_allow(api):
    from werkzeug.test import Client

    from functions_loader import function_module

    client = Client(function_module("CheckEligibilityFunction").app)  # a plain WSGI host calls the function itself
    response = client.delete("/v1/eligibility")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD"


def test_the_api_page_renders_the_published_document(api):
    page = api.anonymous.get("/docs")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.get_data(as_text=True)
    assert 'spec-url="/openapi.json"' in html and "/docs/redoc.standalone.js" in html
    script = api.anonymous.get("/docs/redoc.standalone.js")
    assert script.status_code == 200 and len(script.data) > 100_000
    assert api.anonymous.get("/openapi.json").json["openapi"].startswith("3.1")


def test_the_gateway_logs_what_it_answers_itself(api, capsys):
    logging.getLogger("icp").setLevel(logging.INFO)
    capsys.readouterr()
    api.anonymous.get("/v1/nowhere")
    api.anonymous.request("DELETE", "/v1/eligibility")
    api.anonymous.get("/openapi.json")
    api.anonymous.get("/docs")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert [(e["function"], e["method"], e["route"], e["status"], e["error"]) for e in lines] == [
        ("gateway", "GET", None, 404, "not_found"),
        ("gateway", "DELETE", None, 405, "method_not_allowed"),
        ("gateway", "GET", "/openapi.json", 200, None),
        ("gateway", "GET", "/docs", 200, None),
    ]
    assert all(e["ts"] and e["request_id"] and e["latency_ms"] >= 0 for e in lines)
