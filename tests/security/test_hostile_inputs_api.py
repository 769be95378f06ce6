"""Issue 15, "loose inputs": the HTTP wiring of the domain's input checks (the rules
themselves are tested in tests/domain/test_hostile_inputs.py). Nothing here depends
on what is stored, so one backend is enough."""
from __future__ import annotations

import pytest

from api.conftest import ECS, error_code
from api.filing_support import Filer, application, resident_id


@pytest.fixture
def store_url(store_url_for):
    return store_url_for("memory")


def submit(filer: Filer, **changes):
    return filer.me.post("/v1/filings", application(filer.new_sn(), **changes))


@pytest.mark.parametrize("changes, field, code", [
    ({"subject": {"name": "Bob Corp " * 2_333 + "\x07\x08\x1b"}}, "subject.name", "invalid_request"),  # 21,000
    ({"website_name": "\u200b"}, "website_name", "invalid_request"),
    ({"website_name": "\x00"}, "website_name", "invalid_request"),
    ({"website_name": "\u202e"}, "website_name", "invalid_request"),
    ({"domain": "аpple.com"}, "domain", "invalid_domain"),
    ({"domain": "localhost.localdomain"}, "domain", "invalid_domain"),
    ({"domain": "0x7f.0x0.0x0.0x1"}, "domain", "invalid_domain"),
    ({"domain": "127.0.0.1.nip.io"}, "domain", "invalid_domain"),
    ({"subject": {"id_number": resident_id("00000019900101123")}}, "subject.id_number", "invalid_id_number"),
])
def test_loose_submission_inputs_are_refused(api, changes, field, code):
    filer = Filer(api, "loose")
    response = submit(filer, **changes)  # before: 201
    assert response.status_code == 400 and error_code(response) == code
    assert response.json["error"]["field"] == field


@pytest.mark.parametrize("facts, field", [({"region": "cn-hongkong-x"}, "region"),
                                          ({"public_bandwidth_mbps": 1e-300}, "public_bandwidth_mbps")])
def test_loose_resource_facts_are_refused(api, facts, field):
    response = api.operator.put("/v1/resources/i-loose", {**ECS, **facts})
    assert response.status_code == 400 and response.json["error"]["field"] == field


def test_a_reject_reason_must_be_printable(api):
    filing = Filer(api, "erin").in_state("in_review")
    for reason in ("\u200b", "\u202e", "x" * 501):
        response = api.regulator.post(f"/v1/filings/{filing['filing_id']}/reject", {"reason": reason})
        assert response.status_code == 400 and response.json["error"]["field"] == "reason"
