"""The console's static files on the gateway (ConsoleFunction), and the local sign-in
that only scripts/serve adds."""
from __future__ import annotations

import json

import jwt
import pytest
from werkzeug.test import Client

from functions_loader import function_module
from icp_api.auth import secret
from icp_api.local import LocalSignIn, is_loopback

from .conftest import ROOT, gateway


@pytest.fixture
def site() -> Client:
    return Client(gateway())


def test_the_console_root_redirects_to_its_folder_and_serves_the_page(site):
    response = site.get("/console")
    assert response.status_code == 308 and response.headers["Location"] == "/console/"
    page = site.get("/console/")
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="zh-CN">' in page.text and 'src="/console/app.js"' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path, content_type", [
    ("/console/app.js", "text/javascript; charset=utf-8"), ("/console/api.js", "text/javascript; charset=utf-8"),
    ("/console/i18n.js", "text/javascript; charset=utf-8"), ("/console/style.css", "text/css; charset=utf-8"),
])
def test_the_console_files(site, path, content_type):
    response = site.get(path)
    assert response.status_code == 200 and response.headers["Content-Type"] == content_type
    assert response.data == (ROOT / "functions/console/static" / path.rsplit("/", 1)[1]).read_bytes()


@pytest.mark.parametrize("path", [
    "/console/missing.js", "/console/../template.yml", "/console/%2e%2e/app.py", "/console/..%2Fapp.py",
    "/console/.hidden", "/console/static/app.js", "/console//etc/passwd", "/consolex",
])
def test_nothing_outside_the_folder_is_served(site, path):
    response = site.get(path)
    assert response.status_code == 404
    if response.headers.get("Content-Type") == "application/json":
        assert response.json["error"]["code"] == "not_found"


def test_the_console_is_read_only(site):
    response = site.post("/console/app.js", data="x")
    assert response.status_code == 405 and response.json["error"]["code"] == "method_not_allowed"
    head = site.head("/console/app.js")
    assert head.status_code == 200 and head.data == b""


def test_the_console_answers_a_lambda_event():
    module = function_module("ConsoleFunction")
    event = {"version": "2.0", "routeKey": "GET /console/{proxy+}", "rawPath": "/console/style.css",
             "rawQueryString": "", "headers": {"host": "x.execute-api.amazonaws.com"},
             "requestContext": {"http": {"method": "GET", "path": "/console/style.css", "sourceIp": "127.0.0.1"},
                                "stage": "$default", "requestId": "r-1"},
             "isBase64Encoded": False}
    response = module.handler(event, None)
    assert response["statusCode"] == 200 and ":root" in response["body"]


def test_the_deployed_gateway_has_no_local_sign_in(site):
    assert site.get("/local/sign-in").status_code == 404
    assert site.post("/local/sign-in", json={"account": "alice", "role": "customer"}).status_code == 404


def test_the_local_sign_in_mints_a_token_for_an_account_and_role():
    local = Client(LocalSignIn(gateway()))
    assert local.get("/local/sign-in").json == {"available": True}
    response = local.post("/local/sign-in", json={"account": "alice", "role": "regulator"})
    assert response.status_code == 200
    claims = jwt.decode(response.json["token"], secret(), algorithms=["HS256"])
    assert claims["sub"] == "alice" and claims["role"] == "regulator"
    assert local.get("/console/").status_code == 200  # everything else is the gateway's


@pytest.mark.parametrize("body", [{"account": "alice", "role": "admin"}, {"account": "", "role": "customer"},
                                  {"account": "a/b", "role": "customer"}, {"role": "customer"}, [], "x"])
def test_the_local_sign_in_refuses_bad_input(body):
    local = Client(LocalSignIn(gateway()))
    response = local.post("/local/sign-in", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_request"


def test_serve_offers_the_local_sign_in_only_on_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.com")
    assert "if is_loopback(args.host):" in (ROOT / "scripts" / "serve").read_text()
