"""Issue 15, "unbounded growth": anonymous callers are rate-limited by the local gateway
(scripts/serve), per address, with 429 ``rate_limited`` and Retry-After. Before, 2,000
anonymous FAQ calls in a row were all served (and, with distinct Idempotency-Keys, all
stored)."""
from __future__ import annotations

import pytest
import requests
from werkzeug.test import Client

from api.conftest import gateway
from icp_api import runtime
from icp_api.auth import issue_token
from icp_api.ratelimit import AnonymousRateLimit, from_environment
from icp_filing.config import load
from icp_filing.context import Context
from kvstore import open_store
from local.conftest import Server


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def served():
    runtime.use(Context(open_store("memory://"), load({})))
    yield
    runtime.use(None)


def ask(client: Client, address: str = "10.0.0.1", **headers: str):
    return client.post("/v1/faq/answer", json={"question": "备案服务号是什么？"}, headers=headers,
                       environ_base={"REMOTE_ADDR": address})


def test_an_address_past_its_burst_is_told_to_wait(served):
    clock = Clock()
    client = Client(AnonymousRateLimit(gateway(), rate=2, burst=5, clock=clock))
    assert [ask(client).status_code for _ in range(5)] == [200] * 5
    refused = ask(client, **{"Accept-Language": "en"})
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert refused.headers["Retry-After"] == "1" and refused.headers["X-Request-Id"]
    assert refused.json["error"]["request_id"] == refused.headers["X-Request-Id"]
    # Another address has its own bucket; a caller with a token is not metered here.
    assert ask(client, "10.0.0.2").status_code == 200
    token = issue_token("alice", "customer")
    assert all(ask(client, **{"Authorization": f"Bearer {token}"}).status_code == 200 for _ in range(10))
    # Tokens come back at the rate: half a second buys one request (rate 2/s).
    clock.now += 0.5
    assert ask(client).status_code == 200
    assert ask(client).status_code == 429


def test_2000_anonymous_calls_are_mostly_refused(served):
    clock = Clock()
    client = Client(AnonymousRateLimit(gateway(), rate=10, burst=60, clock=clock))
    statuses = [ask(client, **{"Idempotency-Key": f"k-{i}"}).status_code for i in range(2000)]
    assert statuses.count(200) == 60 and statuses.count(429) == 1940


def test_the_bucket_table_is_bounded():
    limit = AnonymousRateLimit(lambda environ, start: [], rate=1, burst=1, max_addresses=100)
    for i in range(1000):
        limit.retry_after(f"10.0.{i // 256}.{i % 256}")
    assert len(limit._buckets) == 100


def test_configuration():
    app = object()
    assert from_environment(app, {"ICP_ANONYMOUS_RATE": "0"}) is app
    limited = from_environment(app, {"ICP_ANONYMOUS_RATE": "2.5", "ICP_ANONYMOUS_BURST": "7"})
    assert (limited.rate, limited.burst) == (2.5, 7)
    assert (from_environment(app, {}).rate, from_environment(app, {}).burst) == (10.0, 60)
    for bad in ({"ICP_ANONYMOUS_RATE": "-1"}, {"ICP_ANONYMOUS_RATE": "fast"}, {"ICP_ANONYMOUS_BURST": "0"},
                {"ICP_ANONYMOUS_RATE": "nan"}):
        with pytest.raises(ValueError):
            from_environment(app, bad)


def test_scripts_serve_limits_anonymous_callers(tmp_path):
    server = Server(tmp_path, ICP_ANONYMOUS_RATE="0.5", ICP_ANONYMOUS_BURST="3", ICP_LOG_LEVEL="WARNING")
    try:
        url = server.base + "/v1/faq"
        statuses = [requests.get(url, timeout=10).status_code for _ in range(8)]
        assert 200 in statuses and statuses[-1] == 429
        last = requests.get(url, timeout=10)
        assert last.status_code == 429 and int(last.headers["Retry-After"]) >= 1
        assert last.json()["error"]["code"] == "rate_limited"
        token = server.token("alice", "customer")
        assert requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 200
    finally:
        server.stop()
