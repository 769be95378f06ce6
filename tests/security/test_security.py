"""The security pass: one account probing another's things, hostile input, and what
the logs may never contain (tokens, full ID numbers)."""
from __future__ import annotations

import json
import logging
import re

import pytest

from api.conftest import error_code
from api.filing_support import Filer, application, new_person


@pytest.fixture
def victim(api):
    """Alice with a resource, numbers, an approved filing and notifications."""
    filer = Filer(api)
    person = new_person()
    filing = filer.in_state("approved", subject={"id_number": person})
    spare = filer.new_sn()
    return {"filer": filer, "filing": filing, "spare": spare, "person": person}


def test_another_account_learns_nothing_of_alices_things(api, victim):
    mallory = Filer(api, "mallory")
    fid, rid, sn = victim["filing"]["filing_id"], victim["filer"].resource_id, victim["spare"]
    probes = [
        ("GET", f"/v1/resources/{rid}", None, 404, "resource_not_found"),
        ("GET", f"/v1/resources/{rid}/service-numbers", None, 404, "resource_not_found"),
        ("GET", f"/v1/service-numbers/{sn}", None, 404, "service_number_not_found"),
        ("GET", f"/v1/filings/{fid}", None, 404, "filing_not_found"),
        ("GET", f"/v1/filings/{fid}/history", None, 404, "filing_not_found"),
        ("POST", f"/v1/filings/{fid}/cancel", {"reason": "subject_request"}, 404, "filing_not_found"),
        ("POST", f"/v1/filings/{fid}/access", {"service_number": mallory.new_sn()}, 404, "filing_not_found"),
        ("POST", f"/v1/resources/{rid}/service-numbers", {"count": 1}, 409, "not_eligible"),
        ("POST", "/v1/filings", application(sn), 404, "service_number_not_found"),
    ]
    for method, path, body, status, code in probes:
        response = mallory.me.request(method, path, body)
        assert (response.status_code, error_code(response)) == (status, code), (method, path)
        text = response.get_data(as_text=True)
        assert "alice" not in text and victim["filing"]["domain"] not in text, (method, path)
    eligibility = mallory.me.get(f"/v1/resources/{rid}/eligibility").json
    assert [r["code"] for r in eligibility["reasons"]] == ["not_owner"] and "quota" not in eligibility
    assert mallory.me.get("/v1/notifications").json["notifications"] == []
    # ...and nothing of Alice's changed.
    assert api.regulator.get(f"/v1/filings/{fid}").json["status"] == "approved"
    assert victim["filer"].me.get(f"/v1/service-numbers/{sn}").json["status"] == "issued"


@pytest.mark.parametrize("path", [
    "/v1/resources/..%2F..%2Fetc%2Fpasswd", "/v1/resources/%2e%2e/eligibility", "/v1/service-numbers/..%2F..",
    "/v1/filings/..%2FFILING%23x", "/v1/filings/f-0000000000000000%00/history", "/v1/resources/RES%23i-1",
    "/v1/resources/i-1%0d%0aX-Injected:%201", "/v1/service-numbers/%F0%9F%92%A9",
])
def test_path_traversal_and_key_injection_in_ids(api, victim, path):
    response = victim["filer"].me.get(path)
    assert response.status_code in (400, 404) and error_code(response) in (
        "invalid_request", "not_found", "resource_not_found", "service_number_not_found", "filing_not_found")
    assert "X-Injected" not in response.headers


def test_oversized_and_deeply_nested_bodies(api, victim):
    me = victim["filer"].me
    big = json.dumps({"count": 1, "pad": "x" * (70 * 1024)}).encode()
    response = me.post(f"/v1/resources/{victim['filer'].resource_id}/service-numbers", big,
                       headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and error_code(response) == "payload_too_large"
    deep = b'{"count":' + b"[" * 20000 + b"]" * 20000 + b"}"
    response = me.post(f"/v1/resources/{victim['filer'].resource_id}/service-numbers", deep,
                       headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and error_code(response) in ("invalid_json", "invalid_request")
    nested = application(victim["spare"])
    nested["subject"]["name"] = {"a": {"b": {"c": [1, 2, 3]}}}
    response = me.post("/v1/filings", nested)
    assert response.status_code == 400 and response.json["error"]["field"] == "subject.name"


def test_request_logs_are_one_line_each_without_tokens_or_id_numbers(api, victim, capsys):
    logging.getLogger("icp").setLevel(logging.INFO)
    capsys.readouterr()
    filer, person = victim["filer"], victim["person"]
    fid = victim["filing"]["filing_id"]
    filer.me.get(f"/v1/filings/{fid}")
    api.regulator.get(f"/v1/filings/{fid}/history")
    filer.me.post("/v1/filings", application(filer.new_sn(), subject={"id_number": person}))
    api.anonymous.get("/v1/nowhere")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    # One line per request, whoever answered it (the gateway's own 404 too).
    assert [(entry["method"], entry["route"], entry["status"], entry["role"], entry["error"])
            for entry in lines] == [
        ("GET", "/v1/filings/{filing_id}", 200, "customer", None),
        ("GET", "/v1/filings/{filing_id}/history", 200, "regulator", None),
        ("POST", "/v1/resources/{resource_id}/service-numbers", 201, "customer", None),
        ("POST", "/v1/filings", 201, "customer", None),
        ("GET", None, 404, None, "not_found"),
    ]
    for entry in lines:
        assert set(entry) == {"ts", "request_id", "function", "method", "route", "status", "error", "latency_ms",
                              "role"}
        assert entry["request_id"] and entry["latency_ms"] >= 0
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["ts"]), entry["ts"]
    text = json.dumps(lines)
    assert person not in text and filer.me.token not in text and "Bearer" not in text
