"""Helpers to bring filings into each state over the API."""
from __future__ import annotations

import itertools

from .conftest import Api

_counter = itertools.count(1)

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id(body17: str) -> str:
    """A resident ID with its ISO 7064 MOD 11-2 check character (computed independently)."""
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11]


def credit_code(body17: str) -> str:
    total = sum(USCC.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC[(31 - total % 31) % 31]


def new_person() -> str:
    """A valid resident ID not used before in this test session."""
    return resident_id(f"3301061990{1 + next(_counter) % 12:02d}{1 + next(_counter) % 28:02d}{next(_counter) % 1000:03d}")


def application(sn: str, domain: str | None = None, **changes) -> dict:
    n = next(_counter)
    body = {"service_number": sn, "domain": f"site{n}.example.com" if domain is None else domain, "website_name": f"网站{n}",
            "province": "浙", "subject": {"type": "individual", "name": "张三", "id_number": new_person()}}
    subject = changes.pop("subject", None)
    body.update(changes)
    if subject:
        body["subject"] = {**body["subject"], **subject}
    return body


class Filer:
    """One customer with a resource, filing websites through the API."""

    def __init__(self, api: Api, account: str = "alice", resource_id: str | None = None, **facts):
        self.api, self.account = api, account
        self.resource_id = resource_id or f"i-{account}"
        api.resource(self.resource_id, owner=account, **facts)
        self.me = api.as_(account)

    def new_sn(self) -> str:
        response = self.me.post(f"/v1/resources/{self.resource_id}/service-numbers", {"count": 1})
        assert response.status_code == 201, response.json
        return response.json["service_numbers"][0]["service_number"]

    def submit(self, **changes) -> dict:
        response = self.me.post("/v1/filings", application(self.new_sn(), **changes))
        assert response.status_code == 201, response.json
        return response.json

    def in_state(self, status: str, **changes) -> dict:
        filing = self.submit(**changes)
        fid = filing["filing_id"]
        regulator, operator = self.api.regulator, self.api.operator
        if status == "in_review":
            return filing
        if status == "rejected":
            return ok(regulator.post(f"/v1/filings/{fid}/reject", {"reason": "资料不全"}))
        approved = ok(regulator.post(f"/v1/filings/{fid}/approve"))
        if status == "approved":
            return approved
        if status == "access_revoked":
            return ok(operator.post(f"/v1/filings/{fid}/access-revocation", {"reason": "inaccurate_info"}))
        if status == "cancelled":
            return ok(self.me.post(f"/v1/filings/{fid}/cancel", {"reason": "subject_request"}))["cancelled"][0]
        raise ValueError(status)


def ok(response) -> dict:
    assert response.status_code in (200, 201), response.json
    return response.json


def grant(owner: "Filer", id_number: str, grantee: str) -> dict:
    """The subject's account lets ``grantee`` file for it (domain.md, "Submit")."""
    return ok(owner.me.post("/v1/subjects/grants", {"id_number": id_number, "grantee": grantee}))
