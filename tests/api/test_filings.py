"""Filings over HTTP: submission checks, review, access, and the state machine
(domain.md, "Filings"), on every store backend."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from .conftest import error_code
from .filing_support import Filer, application, credit_code, grant, new_person, ok, resident_id

# --- Submission: input checks (400), in their order -----------------------------

VALID_PEOPLE = ["11010519491231002X", "11010519491231002x", resident_id("44030419850101123")]
INVALID_PEOPLE = [
    "110105194912310021",          # wrong check character
    "11010519491231002",           # 17 characters
    "1101051949123100211",         # 19 characters
    "11010519491331002X",          # month 13
    "A1010519491231002X",          # a letter in the body
    resident_id("11010530001231002")[:17] + "Y",  # not a check character at all
]
VALID_COMPANIES = ["91350100M000100Y43", credit_code("91330106MA2H1ABC0"), credit_code("12100000400000000")]
INVALID_COMPANIES = [
    "91350100M000100Y44",          # wrong check character
    "91350100M000100Y4",           # 17 characters
    "91350100M000I00Y43",          # I is not in the GB 32100 alphabet
    "9135A100M000100Y43",          # the division code must be digits
]


@pytest.fixture
def filer(api):
    return Filer(api)


def submit(filer, **changes):
    return filer.me.post("/v1/filings", application(filer.new_sn(), **changes))


def test_a_valid_submission_starts_in_review(filer, api):
    sn = filer.new_sn()
    body = application(sn, domain="Shop.Example.COM.", subject={"id_number": "11010519491231002x"})
    response = filer.me.post("/v1/filings", body)
    assert response.status_code == 201
    filing = response.json
    assert set(filing) == {"filing_id", "owner", "domain", "website_name", "province", "subject", "service_number",
                           "status", "filing_number", "access_revoked_at", "cancel_reason", "created_at",
                           "updated_at"}
    assert (filing["status"], filing["domain"], filing["owner"], filing["service_number"]) == \
        ("in_review", "shop.example.com", "alice", sn)
    assert filing["subject"] == {"type": "individual", "name": "张三", "id_number_masked": "110***********002X"}
    assert filing["filing_number"] is None and filing["access_revoked_at"] is None
    assert api.as_("alice").get(f"/v1/service-numbers/{sn}").json["status"] == "in_review"


@pytest.mark.parametrize("id_number", VALID_PEOPLE)
def test_valid_resident_ids(filer, id_number):
    assert submit(filer, subject={"id_number": id_number}).status_code == 201


@pytest.mark.parametrize("id_number", VALID_COMPANIES)
def test_valid_unified_social_credit_codes(filer, id_number):
    assert submit(filer, subject={"type": "enterprise", "name": "某某科技有限公司", "id_number": id_number}).status_code == 201


@pytest.mark.parametrize("subject_type, id_number", [("individual", x) for x in INVALID_PEOPLE] +
                         [("enterprise", x) for x in INVALID_COMPANIES] +
                         [("enterprise", "11010519491231002X"), ("individual", "91350100M000100Y43")])
def test_invalid_id_numbers(filer, subject_type, id_number):
    response = submit(filer, subject={"type": subject_type, "id_number": id_number})
    assert response.status_code == 400 and error_code(response) == "invalid_id_number"


def test_the_allow_list_admits_early_codes_that_fail_the_checksum(filer, ctx):
    from icp_filing.config import load

    assert error_code(submit(filer, subject={"type": "enterprise", "id_number": "91350100M000100Y44"})) == \
        "invalid_id_number"
    ctx.config = load({"ICP_ID_NUMBER_ALLOW_LIST": "91350100m000100y44"})
    assert submit(filer, subject={"type": "enterprise", "id_number": "91350100M000100Y44"}).status_code == 201


@pytest.mark.parametrize("domain", ["", "   ", "http://example.com", "https://example.com/", "example.com/path",
                                    "example.com:8080", "exa mple.com", "example", "-bad.com", "bad-.com",
                                    "a..com", "example.123", "x" * 64 + ".com", "例子 .中国", "exa_mple.com",
                                    "user@example.com", "example.com?x=1", ".", "💩.la", "xn--zz.com",
                                    ".".join(c * 60 for c in "abcde") + ".com",
                                    "x" * 2000])
def test_invalid_domains_are_rejected_not_repaired(filer, domain):
    response = submit(filer, domain=domain)
    assert response.status_code == 400 and error_code(response) == "invalid_domain"


@pytest.mark.parametrize("given, stored", [("Example.COM", "example.com"), ("example.com.", "example.com"),
                                           ("例子.中国", "例子.中国"), ("xn--fsqu00a.xn--fiqs8s", "例子.中国"),
                                           ("Bücher.DE", "bücher.de"), ("www.sub.example.cn", "www.sub.example.cn"),
                                           ("faß.de", "faß.de"), ("xn--fa-hia.de", "faß.de")])  # IDNA 2008: ß kept
def test_domains_are_stored_lower_case_in_unicode(filer, given, stored):
    assert submit(filer, domain=given).json["domain"] == stored


@pytest.mark.parametrize("province", ["", "浙江", "Z", "港", "台", "ZJ", "浙" * 9])
def test_invalid_provinces(filer, province):
    response = submit(filer, province=province)
    assert response.status_code == 400 and error_code(response) == "invalid_province"


@pytest.mark.parametrize("province", list("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新"))
def test_all_31_provinces(api, province):
    filer = Filer(api, resource_id=f"i-{ord(province)}", product="lightweight")
    assert submit(filer, province=province).status_code == 201


@pytest.mark.parametrize("changes, field", [
    ({"website_name": "  "}, "website_name"), ({"subject": {"type": "company"}}, "subject.type"),
    ({"subject": {"name": " "}}, "subject.name"), ({"subject": {"id_number": 110105}}, "subject.id_number"),
    ({"domain": 5}, "domain"), ({"extra": 1}, "extra"), ({"subject": {"extra": 1}}, "subject.extra"),
])
def test_malformed_submissions_are_invalid_request(filer, changes, field):
    response = submit(filer, **changes)
    assert response.status_code == 400 and error_code(response) == "invalid_request"
    assert response.json["error"]["field"] == field


@pytest.mark.parametrize("id_number", ["1" * 100, "X" * 2000])
def test_long_id_numbers_are_invalid_id_numbers(filer, id_number):
    assert error_code(submit(filer, subject={"id_number": id_number})) == "invalid_id_number"


def test_input_errors_come_in_order(filer):
    bad_all = {"domain": "http://x", "province": "XX", "subject": {"id_number": "123"}}
    assert error_code(submit(filer, **bad_all, website_name="")) == "invalid_request"
    assert error_code(submit(filer, **bad_all)) == "invalid_domain"
    assert error_code(submit(filer, province="XX", subject={"id_number": "123"})) == "invalid_id_number"
    # ...and before anything about the service number.
    response = filer.me.post("/v1/filings", application("AAAAAAAAAAAAAAAAAAAAAAAA", domain="http://x"))
    assert error_code(response) == "invalid_domain"


# --- Submission: the service number and the rules (404, then 409s in order) -------------

def test_an_unknown_or_foreign_service_number_is_not_found(api, filer):
    other = Filer(api, "bob")
    for sn in ("AAAAAAAAAAAAAAAAAAAAAAAA", other.new_sn(), "short"):
        response = filer.me.post("/v1/filings", application(sn))
        assert response.status_code == 404 and error_code(response) == "service_number_not_found"


def test_a_service_number_is_single_use(filer):
    sn = filer.new_sn()
    assert filer.me.post("/v1/filings", application(sn)).status_code == 201
    response = filer.me.post("/v1/filings", application(sn))
    assert response.status_code == 409 and error_code(response) == "service_number_used"


def test_the_resource_must_still_qualify_but_the_quota_does_not_count(api):
    filer = Filer(api, product="virtual_host")       # quota 1
    sn = filer.new_sn()                              # ...now used up
    assert filer.me.post("/v1/filings", application(sn)).status_code == 201
    other = Filer(api, "bob")
    sn = other.new_sn()
    api.resource(other.resource_id, owner="bob", billing="pay_as_you_go", public_bandwidth_mbps=0)
    response = other.me.post("/v1/filings", application(sn))
    assert response.status_code == 409 and error_code(response) == "resource_not_eligible"
    assert [r["code"] for r in response.json["error"]["reasons"]] == ["pay_as_you_go", "no_public_bandwidth"]


def test_numbers_issued_before_an_owner_change_cannot_file(api, filer):
    sn = filer.new_sn()
    api.resource(filer.resource_id, owner="bob")
    response = filer.me.post("/v1/filings", application(sn))
    assert response.status_code == 409 and error_code(response) == "resource_not_eligible"
    assert [r["code"] for r in response.json["error"]["reasons"]] == ["not_owner"]


def _blacklist(api, id_number: str, website_name: str) -> None:
    villain = Filer(api, "villain")
    filing = villain.in_state("approved", website_name=website_name, subject={"id_number": id_number})
    ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/cancel", {"reason": "illegal_content", "blacklist": True}))


def test_blacklisted_subjects_and_website_names(api, filer):
    person = new_person()
    _blacklist(api, person, "赌场之家")
    response = submit(filer, subject={"id_number": person})
    assert response.status_code == 409 and error_code(response) == "subject_blacklisted"
    for name in ("赌场之家", " 赌场之家 ", "赌场之家\u3000"):
        response = submit(filer, website_name=name)
        assert response.status_code == 409 and error_code(response) == "website_name_blacklisted"
    assert submit(filer, website_name="正经网站").status_code == 201


def test_a_domain_has_one_active_filing(filer):
    assert submit(filer, domain="例子.中国").status_code == 201
    for same in ("例子.中国", "XN--FSQU00A.xn--fiqs8s", "例子.中国."):
        response = submit(filer, domain=same)
        assert response.status_code == 409 and error_code(response) == "domain_already_filed"


def test_the_409s_come_in_order(api, filer):
    person = new_person()
    _blacklist(api, person, "坏网站")
    taken = filer.submit()["domain"]
    sn = filer.new_sn()
    assert filer.me.post("/v1/filings", application(sn)).status_code == 201  # sn is now used
    everything_wrong = application(sn, domain=taken, website_name="坏网站", subject={"id_number": person})
    assert error_code(filer.me.post("/v1/filings", everything_wrong)) == "service_number_used"
    fresh = filer.new_sn()
    api.resource(filer.resource_id, billing="pay_as_you_go")
    everything_wrong["service_number"] = fresh
    assert error_code(filer.me.post("/v1/filings", everything_wrong)) == "resource_not_eligible"
    api.resource(filer.resource_id, billing="subscription")
    assert error_code(filer.me.post("/v1/filings", everything_wrong)) == "subject_blacklisted"
    everything_wrong["subject"]["id_number"] = new_person()
    assert error_code(filer.me.post("/v1/filings", everything_wrong)) == "website_name_blacklisted"
    everything_wrong["website_name"] = "好网站"
    assert error_code(filer.me.post("/v1/filings", everything_wrong)) == "domain_already_filed"


@pytest.mark.parametrize("role", ["operator", "regulator"])
def test_only_customers_submit(api, filer, role):
    response = api.as_("x", role).post("/v1/filings", application(filer.new_sn()))
    assert response.status_code == 403 and error_code(response) == "forbidden"


# --- Review --------------------------------------------------------------------------

def test_approval_assigns_a_filing_number_and_files_the_service_number(api, filer):
    filing = filer.submit()
    approved = ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/approve"))
    assert approved["status"] == "approved" and approved["filing_number"] == "浙ICP备2026000001号-1"
    assert filer.me.get(f"/v1/service-numbers/{filing['service_number']}").json["status"] == "filed"


def test_subject_numbers_count_per_province_and_year_and_subjects_keep_theirs(api, filer):
    person = new_person()
    numbers = []
    for province, id_number in [("浙", person), ("浙", new_person()), ("粤", new_person()), ("粤", person),
                                ("京", person)]:
        filing = filer.submit(province=province, subject={"id_number": id_number})
        numbers.append(ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/approve"))["filing_number"])
    assert numbers == ["浙ICP备2026000001号-1", "浙ICP备2026000002号-1", "粤ICP备2026000001号-1",
                       "浙ICP备2026000001号-2", "浙ICP备2026000001号-3"]


def test_the_subject_is_its_id_number_across_accounts(api, filer):
    person = new_person()
    first = filer.in_state("approved", subject={"id_number": person})
    grant(filer, person, "bob")  # another account files for the subject only with its owner's leave
    second = Filer(api, "bob").in_state("approved", subject={"id_number": person, "name": "张三"})
    assert first["filing_number"] == "浙ICP备2026000001号-1" and second["filing_number"] == "浙ICP备2026000001号-2"


def test_the_year_is_china_standard_time(api, filer, clock):
    clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=timezone.utc))  # 2027-01-01 00:30 in Beijing
    filing = filer.submit()
    assert ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/approve"))["filing_number"] == \
        "浙ICP备2027000001号-1"


def test_site_numbers_are_never_reused(api, filer):
    person = new_person()
    first = filer.in_state("cancelled", subject={"id_number": person})
    assert first["filing_number"].endswith("号-1")
    assert filer.in_state("approved", subject={"id_number": person})["filing_number"].endswith("号-2")


def test_approval_rechecks_the_blacklist_and_the_resource(api, filer):
    filing = filer.submit(website_name="某站")
    _blacklist(api, new_person(), "某站")  # another subject's site of the same name turns out illegal
    response = api.regulator.post(f"/v1/filings/{filing['filing_id']}/approve")
    assert response.status_code == 409 and error_code(response) == "website_name_blacklisted"
    pending = filer.submit()
    api.resource(filer.resource_id, public_bandwidth_mbps=0)
    response = api.regulator.post(f"/v1/filings/{pending['filing_id']}/approve")
    assert error_code(response) == "resource_not_eligible"
    assert [r["code"] for r in response.json["error"]["reasons"]] == ["no_public_bandwidth"]


def test_rejection_gives_the_service_number_back_and_frees_the_domain(api, filer):
    filing = filer.submit(domain="again.example.com")
    rejected = ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/reject", {"reason": "网站名称不规范"}))
    assert rejected["status"] == "rejected"
    assert filer.me.get(f"/v1/service-numbers/{filing['service_number']}").json == {
        **filer.me.get(f"/v1/service-numbers/{filing['service_number']}").json, "status": "issued",
        "filing_id": None}
    again = filer.me.post("/v1/filings", application(filing["service_number"], domain="again.example.com"))
    assert again.status_code == 201


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "  "}, {"reason": 3}])
def test_a_rejection_needs_a_reason(api, filer, body):
    filing = filer.submit()
    response = api.regulator.post(f"/v1/filings/{filing['filing_id']}/reject", body)
    assert response.status_code == 400 and error_code(response) == "invalid_request"


# --- Access ---------------------------------------------------------------------------

@pytest.mark.parametrize("reason", ["inaccurate_info", "missing_info", "resource_released"])
def test_the_operator_revokes_access(api, filer, reason):
    filing = filer.in_state("approved")
    revoked = ok(api.operator.post(f"/v1/filings/{filing['filing_id']}/access-revocation", {"reason": reason}))
    assert revoked["status"] == "access_revoked" and revoked["access_revoked_at"] == "2026-11-30T08:00:00Z"
    assert revoked["filing_number"] == filing["filing_number"]


@pytest.mark.parametrize("body", [{}, {"reason": "other"}, {"reason": None}])
def test_a_revocation_needs_a_known_reason(api, filer, body):
    filing = filer.in_state("approved")
    response = api.operator.post(f"/v1/filings/{filing['filing_id']}/access-revocation", body)
    assert response.status_code == 400 and error_code(response) == "invalid_request"


def test_reaccess_with_a_new_service_number_keeps_the_filing_number(api, filer):
    revoked = filer.in_state("access_revoked")
    old_sn, new_sn = revoked["service_number"], filer.new_sn()
    restored = ok(filer.me.post(f"/v1/filings/{revoked['filing_id']}/access", {"service_number": new_sn}))
    assert restored["status"] == "approved" and restored["filing_number"] == revoked["filing_number"]
    assert restored["access_revoked_at"] is None and restored["service_number"] == new_sn
    old = filer.me.get(f"/v1/service-numbers/{old_sn}").json
    assert old["status"] == "void" and old["void_reason"] == "replaced_on_reaccess"
    assert filer.me.get(f"/v1/service-numbers/{new_sn}").json["status"] == "filed"


def test_reaccess_on_another_resource_of_the_owner(api, filer):
    revoked = filer.in_state("access_revoked")
    other = Filer(api, "alice", resource_id="i-alice-2")
    restored = ok(filer.me.post(f"/v1/filings/{revoked['filing_id']}/access", {"service_number": other.new_sn()}))
    assert restored["status"] == "approved"


def test_reaccess_checks_the_new_service_number(api, filer):
    revoked = filer.in_state("access_revoked")
    url = f"/v1/filings/{revoked['filing_id']}/access"
    assert error_code(filer.me.post(url, {"service_number": revoked["service_number"]})) == "service_number_used"
    assert error_code(filer.me.post(url, {"service_number": Filer(api, "bob").new_sn()})) == \
        "service_number_not_found"
    fresh = filer.new_sn()
    api.resource(filer.resource_id, billing="pay_as_you_go")
    assert error_code(filer.me.post(url, {"service_number": fresh})) == "resource_not_eligible"


def test_only_the_owner_reaccesses(api, filer):
    revoked = filer.in_state("access_revoked")
    bob = Filer(api, "bob")
    response = bob.me.post(f"/v1/filings/{revoked['filing_id']}/access", {"service_number": bob.new_sn()})
    assert response.status_code == 404 and error_code(response) == "filing_not_found"


# --- The state machine: every action from every state -------------------------------------

STATES = ["in_review", "approved", "rejected", "access_revoked", "cancelled"]


def act(api, filer, action, fid):
    if action == "approve":
        return api.regulator.post(f"/v1/filings/{fid}/approve")
    if action == "reject":
        return api.regulator.post(f"/v1/filings/{fid}/reject", {"reason": "x"})
    if action == "revoke":
        return api.operator.post(f"/v1/filings/{fid}/access-revocation", {"reason": "missing_info"})
    if action == "reaccess":
        return filer.me.post(f"/v1/filings/{fid}/access", {"service_number": filer.new_sn()})
    if action.startswith("cancel:"):
        reason = action.split(":")[1]
        session = filer.me if reason == "subject_request" else api.regulator
        return session.post(f"/v1/filings/{fid}/cancel", {"reason": reason})
    raise ValueError(action)


# (action, from state) -> resulting state, or the refusal's code.
ALLOWED = {
    ("approve", "in_review"): "approved",
    ("reject", "in_review"): "rejected",
    ("revoke", "approved"): "access_revoked",
    ("reaccess", "access_revoked"): "approved",
    ("cancel:subject_request", "approved"): "cancelled",
    ("cancel:subject_request", "access_revoked"): "cancelled",
    ("cancel:domain_expired", "approved"): "cancelled",
    ("cancel:domain_expired", "access_revoked"): "cancelled",
    ("cancel:illegal_content", "approved"): "cancelled",
    ("cancel:illegal_content", "access_revoked"): "cancelled",
    ("cancel:access_not_renewed", "access_revoked"): "cancelled",
}
ACTIONS = ["approve", "reject", "revoke", "reaccess", "cancel:subject_request", "cancel:domain_expired",
           "cancel:illegal_content", "cancel:access_not_renewed"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_state_machine(api, filer, action, state):
    filing = filer.in_state(state)
    response = act(api, filer, action, filing["filing_id"])
    expected = ALLOWED.get((action, state))
    if expected is not None:
        assert response.status_code == 200, response.json
        body = response.json["cancelled"][0] if action.startswith("cancel:") else response.json
        assert body["status"] == expected
    else:
        assert response.status_code == 409
        assert error_code(response) == ("filing_cancelled" if state == "cancelled" else "invalid_transition")
    assert api.regulator.get(f"/v1/filings/{filing['filing_id']}").json["status"] == (expected or state)


# --- Reading ---------------------------------------------------------------------------

def test_reading_filings_and_history_per_role(api, filer):
    filing = filer.in_state("approved")
    fid = filing["filing_id"]
    for session in (filer.me, api.operator, api.regulator):
        assert session.get(f"/v1/filings/{fid}").json == filing
        assert len(session.get(f"/v1/filings/{fid}/history").json["events"]) >= 2
    for path in (f"/v1/filings/{fid}", f"/v1/filings/{fid}/history"):
        response = api.as_("mallory").get(path)
        assert response.status_code == 404 and error_code(response) == "filing_not_found"
    assert error_code(api.regulator.get("/v1/filings/f-0000000000000000")) == "filing_not_found"
    assert error_code(api.regulator.get("/v1/filings/..%2F..")) in ("filing_not_found", "not_found")


def test_history_records_every_change_with_its_service_numbers(api, filer):
    revoked = filer.in_state("access_revoked")
    fid = revoked["filing_id"]
    ok(filer.me.post(f"/v1/filings/{fid}/access", {"service_number": filer.new_sn()}))
    ok(api.regulator.post(f"/v1/filings/{fid}/cancel", {"reason": "domain_expired"}))
    events = api.regulator.get(f"/v1/filings/{fid}/history").json["events"]
    assert all(set(e) == {"at", "actor", "action", "from_status", "to_status", "reason"} for e in events)
    assert [(e["action"], e["from_status"], e["to_status"]) for e in events] == [
        ("issued", None, "issued"),                       # the first service number
        ("submitted", None, "in_review"),
        ("filing_submitted", "issued", "in_review"),
        ("approved", "in_review", "approved"),
        ("filing_approved", "in_review", "filed"),
        ("access_revoked", "approved", "access_revoked"),
        ("issued", None, "issued"),                       # the second one
        ("access_restored", "access_revoked", "approved"),
        ("replaced", "filed", "void"),
        ("filing_reaccessed", "issued", "filed"),
        ("cancelled", "approved", "cancelled"),
        ("filing_cancelled", "filed", "void"),
    ]
    actors = {e["action"]: e["actor"] for e in events}
    assert actors["approved"] == "regulator:bureau-1" and actors["access_revoked"] == "operator:op-1"
    assert actors["submitted"] == "customer:alice"
    assert [e["reason"] for e in events if e["action"] == "cancelled"] == ["domain_expired"]


def test_a_rejected_filings_history_stops_where_its_number_moved_on(api, filer):
    first = filer.submit()
    ok(api.regulator.post(f"/v1/filings/{first['filing_id']}/reject", {"reason": "资料不全"}))
    second = ok(filer.me.post("/v1/filings", application(first["service_number"])))
    ok(api.regulator.post(f"/v1/filings/{second['filing_id']}/approve"))
    events = api.regulator.get(f"/v1/filings/{first['filing_id']}/history").json["events"]
    assert [e["action"] for e in events] == ["issued", "submitted", "filing_submitted", "rejected", "filing_rejected"]
    events = api.regulator.get(f"/v1/filings/{second['filing_id']}/history").json["events"]
    assert [e["action"] for e in events] == ["issued", "submitted", "filing_submitted", "approved", "filing_approved"]


def test_customers_see_staff_by_role_only(api, filer):
    filing = filer.in_state("access_revoked")
    actors = {e["actor"] for e in filer.me.get(f"/v1/filings/{filing['filing_id']}/history").json["events"]}
    assert actors == {"customer:alice", "regulator", "operator"}
    staff_view = {e["actor"] for e in api.operator.get(f"/v1/filings/{filing['filing_id']}/history").json["events"]}
    assert staff_view == {"customer:alice", "regulator:bureau-1", "operator:op-1"}


def test_the_full_id_number_never_leaves_the_store(api, filer):
    person = new_person()
    filing = filer.in_state("approved", subject={"id_number": person})
    fid = filing["filing_id"]
    texts = [api.regulator.get(f"/v1/filings/{fid}").get_data(as_text=True),
             api.regulator.get(f"/v1/filings/{fid}/history").get_data(as_text=True),
             filer.me.get("/v1/notifications").get_data(as_text=True),
             ok(api.regulator.post(f"/v1/filings/{fid}/cancel", {"reason": "illegal_content", "blacklist": True}))
             .__repr__()]
    for text in texts:
        assert person not in text and person[3:-4] not in text
    assert filing["subject"]["id_number_masked"] == person[:3] + "*" * 11 + person[-4:]
