"""The shared HTTP plumbing on a POST: Idempotency-Key, failures, and the envelope."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.test import Client

from icp_api import runtime
from icp_api.auth import issue_token
from icp_api.gateway import LocalGateway

TEMPLATE = Path(__file__).resolve().parents[1] / "fixtures" / "template.yml"


@pytest.fixture
def echo(ctx):
    runtime.use(ctx)
    gateway = LocalGateway(TEMPLATE)
    module = __import__("sys").modules["icp_functions.EchoFunction"]
    module.calls.clear()
    client = Client(gateway)

    def post(body, key=None, sub="alice", path="/v1/echo/x"):
        headers = {"Authorization": f"Bearer {issue_token(sub, 'customer')}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return client.post(path, json=body, headers=headers)

    post.module = module
    yield post
    runtime.use(None)


def test_a_repeat_with_the_same_key_and_body_replays_without_doing_the_work_twice(echo):
    first = echo({"n": 1}, key="k-1")
    again = echo({"n": 1}, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert echo.module.calls == [1]


def test_the_same_json_with_other_spacing_is_the_same_body(echo):
    echo({"n": 1, "fail": "no"}, key="k")
    assert echo({"fail": "no", "n": 1}, key="k").headers.get("Idempotent-Replayed") == "true"


def test_the_same_key_with_another_body_is_refused(echo):
    echo({"n": 1}, key="k-1")
    response = echo({"n": 2}, key="k-1")
    assert response.status_code == 422 and response.json["error"]["code"] == "idempotency_key_reused"
    assert echo.module.calls == [1]


def test_spellings_of_one_path_share_a_key(echo):
    first = echo({"n": 1}, key="k")
    again = echo({"n": 1}, key="k", path="/v1/echo/x/")
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json == first.json
    assert echo.module.calls == [1]


def test_keys_are_scoped_to_the_caller_and_the_path(echo):
    echo({"n": 1}, key="k")
    assert echo({"n": 2}, key="k", sub="bob").status_code == 201
    assert echo({"n": 3}, key="k", path="/v1/echo/y").status_code == 201
    assert echo.module.calls == [1, 2, 3]


def test_refusals_are_replayed_too(echo):
    first = echo({"n": 1, "fail": "refuse"}, key="k")
    again = echo({"n": 1, "fail": "refuse"}, key="k")
    assert first.status_code == again.status_code == 409
    assert again.json["error"]["code"] == "invalid_transition" and echo.module.calls == [1]


def test_a_failure_releases_the_key_so_the_client_can_retry(echo):
    crashed = echo({"n": 1, "fail": "crash"}, key="k")
    assert crashed.status_code == 500 and crashed.json["error"]["code"] == "internal"
    text = crashed.get_data(as_text=True)
    assert "boom" not in text and "SELECT" not in text and "/secret" not in text and "Traceback" not in text
    assert echo({"n": 1, "fail": "crash"}, key="k").status_code == 500
    assert echo.module.calls == [1, 1]


def test_a_repeat_while_the_first_is_running_is_request_in_progress(echo):
    echo.module.gate.clear()
    echo.module.entered.clear()
    results = {}
    first = threading.Thread(target=lambda: results.setdefault("first", echo({"n": 1}, key="slow")))
    first.start()
    try:
        assert echo.module.entered.wait(5)
        second = echo({"n": 1}, key="slow")
        assert second.status_code == 409 and second.json["error"]["code"] == "request_in_progress"
    finally:
        echo.module.gate.set()
        first.join()
    assert results["first"].status_code == 201
    assert echo({"n": 1}, key="slow").headers["Idempotent-Replayed"] == "true"


def test_an_in_progress_mark_left_by_a_crash_expires_after_the_functions_time_limit(echo, ctx, monkeypatch):
    from icp_api import idempotency

    # The fixture template gives functions no Timeout: the mark lasts Lambda's maximum (900 s).
    lifetime = idempotency.lifetime_of(None, None)
    claim = idempotency.Idempotency(ctx.store).begin("customer:alice", "POST /v1/echo/{name}\nname=x", "k",
                                                     b'{"n": 1}', lifetime)
    assert isinstance(claim, idempotency.Claim)  # ...and the process "dies" here
    assert echo({"n": 1}, key="k").status_code == 409
    real_clock = idempotency.clock
    monkeypatch.setattr(idempotency, "clock", lambda: real_clock() + 61)  # the old fixed 60 s is not enough
    assert echo({"n": 1}, key="k").status_code == 409
    monkeypatch.setattr(idempotency, "clock", lambda: real_clock() + lifetime + 1)
    assert echo({"n": 1}, key="k").status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 129, "ключ", "tab\there", "bell\x07"], ids=repr)
def test_a_malformed_key_is_invalid_request(echo, key):
    response = echo({"n": 1}, key=key)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_request"
    assert response.json["error"]["field"] == "Idempotency-Key" and echo.module.calls == []


def test_without_a_key_every_post_does_the_work(echo):
    echo({"n": 1})
    echo({"n": 1})
    assert echo.module.calls == [1, 1]


@pytest.mark.parametrize("header, lang", [
    (None, "zh"), ("", "zh"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("zh-CN,en;q=0.9", "zh"), ("zh-CN,en-US;q=0.9,en;q=0.8", "zh"), ("zh-TW,en;q=0.5", "zh"),
    ("en-GB,zh;q=0.5", "en"), ("fr-FR,en;q=0.8", "en"), ("fr", "zh"), ("en;q=0.3,zh;q=0.7", "zh"),
    ("EN-us", "en"), ("en;q=bogus,zh;q=0.1", "zh"), ("*", "zh"),
])
def test_accept_language(header, lang):
    from icp_api.validation import language

    assert language(header) == lang


def test_an_unreadable_lambda_event_gets_the_envelope(ctx):
    from functions_loader import function_module

    runtime.use(ctx)
    try:
        response = function_module("ResourcesFunction").handler({"version": "2.0"}, None)
    finally:
        runtime.use(None)
    assert response["statusCode"] == 400 and response["headers"]["X-Request-Id"]
    assert '"code":"invalid_request"' in response["body"]


def test_a_store_failure_of_unknown_outcome_keeps_the_key_claimed(echo):
    first = echo({"n": 1, "fail": "store"}, key="k")
    assert first.status_code == 503 and first.json["error"]["code"] == "unavailable"
    assert first.json["error"]["request_id"] == first.headers["X-Request-Id"]
    retry = echo({"n": 1, "fail": "store"}, key="k")  # it may have been done: not again, for now
    assert retry.status_code == 409 and retry.json["error"]["code"] == "request_in_progress"
    assert echo.module.calls == [1]
