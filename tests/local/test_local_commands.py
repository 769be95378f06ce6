"""scripts/serve, scripts/token and scripts/invoke as http-api.md describes them."""
from __future__ import annotations

import pytest

import json

import jwt
import requests

from .conftest import run_script, script_env

pytestmark = pytest.mark.slow  # real `scripts/serve` processes

ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}


def test_serve_answers_every_route_of_the_foundation(server):
    op = {"Authorization": f"Bearer {server.token('op-1', 'operator')}"}
    alice = {"Authorization": f"Bearer {server.token('alice', 'customer')}"}
    put = requests.put(f"{server.base}/v1/resources/i-serve", json=ECS, headers=op, timeout=10)
    assert put.status_code == 200 and put.headers["X-Request-Id"]
    assert requests.get(f"{server.base}/v1/resources/i-serve", headers=alice, timeout=10).json()["owner"] == "alice"
    one = requests.get(f"{server.base}/v1/resources/i-serve/eligibility", headers=alice, timeout=10).json()
    assert one["eligible"] is True
    account = requests.get(f"{server.base}/v1/eligibility", headers=alice, timeout=10).json()
    assert [r["resource_id"] for r in account["resources"]] == ["i-serve"]


def test_serve_answers_unknown_paths_and_methods_with_the_envelope(server):
    missing = requests.get(f"{server.base}/v2/anything", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = requests.delete(f"{server.base}/v1/eligibility", timeout=10)
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert wrong.headers["X-Request-Id"] == wrong.json()["error"]["request_id"]


def test_token_signs_with_the_configured_secret(tmp_path):
    env = script_env(tmp_path)
    result = run_script("token", "--sub", "acct-9", "--role", "regulator", env=env)
    claims = jwt.decode(result.stdout.strip(), env["ICP_JWT_SECRET"], algorithms=["HS256"])
    assert claims["sub"] == "acct-9" and claims["role"] == "regulator" and claims["exp"] > claims["iat"]


def test_invoke_runs_a_function_with_an_http_api_event(tmp_path):
    env = script_env(tmp_path)
    token = run_script("token", "--sub", "op", "--role", "operator", env=env).stdout.strip()
    event = {"version": "2.0", "routeKey": "PUT /v1/resources/{resource_id}", "rawPath": "/v1/resources/i-inv",
             "rawQueryString": "", "headers": {"authorization": f"Bearer {token}", "host": "localhost"},
             "body": json.dumps(ECS), "isBase64Encoded": False,
             "requestContext": {"http": {"method": "PUT", "path": "/v1/resources/i-inv"}, "requestId": "inv-1"}}
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event))
    result = run_script("invoke", "ResourcesFunction", "--event", str(event_file), env=env)
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout)
    assert response["statusCode"] == 200 and json.loads(response["body"])["resource_id"] == "i-inv"
    # The same event from stdin.
    result = run_script("invoke", "ResourcesFunction", "--event", "-", env=env, stdin=json.dumps(event))
    assert result.returncode == 0 and json.loads(result.stdout)["statusCode"] == 200


def test_invoke_refuses_an_unknown_function(tmp_path):
    result = run_script("invoke", "NoSuchFunction", env=script_env(tmp_path))
    assert result.returncode == 2 and "NoSuchFunction" in result.stderr


def test_a_chunked_body_over_64_kib_is_payload_too_large(server):
    alice = {"Authorization": f"Bearer {server.token('alice', 'customer')}", "Content-Type": "application/json"}

    def chunks(padding: int):
        yield b'{"question": "x"'
        for _ in range(padding // 1000):
            yield b" " * 1000
        yield b"}"

    big = requests.post(f"{server.base}/v1/faq/answer", data=chunks(70_000), headers=alice, timeout=10)
    assert big.status_code == 413 and big.json()["error"]["code"] == "payload_too_large"
    small = requests.post(f"{server.base}/v1/faq/answer", data=chunks(1_000), headers=alice, timeout=10)
    assert small.status_code == 200
