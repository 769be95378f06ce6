"""Function Compute 3.0 events through `scripts/invoke`: every route of template.yml
answers an HTTP-trigger event (bytes of JSON, as FC's Python runtime passes it), and
the timer event runs the expiry scan at its triggerTime."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from icp_api.routes import load_functions

from .conftest import run_script, script_env

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ROUTES = [r for f in load_functions(ROOT / "template.yml").values() for r in f.routes]
ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}
PATH_VALUES = {"resource_id": "i-fc", "filing_id": "F-NONE", "sn": "AAAAAAAAAAAAAAAAAAAAAAAA", "proxy+": "app.js"}
# Who calls each operation (the rest: the customer alice), and with what body.
ROLES = {"PutResource": "operator", "ApproveFiling": "regulator", "RejectFiling": "regulator",
         "RevokeAccess": "operator"}
BODIES = {"PutResource": ECS, "IssueServiceNumbers": {"count": 1}, "AnswerFaq": {"question": "备案服务号是什么"},
          "SubmitFiling": {}, "RejectFiling": {"reason": "x"}, "CancelFiling": {"kind": "voluntary"}}
# The operations whose success this table can reach without a filing.
SUCCESS = {"PutResource": 200, "GetResource": 200, "GetResourceEligibility": 200, "GetAccountEligibility": 200,
           "IssueServiceNumbers": 201, "ListServiceNumbers": 200, "ListNotifications": 200, "ListFaq": 200,
           "AnswerFaq": 200, "ListSubjectGrants": 200,
           "Console": 308, "ConsoleFiles": 200}  # the console's page: /console -> /console/, then its files


def fc_event(method: str, path: str, token: str | None, body: object = None, request_id: str = "fc-req-1",
             query: dict | None = None) -> dict:
    headers = {"Content-Type": "application/json", "Accept-Language": "en", "X-Forwarded-For": "10.0.0.1,10.0.0.2"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return {"version": "v1", "rawPath": path, "headers": headers, "queryParameters": query or {},
            "body": "" if body is None else json.dumps(body), "isBase64Encoded": False,
            "requestContext": {"accountId": "1234", "domainName": "abc.cn-hangzhou.fcapp.run", "domainPrefix": "abc",
                               "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                                        "sourceIp": "10.0.0.1", "userAgent": "test"},
                               "requestId": request_id, "time": "2026-11-30T08:00:00Z", "timeEpoch": "1795939200000"}}


def invoke(function_id: str, event: dict, env: dict) -> tuple[dict, str]:
    result = run_script("invoke", function_id, "--event", "-", "--raw", env=env, stdin=json.dumps(event))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    env = script_env(tmp_path_factory.mktemp("fc3"))
    env["ICP_TOKENS"] = json.dumps({role: run_script("token", "--sub", sub, "--role", role, env=env).stdout.strip()
                                    for sub, role in [("alice", "customer"), ("op-1", "operator"),
                                                      ("bureau-1", "regulator")]})
    put = fc_event("PUT", "/v1/resources/i-fc", json.loads(env["ICP_TOKENS"])["operator"], ECS)
    response, _ = invoke("ResourcesFunction", put, env)
    assert response["statusCode"] == 200, response
    return env


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.event_id)
def test_every_route_answers_an_fc3_http_event(env, route):
    tokens = json.loads(env["ICP_TOKENS"])
    path = route.path.format(**PATH_VALUES)
    event = fc_event(route.method, path, tokens[ROLES.get(route.event_id, "customer")], BODIES.get(route.event_id),
                     request_id=f"fc-{route.event_id}", query={"limit": "10"} if route.method == "GET" else None)
    response, log = invoke(route.function_id, event, env)
    # FC's response shape, with the FC request id carried through
    assert set(response) == {"statusCode", "headers", "isBase64Encoded", "body"}
    assert response["isBase64Encoded"] is False
    assert response["headers"]["X-Request-Id"] == f"fc-{route.event_id}"
    is_json = response["headers"].get("Content-Type", "").startswith("application/json")
    body = json.loads(response["body"]) if is_json else response["body"]
    # The request reached this route's operation (its log line names the template's route), no 5xx
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert [(x["function"], x["route"], x["method"], x["status"]) for x in lines] == \
        [(route.function_id, route.path, route.method, response["statusCode"])]
    assert response["statusCode"] < 500, body
    if route.event_id in SUCCESS:
        assert response["statusCode"] == SUCCESS[route.event_id], body
    elif response["statusCode"] >= 400:  # a refusal, in the envelope, with FC's request id
        assert body["error"]["request_id"] == f"fc-{route.event_id}"


def test_a_path_no_route_serves_is_the_envelope_not_a_crash(env):
    response, _ = invoke("FilingsFunction", fc_event("GET", "/v1/nowhere", None), env)
    assert response["statusCode"] == 404 and json.loads(response["body"])["error"]["code"] == "not_found"
    response, _ = invoke("FilingsFunction", fc_event("DELETE", "/v1/filings/F-1", None), env)
    assert response["statusCode"] == 405


def test_a_base64_body_is_decoded(env):
    import base64

    event = fc_event("POST", "/v1/faq/answer", None)
    event.update(body=base64.b64encode(json.dumps({"question": "什么是备案服务号"}).encode()).decode(),
                 isBase64Encoded=True)
    response, _ = invoke("AnswerFaqFunction", event, env)
    assert response["statusCode"] == 200


def test_the_timer_event_runs_the_scan_at_its_trigger_time(env):
    # Given a resource that expired on 2026-06-01 (released 15 days later)
    op = json.loads(env["ICP_TOKENS"])["operator"]
    put = fc_event("PUT", "/v1/resources/i-old", op, {**ECS, "expires_at": "2026-06-01T00:00:00Z"})
    assert invoke("ResourcesFunction", put, env)[0]["statusCode"] == 200
    # When FC's hourly timer fires on 2026-12-01
    timer = {"triggerTime": "2026-12-01T00:00:00Z", "triggerName": "hourly-expiry-scan", "payload": ""}
    summary, _ = invoke("ExpiryScanFunction", timer, env)
    # Then the scan ran at that time and released it
    assert summary["released"] == 1 and summary["complete"] is True
    get = fc_event("GET", "/v1/resources/i-old", op)
    assert json.loads(invoke("ResourcesFunction", get, env)[0]["body"])["status"] == "released"


def test_a_timer_event_on_an_api_function_only_warms_it(env):
    timer = {"triggerTime": "2026-12-01T00:00:00Z", "triggerName": "keep-warm", "payload": ""}
    result, _ = invoke("CheckEligibilityFunction", timer, env)
    assert result == {"warm": "CheckEligibilityFunction", "triggerName": "keep-warm"}
