"""Cancel filing: who may cancel for which reason, the cascade, the blacklist,
and why cancellation is final (domain.md, "Cancel")."""
from __future__ import annotations

import pytest

from .conftest import error_code
from .filing_support import Filer, application, grant, new_person, ok


@pytest.fixture
def filer(api):
    return Filer(api)


def cancel(session, fid, reason, **extra):
    return session.post(f"/v1/filings/{fid}/cancel", {"reason": reason, **extra})


# (reason, who) -> allowed?  "owner" is the filing's customer, "other" another customer.
WHO = {
    ("subject_request", "owner"): True, ("subject_request", "regulator"): True,
    ("domain_expired", "regulator"): True, ("illegal_content", "regulator"): True,
    ("access_not_renewed", "regulator"): True,
}


@pytest.mark.parametrize("reason", ["subject_request", "domain_expired", "illegal_content", "access_not_renewed"])
@pytest.mark.parametrize("who", ["owner", "other", "operator", "regulator"])
def test_who_may_cancel_for_which_reason(api, filer, reason, who):
    filing = filer.in_state("access_revoked")
    session = {"owner": filer.me, "other": api.as_("mallory"), "operator": api.operator,
               "regulator": api.regulator}[who]
    response = cancel(session, filing["filing_id"], reason)
    if WHO.get((reason, who)):
        assert response.status_code == 200
        [cancelled] = response.json["cancelled"]
        assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == reason
    elif who == "other" and reason == "subject_request":
        assert response.status_code == 404 and error_code(response) == "filing_not_found"
    else:
        assert response.status_code == 403 and error_code(response) == "forbidden"


@pytest.mark.parametrize("body, field", [({"reason": "boredom"}, "reason"), ({}, "reason"),
                                         ({"reason": "subject_request", "blacklist": True}, "blacklist"),
                                         ({"reason": "domain_expired", "blacklist": True}, "blacklist"),
                                         ({"reason": "illegal_content", "blacklist": "yes"}, "blacklist")])
def test_bad_cancellations_are_invalid_request(api, filer, body, field):
    filing = filer.in_state("approved")
    response = api.regulator.post(f"/v1/filings/{filing['filing_id']}/cancel", body)
    assert response.status_code == 400 and error_code(response) == "invalid_request"
    assert response.json["error"]["field"] == field
    assert api.regulator.get(f"/v1/filings/{filing['filing_id']}").json["status"] == "approved"


def test_a_cancelled_filings_service_number_is_void_and_still_counts(api):
    filer = Filer(api, product="virtual_host")  # one service number, ever
    filing = filer.in_state("cancelled")
    sn = filer.me.get(f"/v1/service-numbers/{filing['service_number']}").json
    assert (sn["status"], sn["void_reason"]) == ("void", "filing_cancelled")
    quota = filer.me.get(f"/v1/resources/{filer.resource_id}/eligibility").json["quota"]
    assert quota == {"limit": 1, "issued": 1, "remaining": 0}
    response = filer.me.post(f"/v1/resources/{filer.resource_id}/service-numbers", {})
    assert error_code(response) == "quota_exhausted"


@pytest.mark.parametrize("action", ["approve", "reject", "revoke", "reaccess", "cancel"])
def test_cancellation_is_final(api, filer, action):
    filing = filer.in_state("cancelled")
    fid = filing["filing_id"]
    response = {
        "approve": lambda: api.regulator.post(f"/v1/filings/{fid}/approve"),
        "reject": lambda: api.regulator.post(f"/v1/filings/{fid}/reject", {"reason": "x"}),
        "revoke": lambda: api.operator.post(f"/v1/filings/{fid}/access-revocation", {"reason": "missing_info"}),
        "reaccess": lambda: filer.me.post(f"/v1/filings/{fid}/access", {"service_number": filer.new_sn()}),
        "cancel": lambda: cancel(api.regulator, fid, "domain_expired"),
    }[action]()
    assert response.status_code == 409 and error_code(response) == "filing_cancelled"


def test_the_site_must_be_filed_anew_with_a_new_service_number(api, filer):
    filing = filer.in_state("cancelled", domain="reborn.example.com")
    old = filer.me.post("/v1/filings", application(filing["service_number"], domain="reborn.example.com"))
    assert error_code(old) == "service_number_used"
    anew = filer.me.post("/v1/filings", application(filer.new_sn(), domain="reborn.example.com"))
    assert anew.status_code == 201


def test_illegal_content_cancels_every_filing_of_the_subject_in_any_account(api, filer):
    person = new_person()
    bob = Filer(api, "bob")
    mine = filer.in_state("approved", subject={"id_number": person}, website_name="甲站")
    grant(filer, person, "bob")  # the subject is alice's: bob files for it with her leave
    revoked = bob.in_state("access_revoked", subject={"id_number": person}, website_name="乙站")
    pending = bob.in_state("in_review", subject={"id_number": person}, website_name="丙站")
    rejected_before = filer.in_state("rejected", subject={"id_number": person}, website_name="丁站")
    bystander = filer.in_state("approved", website_name="无关站")
    response = ok(cancel(api.regulator, mine["filing_id"], "illegal_content"))
    assert [f["filing_id"] for f in response["cancelled"]][0] == mine["filing_id"]
    assert {f["filing_id"] for f in response["cancelled"]} == {mine["filing_id"], revoked["filing_id"]}
    status = {f["filing_id"]: api.regulator.get(f"/v1/filings/{f['filing_id']}").json["status"]
              for f in (mine, revoked, pending, rejected_before, bystander)}
    assert status == {mine["filing_id"]: "cancelled", revoked["filing_id"]: "cancelled",
                      pending["filing_id"]: "rejected", rejected_before["filing_id"]: "rejected",
                      bystander["filing_id"]: "approved"}
    assert bob.me.get(f"/v1/service-numbers/{pending['service_number']}").json["status"] == "issued"
    # Without blacklist: the subject and names may file again.
    assert filer.me.post("/v1/filings", application(filer.new_sn(), website_name="甲站",
                                                    subject={"id_number": person})).status_code == 201


def test_illegal_content_with_blacklist(api, filer):
    person = new_person()
    bob = Filer(api, "bob")
    mine = filer.in_state("approved", subject={"id_number": person}, website_name="甲站")
    grant(filer, person, "bob")
    bob.in_state("approved", subject={"id_number": person}, website_name="乙站")
    ok(cancel(api.regulator, mine["filing_id"], "illegal_content", blacklist=True))
    someone = Filer(api, "carol")
    for changes, code in [({"subject": {"id_number": person}}, "subject_blacklisted"),
                          ({"website_name": "甲站"}, "website_name_blacklisted"),
                          ({"website_name": "乙站"}, "website_name_blacklisted")]:
        response = someone.me.post("/v1/filings", application(someone.new_sn(), **changes))
        assert response.status_code == 409 and error_code(response) == code


def test_access_not_renewed_only_from_access_revoked(api, filer):
    filing = filer.in_state("approved")
    response = cancel(api.regulator, filing["filing_id"], "access_not_renewed")
    assert response.status_code == 409 and error_code(response) == "invalid_transition"


def test_cancellation_frees_the_domain(api, filer):
    filer.in_state("cancelled", domain="free.example.com")
    assert filer.me.post("/v1/filings", application(filer.new_sn(), domain="free.example.com")).status_code == 201
