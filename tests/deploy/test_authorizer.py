"""The HTTP API's Lambda authorizer (functions/authorizer) and the functions' gateway
mode that reads what it passes on."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest

from icp_api import auth, runtime, secret_store
from icp_api.routes import _read_template
from icp_filing.config import load
from icp_filing.context import Context
from kvstore.memory import MemoryStore
from functions_loader import TEMPLATE, function_module

from . import scenario

ROOT = Path(__file__).resolve().parents[2]


def token(secret: str | None = None, **claims) -> str:
    body = {"sub": "alice", "role": "customer", "exp": int(time.time()) + 600, **claims}
    return jwt.encode({k: v for k, v in body.items() if v is not None}, secret or auth.secret(), algorithm="HS256")


@pytest.fixture
def authorize():
    module = function_module("AuthorizerFunction")
    return lambda header, route_key="GET /v1/eligibility": module.handler(scenario.authorizer_event(header, route_key),
                                                                            None)


def test_a_good_token_is_authorized_with_its_caller(authorize):
    exp = int(time.time()) + 600
    answer = authorize(f"Bearer {token(exp=exp, role='operator', sub='op-7')}")
    assert answer == {"isAuthorized": True, "context": {"sub": "op-7", "role": "operator", "exp": exp}}


@pytest.mark.parametrize("header, refusal", [
    (lambda: f"Bearer {token(exp=int(time.time()) - 60)}", "unauthenticated"),       # expired (past the leeway)
    (lambda: f"Bearer {token(secret='another-' + 'y' * 40)}", "unauthenticated"),    # wrong signature
    (lambda: f"Bearer {token(sub=None)}", "unauthenticated"),                        # missing claims
    (lambda: f"Bearer {token(role=None)}", "unauthenticated"),
    (lambda: f"Bearer {token(exp=None)}", "unauthenticated"),
    (lambda: f"Bearer {token(sub='')}", "unauthenticated"),
    (lambda: f"Bearer {token(role='root')}", "forbidden"),                           # not a role of the service
    (lambda: "Basic YWxpY2U6cHc=", "unauthenticated"),
    (lambda: "Bearer ", "unauthenticated"),
    (lambda: None, "unauthenticated"),
])
def test_a_bad_token_carries_its_refusal_and_no_caller(authorize, header, refusal):
    answer = authorize(header())
    assert answer["isAuthorized"] is True and answer["context"]["error"] == refusal
    assert not {"sub", "role", "exp"} & set(answer["context"])  # no caller
    if refusal == "unauthenticated":  # and why, for the function's WWW-Authenticate
        assert answer["context"]["why"] in auth.WHY or answer["context"]["why"] == "missing_claim"


def test_the_answer_depends_on_the_authorization_header_alone_the_gateways_cache_key(authorize):
    good, other = f"Bearer {token()}", f"Bearer {token(sub='bob')}"
    answers = {authorize(good, route) == authorize(good, "GET /v1/eligibility")
               for route in ("GET /v1/notifications", "POST /v1/filings", "GET /v1/resources/{resource_id}")}
    assert answers == {True}
    assert authorize(good)["context"]["sub"] == "alice" and authorize(other)["context"]["sub"] == "bob"
    # The template caches by exactly that header, for a while, and answers simply (payload 2.0).
    api = _read_template(TEMPLATE)["Resources"]["HttpApi"]["Properties"]["Auth"]
    authorizer = api["Authorizers"][api["DefaultAuthorizer"]]
    assert authorizer["Identity"] == {"Headers": ["Authorization"],
                                      "ReauthorizeEvery": {"Ref": "AuthorizerCacheSeconds"}}
    assert authorizer["AuthorizerPayloadFormatVersion"] == "2.0" and authorizer["EnableSimpleResponses"] is True
    parameters = _read_template(TEMPLATE)["Parameters"]
    assert parameters["AuthorizerCacheSeconds"]["Default"] > 0


def test_the_secret_is_fetched_once_from_secrets_manager(authorize, monkeypatch):
    secret = "from-secrets-manager-" + "s" * 40
    fetched = []
    monkeypatch.delenv("ICP_JWT_SECRET")
    monkeypatch.setenv("ICP_JWT_SECRET_ARN", "arn:aws:secretsmanager:cn-north-1:1:secret:jwt")
    monkeypatch.setattr(secret_store, "fetch", lambda arn: fetched.append(arn) or secret)
    secret_store.forget()
    try:
        for _ in range(3):
            assert authorize(f"Bearer {token(secret=secret)}")["context"]["sub"] == "alice"
        refused = authorize(f"Bearer {token(secret='x' * 48)}")["context"]
        assert refused == {"error": "unauthenticated", "why": "bad_signature"}
    finally:
        secret_store.forget()
    assert fetched == ["arn:aws:secretsmanager:cn-north-1:1:secret:jwt"]


@pytest.fixture
def gateway_mode(monkeypatch):
    monkeypatch.setenv("ICP_AUTH_MODE", "gateway")
    runtime.use(Context(store=MemoryStore(), config=load({})))
    yield function_module("NotificationsFunction").handler
    runtime.use(None)


def gateway_event(context: dict | None, header: str | None = None) -> dict:
    event = scenario.v2_event("GET", "/v1/notifications", "GET /v1/notifications",
                              headers={"authorization": header} if header else None)
    if context is not None:
        event["requestContext"]["authorizer"] = {"lambda": context}
    return event


def test_gateway_mode_serves_the_caller_the_authorizer_passed_on(gateway_mode, authorize):
    context = authorize(f"Bearer {token(sub='carol')}")["context"]
    response = gateway_mode(gateway_event(context), None)
    assert response["statusCode"] == 200 and json.loads(response["body"]) == {"notifications": [], "next_cursor": None}


@pytest.mark.parametrize("context, status", [
    ({"error": "unauthenticated"}, 401),
    ({"error": "forbidden"}, 403),
    ({"sub": "carol", "role": "customer", "exp": int(time.time()) - 60}, 401),  # expired while cached
    ({"sub": "carol", "role": "customer", "exp": "tomorrow"}, 401),
    ({"sub": "carol", "role": "root"}, 403),
    (None, 401),                                                                # no authorizer ran
])
def test_gateway_mode_refuses_what_the_authorizer_refused_with_the_envelope(gateway_mode, context, status):
    response = gateway_mode(gateway_event(context, header=f"Bearer {token()}"), None)
    body = json.loads(response["body"])
    assert response["statusCode"] == status and body["error"]["request_id"] == response["headers"]["X-Request-Id"]


@pytest.mark.parametrize("header, why", [
    (lambda: f"Bearer {token(exp=int(time.time()) - 60)}", "expired"),
    (lambda: f"Bearer {token(secret='another-' + 'y' * 40)}", "bad_signature"),
    (lambda: f"Bearer {token(role=None)}", "missing_claim"),
    (lambda: "Basic YWxpY2U6cHc=", "not_bearer"),
])
def test_gateway_mode_says_why_a_token_was_refused_as_jwt_mode_does(gateway_mode, authorize, header, why):
    context = authorize(header())["context"]
    response = gateway_mode(gateway_event(context, header=header()), None)
    expected = auth.Unauthenticated(why, claim="role" if why == "missing_claim" else None)
    assert response["statusCode"] == 401
    assert response["headers"]["WWW-Authenticate"] == expected.challenge()
    assert json.loads(response["body"])["error"]["message"] == expected.message("zh")


def test_gateway_mode_imports_neither_jwt_nor_flask(tmp_path):
    """Behind the authorizer a function verifies nothing and needs no WSGI framework:
    neither is imported on its cold start."""
    probe = f"""
import json, sys
sys.path[:0] = [{str(ROOT / 'functions' / 'notifications')!r}, {str(ROOT / 'shared')!r}]
from app import handler
event = json.loads(sys.argv[1])
response = handler(event, None)
assert response["statusCode"] == 200, response
print(json.dumps(sorted(m for m in ("jwt", "flask", "werkzeug", "serverless_wsgi") if m in sys.modules)))
"""
    event = gateway_event({"sub": "carol", "role": "customer", "exp": int(time.time()) + 60})
    env = {**os.environ, "ICP_AUTH_MODE": "gateway", "ICP_STORE_URL": f"sqlite:///{tmp_path / 'x.db'}",
           "ICP_LOG_LEVEL": "WARNING"}
    env.pop("ICP_JWT_SECRET", None)
    out = subprocess.run([sys.executable, "-c", probe, json.dumps(event)], env=env, capture_output=True, text=True,
                         check=True, timeout=60)
    assert json.loads(out.stdout) == []


def test_the_guided_deploy_asks_no_authentication_questions():
    """SAM CLI's guided deploy asks "X has no authentication. Is this okay?" for every
    route it finds unguarded (the default answer aborts): the default authorizer guards
    them all, and the FAQ's public routes say so explicitly."""
    from samcli.commands.deploy import auth_utils  # the SAM CLI, from requirements-dev.txt
    from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider

    stacks, _ = SamLocalStackProvider.get_stacks(str(TEMPLATE))
    answers = auth_utils.auth_per_resource(stacks)
    assert answers and all(required for _, required in answers), answers
