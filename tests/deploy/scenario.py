"""Every route of every function, driven through the Lambda handlers, on a store that
records which of its methods each function calls.

Used twice: to check that the Lambda entry's direct path answers exactly as
serverless-wsgi + Flask (the same scenario both ways), and to derive each function's
DynamoDB permissions from the calls it makes.
"""
from __future__ import annotations

import base64
import itertools
import json
import secrets
import time
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any, Callable

from icp_api import runtime
from icp_api.app import FunctionApp
from icp_api.auth import issue_token
from icp_filing import due
from icp_filing.config import load
from icp_filing.context import Context
from kvstore.memory import MemoryStore
from functions_loader import function_module

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
ECS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12, "order_amount": 0,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2027-06-01T00:00:00Z"}
SUBJECT = {"type": "individual", "name": "张三", "id_number": "330106199001011234"}


def _resident_id(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


class RecordingStore:
    """A store that notes, per function, the name of each method called on it (and the
    operation kinds of each transaction), and forwards the call."""

    def __init__(self, store: Any):
        self._store = store
        self.function: str | None = None
        self.calls: dict[str, set[str]] = defaultdict(set)

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._store, name)
        if not callable(target) or name.startswith("_"):
            return target

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.function is not None:
                if name == "transact":
                    self.calls[self.function].update(f"transact.{type(op).__name__}" for op in args[0])
                else:
                    self.calls[self.function].add(name)
            return target(*args, **kwargs)

        return call


def v2_event(method: str, path: str, route_key: str, token: str | None = None, body: Any = None,
             headers: dict | None = None, request_id: str = "req") -> dict:
    all_headers = {"host": "api.example.com", "content-type": "application/json", **(headers or {})}
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    raw = json.dumps(body, ensure_ascii=False) if body is not None else None
    path, _, query = path.partition("?")
    return {"version": "2.0", "routeKey": route_key, "rawPath": path, "rawQueryString": query,
            "headers": all_headers, "body": raw, "isBase64Encoded": False,
            "requestContext": {"http": {"method": method, "path": path, "sourceIp": "198.51.100.7"},
                               "requestId": request_id, "stage": "$default"}}


def _deterministic_secrets(monkeypatch: Any) -> None:
    counter = itertools.count(1)
    monkeypatch.setattr(secrets, "token_hex", lambda n=16: f"{next(counter):0{2 * n}x}")
    monkeypatch.setattr(secrets, "token_bytes", lambda n=16: next(counter).to_bytes(n, "big"))
    # Notifications order ties by time_ns, which their list cursors carry.
    ticks = itertools.count(1_700_000_000_000_000_000)
    monkeypatch.setattr(time, "time_ns", lambda: next(ticks))


def run(monkeypatch: Any, *, direct: bool) -> tuple[list[tuple[str, dict]], RecordingStore]:
    """The scenario's HTTP answers in order (label, Lambda response), and the store's record.
    ``direct``: events carry the route key the gateway matched (the direct path);
    otherwise ``$default`` (serverless-wsgi and Flask)."""
    _deterministic_secrets(monkeypatch)
    store = RecordingStore(MemoryStore())
    clock = {"now": NOW}
    runtime.use(Context(store=store, config=load({}), clock=lambda: clock["now"]))  # type: ignore[arg-type]
    answers: list[tuple[str, dict]] = []
    tokens = {who: issue_token(who, role, ttl_seconds=7200) for who, role in
              (("alice", "customer"), ("mallory", "customer"), ("op-1", "operator"), ("bureau-1", "regulator"))}

    def call(function_id: str, method: str, path: str, template_path: str, who: str | None = None,
             body: Any = None, headers: dict | None = None) -> dict:
        store.function = function_id
        route_key = f"{method} {template_path}" if direct else "$default"
        event = v2_event(method, path, route_key, tokens.get(who) if who else None, body, headers,
                         request_id=f"req-{len(answers)}")
        response = function_module(function_id).handler(event, None)
        answers.append((f"{method} {template_path} <{path}> as {who}", response))
        return response

    def body_of(response: dict) -> Any:
        return json.loads(response["body"])

    res, elig = "ResourcesFunction", "CheckEligibilityFunction"
    sn_fn, filings, cancel = "IssueServiceNumberFunction", "FilingsFunction", "CancelFilingFunction"
    call(res, "PUT", "/v1/resources/i-1", "/v1/resources/{resource_id}", "op-1", ECS)
    call(res, "PUT", "/v1/resources/i-2", "/v1/resources/{resource_id}", "op-1",
         {**ECS, "expires_at": "2026-12-05T00:00:00Z"})
    call(res, "PUT", "/v1/resources/i-1", "/v1/resources/{resource_id}", "op-1", {**ECS, "term_months": "x"})
    call(res, "PUT", "/v1/resources/i-1", "/v1/resources/{resource_id}", "op-1", b"{not json".decode())
    call(res, "GET", "/v1/resources/i-1", "/v1/resources/{resource_id}", "alice", headers={"accept-language": "en"})
    call(res, "GET", "/v1/resources/i-1", "/v1/resources/{resource_id}", "mallory")
    call(res, "GET", "/v1/resources/i-1", "/v1/resources/{resource_id}")
    call(res, "GET", "/v1/resources/i%201", "/v1/resources/{resource_id}", "alice")
    call(elig, "GET", "/v1/resources/i-1/eligibility", "/v1/resources/{resource_id}/eligibility", "alice",
         headers={"accept-language": "en"})
    call(elig, "GET", "/v1/eligibility", "/v1/eligibility", "alice")
    call(elig, "GET", "/v1/eligibility", "/v1/eligibility", "op-1")
    issue = "/v1/resources/{resource_id}/service-numbers"
    issued = call(sn_fn, "POST", "/v1/resources/i-1/service-numbers", issue, "alice", {"count": 3},
                  headers={"idempotency-key": "order-1"})
    call(sn_fn, "POST", "/v1/resources/i-1/service-numbers", issue, "alice", {"count": 3},
         headers={"idempotency-key": "order-1"})
    call(sn_fn, "POST", "/v1/resources/i-1/service-numbers", issue, "alice", {"count": 2},
         headers={"idempotency-key": "order-1"})
    call(sn_fn, "POST", "/v1/resources/i-1/service-numbers", issue, "alice", {"count": 99})
    call(sn_fn, "GET", "/v1/resources/i-1/service-numbers", issue, "alice")
    numbers = [n["service_number"] for n in body_of(issued)["service_numbers"]]
    call(sn_fn, "GET", f"/v1/service-numbers/{numbers[0]}", "/v1/service-numbers/{sn}", "op-1")
    submit = {"service_number": numbers[0], "domain": "Example.COM", "website_name": "示例网站", "province": "浙",
              "subject": {**SUBJECT, "id_number": _resident_id("33010619900101123")}}
    filing = call(filings, "POST", "/v1/filings", "/v1/filings", "alice", submit)
    call(filings, "POST", "/v1/filings", "/v1/filings", "alice", {**submit, "surplus": 1})
    fid = body_of(filing)["filing_id"]
    call(filings, "GET", f"/v1/filings/{fid}", "/v1/filings/{filing_id}", "alice")
    call(filings, "POST", f"/v1/filings/{fid}/approve", "/v1/filings/{filing_id}/approve", "alice")
    call(filings, "POST", f"/v1/filings/{fid}/approve", "/v1/filings/{filing_id}/approve", "bureau-1")
    call(filings, "POST", f"/v1/filings/{fid}/access-revocation", "/v1/filings/{filing_id}/access-revocation",
         "op-1", {"reason": "inaccurate_info"})
    call(filings, "POST", f"/v1/filings/{fid}/access", "/v1/filings/{filing_id}/access", "alice",
         {"service_number": numbers[1]})
    call(filings, "GET", f"/v1/filings/{fid}/history", "/v1/filings/{filing_id}/history", "alice")
    # The subject is alice's (her approved filing): she lets bob file for it, and takes it back.
    grant = {"id_number": submit["subject"]["id_number"], "grantee": "bob"}
    subjects = "SubjectsFunction"
    call(subjects, "POST", "/v1/subjects/grants", "/v1/subjects/grants", "alice", grant)
    call(subjects, "POST", "/v1/subjects/grants", "/v1/subjects/grants", "mallory", grant)
    call(subjects, "GET", "/v1/subjects/grants", "/v1/subjects/grants", "alice")
    call(subjects, "POST", "/v1/subjects/grants/revoke", "/v1/subjects/grants/revoke", "alice", grant,
         headers={"idempotency-key": "revoke-1"})
    second = call(filings, "POST", "/v1/filings", "/v1/filings", "alice",
                  {**submit, "service_number": numbers[2], "domain": "second.example.com", "website_name": "第二个",
                   "subject": {**SUBJECT, "id_number": _resident_id("33010619900202123")}})
    call(filings, "POST", f"/v1/filings/{body_of(second)['filing_id']}/reject", "/v1/filings/{filing_id}/reject",
         "bureau-1", {"reason": "资料不全"})
    call(cancel, "POST", f"/v1/filings/{fid}/cancel", "/v1/filings/{filing_id}/cancel", "alice",
         {"reason": "subject_request"})
    call(cancel, "POST", f"/v1/filings/{fid}/cancel", "/v1/filings/{filing_id}/cancel", "alice",
         {"reason": "subject_request"})
    call("NotificationsFunction", "GET", "/v1/notifications", "/v1/notifications", "alice",
         headers={"accept-language": "en"})
    call("NotificationsFunction", "GET", "/v1/notifications?limit=1", "/v1/notifications", "alice")
    call("NotificationsFunction", "GET", "/v1/notifications?cursor=forged", "/v1/notifications", "alice")
    call(res, "GET", "/v1/resources", "/v1/resources", "alice")
    call(res, "GET", "/v1/resources?owner=alice&limit=1", "/v1/resources", "op-1")
    call(res, "GET", "/v1/resources?owner=bob", "/v1/resources", "alice")
    call(filings, "GET", "/v1/filings", "/v1/filings", "alice")
    call(filings, "GET", "/v1/filings?status=in_review", "/v1/filings", "bureau-1")
    call(filings, "GET", "/v1/filings?status=nonsense", "/v1/filings", "op-1")
    call("AnswerFaqFunction", "GET", "/v1/faq", "/v1/faq")
    call("AnswerFaqFunction", "POST", "/v1/faq/answer", "/v1/faq/answer", None,
         {"question": "为什么我申请不了备案服务号？"}, headers={"idempotency-key": "q-1"})
    call("AnswerFaqFunction", "POST", "/v1/faq/answer", "/v1/faq/answer", "alice",
         {"question": "why can't I apply for a service number?", "resource_id": "i-2"},
         headers={"accept-language": "en"})
    call("AnswerFaqFunction", "POST", "/v1/faq/answer", "/v1/faq/answer", None, {"question": 5})

    # A view that fails (5xx) releases its Idempotency-Key, for every function taking POSTs.
    with monkeypatch.context() as patched:
        def failing_run(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("injected failure")

        patched.setattr(FunctionApp, "_run", staticmethod(failing_run))
        call(sn_fn, "POST", "/v1/resources/i-1/service-numbers", issue, "alice", {"count": 1},
             headers={"idempotency-key": "fails"})
        call(filings, "POST", "/v1/filings", "/v1/filings", "alice", submit, headers={"idempotency-key": "fails"})
        call(cancel, "POST", f"/v1/filings/{fid}/cancel", "/v1/filings/{filing_id}/cancel", "alice",
             {"reason": "subject_request"}, headers={"idempotency-key": "fails"})
        call("AnswerFaqFunction", "POST", "/v1/faq/answer", "/v1/faq/answer", "alice", {"question": "备案"},
             headers={"idempotency-key": "fails"})
        call(subjects, "POST", "/v1/subjects/grants", "/v1/subjects/grants", "alice", grant,
             headers={"idempotency-key": "fails"})
    # A filing approved on i-1: the release revokes its access, the scan then cancels it.
    more = call(sn_fn, "POST", "/v1/resources/i-1/service-numbers", issue, "alice", {"count": 1})
    third = call(filings, "POST", "/v1/filings", "/v1/filings", "alice",
                 {**submit, "service_number": body_of(more)["service_numbers"][0]["service_number"],
                  "domain": "third.example.com", "website_name": "第三个",
                  "subject": {**SUBJECT, "id_number": _resident_id("33010619900303123")}})
    call(filings, "POST", f"/v1/filings/{body_of(third)['filing_id']}/approve", "/v1/filings/{filing_id}/approve",
         "bureau-1")
    # The regulator cancels for illegal content: every approved filing of the subject.
    fifth = call(sn_fn, "POST", "/v1/resources/i-1/service-numbers", issue, "alice", {"count": 1})
    fourth = call(filings, "POST", "/v1/filings", "/v1/filings", "alice",
                  {**submit, "service_number": body_of(fifth)["service_numbers"][0]["service_number"],
                   "domain": "fourth.example.com", "website_name": "第四个",
                   "subject": {**SUBJECT, "id_number": _resident_id("33010619900404123")}})
    fourth_id = body_of(fourth)["filing_id"]
    call(filings, "POST", f"/v1/filings/{fourth_id}/approve", "/v1/filings/{filing_id}/approve", "bureau-1")
    call(cancel, "POST", f"/v1/filings/{fourth_id}/cancel", "/v1/filings/{filing_id}/cancel", "bureau-1",
         {"reason": "illegal_content"})
    for resource_id in ("i-1", "i-2"):  # renewed: its earlier due entries go stale
        call(res, "PUT", f"/v1/resources/{resource_id}", "/v1/resources/{resource_id}", "op-1",
             {**ECS, "expires_at": "2026-12-03T00:00:00Z"})

    # The scan: reminders, then releases (and the stale entries it meets are dropped).
    # What a race leaves behind: due entries whose resource or filing has moved on.
    gone = datetime(2026, 12, 1, tzinfo=timezone.utc)
    store.put(due.expiry_entry("i-gone", gone).item)
    store.put(due.access_entry("f-gone", gone).item)
    store.function = "ExpiryScanFunction"
    scan = function_module("ExpiryScanFunction").handler
    for when in ("2026-12-01T00:00:00Z", "2026-12-30T00:00:00Z", "2027-01-30T00:00:00Z", "2027-06-30T00:00:00Z"):
        answers.append((f"scan at {when}", scan({"time": when}, None)))
    store.function = None
    runtime.use(None)
    return answers, store


def authorizer_event(authorization: str | None, route_key: str = "GET /v1/eligibility") -> dict:
    headers = {"host": "api.example.com"}
    if authorization is not None:
        headers["authorization"] = authorization
    return {"version": "2.0", "type": "REQUEST", "routeArn": f"arn:aws:execute-api:cn-north-1:1:api/$default/{route_key}",
            "identitySource": [authorization] if authorization is not None else [], "routeKey": route_key,
            "rawPath": route_key.split(" ", 1)[1], "rawQueryString": "", "headers": headers,
            "requestContext": {"http": {"method": route_key.split(" ", 1)[0]}, "requestId": "authz"}}


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


Handler = Callable[[dict, Any], dict]
