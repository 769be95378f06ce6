"""One real `scripts/serve` on loopback for the contract tests, with its own SQLite
store in a tmp dir and a few known records (a resource of each customer, service
numbers, filings in several states, notifications) so that success responses are
checked against the document too, not only errors."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest
import requests

from icp_api import auth
from local.conftest import Server

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "openapi.yaml"
TEMPLATE = ROOT / "template.yml"

# The accounts the tests act as (one per role; two customers).
ACCOUNTS = {"customer": "alice", "operator": "op-1", "regulator": "reg-1"}
OTHER_CUSTOMER = "bob"


def resident_id(body17: str) -> str:
    """A resident ID with its ISO 7064 MOD 11-2 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


@dataclass
class Seeded:
    """Ids of the records the server was seeded with."""

    resource_id: str = "i-contract-1"
    other_resource_id: str = "i-contract-2"
    service_numbers: list[str] = field(default_factory=list)
    approved_filing: str = ""    # approved, access revoked, re-accessed: a long history
    rejected_filing: str = ""


@dataclass
class Live:
    server: Server
    tokens: dict[str, str]       # role (and "other_customer") -> bearer token
    seeded: Seeded

    @property
    def base(self) -> str:
        return self.server.base

    def call(self, method: str, path: str, role: str, body: dict | None = None, **headers: str) -> requests.Response:
        if role in self.tokens:
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return requests.request(method, self.base + path, json=body, headers=headers, timeout=30)


def issue_tokens(secret: str) -> dict[str, str]:
    with mock.patch.dict(os.environ, {"ICP_JWT_SECRET": secret}):
        tokens = {role: auth.issue_token(sub, role, ttl_seconds=4 * 3600) for role, sub in ACCOUNTS.items()}
        tokens["other_customer"] = auth.issue_token(OTHER_CUSTOMER, "customer", ttl_seconds=4 * 3600)
    return tokens


def seed(live: Live) -> Seeded:
    s = live.seeded

    def ok(response: requests.Response, status: int = 200) -> dict:
        assert response.status_code == status, (response.status_code, response.text)
        return response.json()

    facts = {"product": "ecs", "billing": "subscription", "term_months": 12, "public_bandwidth_mbps": 5,
             "region": "cn-hangzhou", "expires_at": "2099-06-01T00:00:00Z"}
    ok(live.call("PUT", f"/v1/resources/{s.resource_id}", "operator", {"owner": ACCOUNTS["customer"], **facts}))
    ok(live.call("PUT", f"/v1/resources/{s.other_resource_id}", "operator", {"owner": OTHER_CUSTOMER, **facts}))
    issued = ok(live.call("POST", f"/v1/resources/{s.resource_id}/service-numbers", "customer", {"count": 3}), 201)
    s.service_numbers = [sn["service_number"] for sn in issued["service_numbers"]]

    def submit(sn: str, n: int) -> str:
        application = {"service_number": sn, "domain": f"contract{n}.example.com", "website_name": f"契约网站{n}",
                       "province": "浙", "subject": {"type": "individual", "name": "张三",
                                                    "id_number": resident_id(f"33010619900{n}0112{n}")}}
        return ok(live.call("POST", "/v1/filings", "customer", application), 201)["filing_id"]

    s.approved_filing = submit(s.service_numbers[0], 1)
    ok(live.call("POST", f"/v1/filings/{s.approved_filing}/approve", "regulator"))
    ok(live.call("POST", f"/v1/filings/{s.approved_filing}/access-revocation", "operator", {"reason": "missing_info"}))
    ok(live.call("POST", f"/v1/filings/{s.approved_filing}/access", "customer",
                 {"service_number": s.service_numbers[1]}))
    s.rejected_filing = submit(s.service_numbers[2], 2)
    ok(live.call("POST", f"/v1/filings/{s.rejected_filing}/reject", "regulator", {"reason": "网站名称不符合要求"}))
    return s


@pytest.fixture(scope="package")
def live(tmp_path_factory) -> Live:
    # Request log lines off: Server pipes stderr and nobody reads it, so hundreds of
    # lines would fill the pipe and block the server.
    server = Server(tmp_path_factory.mktemp("contract"), ICP_LOG_LEVEL="WARNING",
                    ICP_ANONYMOUS_RATE="0")  # schemathesis sends many token-less requests at once
    try:
        result = Live(server, issue_tokens(server.env["ICP_JWT_SECRET"]), Seeded())
        seed(result)
        yield result
    finally:
        server.stop()
