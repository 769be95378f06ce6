"""An in-process API: the local gateway over template.yml.

The API's rules are tested once per rule on two backends (memory and SQLite): what
differs between backends is the store, and the store contract runs on every one
(tests/store), the DynamoDB adapter under the API too in test_dynamodb_smoke.py."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import Client

from icp_api import runtime
from icp_api.auth import issue_token
from icp_api.gateway import LocalGateway
from icp_filing.config import load
from icp_filing.context import Context

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yml"
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)

ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12, "order_amount": 0,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2027-06-01T00:00:00Z"}


class Session:
    """A client acting as one account and role (or anonymously)."""

    def __init__(self, client: Client, token: str | None, lang: str | None = None):
        self.client, self.token, self.lang = client, token, lang

    def request(self, method: str, path: str, body: Any = None, headers: dict | None = None, **kwargs):
        all_headers = {}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        if self.lang:
            all_headers["Accept-Language"] = self.lang
        all_headers.update(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            kwargs["json"] = body
        elif body is not None:
            kwargs["data"] = body
        return self.client.open(path, method=method, headers=all_headers, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)


class Api:
    def __init__(self, client: Client):
        self.client = client

    def as_(self, sub: str, role: str = "customer", lang: str | None = None) -> Session:
        return Session(self.client, issue_token(sub, role), lang)

    @property
    def anonymous(self) -> Session:
        return Session(self.client, None)

    @property
    def operator(self) -> Session:
        return self.as_("op-1", "operator")

    @property
    def regulator(self) -> Session:
        return self.as_("bureau-1", "regulator")

    def resource(self, resource_id: str = "i-1", **facts) -> dict:
        response = self.operator.put(f"/v1/resources/{resource_id}", {**ECS, **facts})
        assert response.status_code == 200, response.json
        return response.json


_gateway: LocalGateway | None = None


def gateway() -> LocalGateway:
    global _gateway
    if _gateway is None:
        _gateway = LocalGateway(TEMPLATE)
    return _gateway


API_BACKENDS = ["memory", "sqlite"]


@pytest.fixture(params=API_BACKENDS)
def store_url(request: pytest.FixtureRequest, store_url_for) -> str:
    return store_url_for(request.param)


@pytest.fixture
def clock():
    """The API's "now"; tests may move it."""
    state = {"now": NOW}

    class Clock:
        def __call__(self):
            return state["now"]

        def set(self, value: datetime) -> None:
            state["now"] = value

    return Clock()


@pytest.fixture
def ctx(store, clock) -> Context:
    return Context(store=store, config=load({}), clock=clock)


@pytest.fixture
def api(ctx) -> Api:
    runtime.use(ctx)
    yield Api(Client(gateway()))
    runtime.use(None)


def error_code(response) -> str:
    assert "X-Request-Id" in response.headers
    body = response.json
    assert body["error"]["request_id"] == response.headers["X-Request-Id"]
    return body["error"]["code"]
