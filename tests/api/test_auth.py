"""Authentication and roles (http-api.md, "Common rules"; domain.md, "Roles")."""
from __future__ import annotations

import time

import jwt
import pytest

from icp_api.auth import secret

from .conftest import error_code


def token(claims: dict, key: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key or secret(), algorithm=algorithm)


def valid_claims(**changes) -> dict:
    return {"sub": "alice", "role": "customer", "exp": int(time.time()) + 600, **changes}


def get_with(api, header: str | None):
    headers = {"Authorization": header} if header is not None else {}
    return api.client.get("/v1/resources/i-1", headers=headers)


@pytest.fixture
def owned(api):
    api.resource("i-1")
    return api


def test_a_valid_token_is_accepted(owned):
    assert get_with(owned, f"Bearer {token(valid_claims())}").status_code == 200


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", "Basic YWxpY2U6c2VjcmV0", "bearer not-a-jwt", "Token abc",
], ids=repr)
def test_missing_or_malformed_credentials_are_unauthenticated(owned, header):
    response = get_with(owned, header)
    assert response.status_code == 401 and error_code(response) == "unauthenticated"


@pytest.mark.parametrize("make", [
    pytest.param(lambda: token(valid_claims(), key="another-secret-of-sufficient-length-xx"), id="wrong-secret"),
    pytest.param(lambda: token(valid_claims(exp=int(time.time()) - 10)), id="expired"),
    pytest.param(lambda: token({k: v for k, v in valid_claims().items() if k != "sub"}), id="no-sub"),
    pytest.param(lambda: token({k: v for k, v in valid_claims().items() if k != "role"}), id="no-role"),
    pytest.param(lambda: token({k: v for k, v in valid_claims().items() if k != "exp"}), id="no-exp"),
    pytest.param(lambda: token(valid_claims(sub="")), id="empty-sub"),
    pytest.param(lambda: token(valid_claims(), algorithm="HS512"), id="other-algorithm"),
    pytest.param(lambda: jwt.encode(valid_claims(), None, algorithm="none"), id="alg-none"),
    pytest.param(lambda: token(valid_claims())[:-3] + "abc", id="tampered-signature"),
])
def test_bad_tokens_are_unauthenticated(owned, make):
    response = get_with(owned, f"Bearer {make()}")
    assert response.status_code == 401 and error_code(response) == "unauthenticated"


def test_an_unknown_role_is_forbidden(owned):
    response = get_with(owned, f"Bearer {token(valid_claims(role='admin'))}")
    assert response.status_code == 403 and error_code(response) == "forbidden"


# Who may call what, per route of this function set (domain.md's roles table).
ROLE_TABLE = [
    ("PUT", "/v1/resources/i-9", {"operator"}),
    ("GET", "/v1/resources/i-1", {"customer", "operator", "regulator"}),
    ("GET", "/v1/resources/i-1/eligibility", {"customer", "operator", "regulator"}),
    ("GET", "/v1/eligibility", {"customer"}),
]


@pytest.mark.parametrize("method, path, allowed", ROLE_TABLE)
@pytest.mark.parametrize("role", ["customer", "operator", "regulator"])
def test_each_route_admits_only_its_roles(owned, method, path, allowed, role):
    from .conftest import ECS

    session = owned.as_("alice", role)
    response = session.request(method, path, ECS if method == "PUT" else None)
    if role in allowed:
        assert response.status_code == 200, response.json
    else:
        assert response.status_code == 403 and error_code(response) == "forbidden"


@pytest.mark.parametrize("method, path, allowed", ROLE_TABLE)
def test_every_route_but_the_faq_needs_a_token(owned, method, path, allowed):
    response = owned.anonymous.request(method, path)
    assert response.status_code == 401 and error_code(response) == "unauthenticated"


def test_gateway_mode_reads_claims_from_the_request_context(owned, monkeypatch):
    from functions_loader import function_module

    monkeypatch.setenv("ICP_AUTH_MODE", "gateway")
    handler = function_module("ResourcesFunction").handler
    event = {
        "version": "2.0", "routeKey": "GET /v1/resources/{resource_id}", "rawPath": "/v1/resources/i-1",
        "rawQueryString": "", "headers": {"host": "localhost"},
        "requestContext": {"http": {"method": "GET", "path": "/v1/resources/i-1", "sourceIp": "127.0.0.1"},
                           "requestId": "gw-req-1",
                           "authorizer": {"jwt": {"claims": {"sub": "alice", "role": "customer"}}}},
        "isBase64Encoded": False,
    }
    response = handler(event, None)
    assert response["statusCode"] == 200 and response["headers"]["X-Request-Id"] == "gw-req-1"
    # In gateway mode a bearer token is not what counts: no claims in the context is 401.
    del event["requestContext"]["authorizer"]
    event["headers"]["authorization"] = f"Bearer {token(valid_claims())}"
    assert handler(event, None)["statusCode"] == 401
    event["requestContext"]["authorizer"] = {"lambda": {"sub": "mallory", "role": "customer"}}
    assert handler(event, None)["statusCode"] == 404  # another account's resource


def test_a_verified_token_is_refused_once_it_expires(owned, monkeypatch):
    from icp_api import auth

    header = f"Bearer {token(valid_claims(exp=int(time.time()) + 30))}"
    assert get_with(owned, header).status_code == 200  # verified, and remembered
    real_time = time.time
    monkeypatch.setattr(auth.time, "time", lambda: real_time() + 60)
    assert get_with(owned, header).status_code == 401


def test_a_remembered_token_does_not_outlive_a_change_of_secret(owned, monkeypatch):
    header = f"Bearer {token(valid_claims())}"
    assert get_with(owned, header).status_code == 200
    monkeypatch.setenv("ICP_JWT_SECRET", "rotated-" + "r" * 64)
    assert get_with(owned, header).status_code == 401


# Claims are made when the test runs: made at collection, their exp could have passed by then and
# the token would be refused as expired, not for the malformed claim under test.
@pytest.mark.parametrize("make", [lambda: valid_claims(exp=str(int(time.time()) + 600)),
                                  lambda: valid_claims(sub="x" * 129),
                                  lambda: valid_claims(sub=7), lambda: valid_claims(role=["customer"])],
                         ids=["exp-as-string", "sub-too-long", "sub-not-a-string", "role-not-a-string"])
def test_malformed_claims_are_unauthenticated_every_time(owned, make):
    header = f"Bearer {token(make())}"
    for _ in range(2):  # the first answer is not cached into a different second one
        response = get_with(owned, header)
        assert response.status_code == 401 and error_code(response) == "unauthenticated"
