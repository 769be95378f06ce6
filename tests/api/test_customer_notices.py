"""What a customer is told agrees with what the service did (issue 16).

Each test performs one event over the API, then reads the store (the facts: the
service number's status, the blacklist, the quota left) and checks the words of the
notification or remedy against those facts, in Chinese (the default) and English.
Words that would be a lie given the facts are checked absent: "can be used again"
of a voided number, "file again" to a blacklisted subject, "used up" with numbers left.

The words do not depend on the backend, the stored facts' types might (DynamoDB's
numbers and maps), so this runs on memory, SQLite and DynamoDB (moto).
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from icp_filing.config import load
from icp_filing import expiry_scan, filings, identity, records, resources, service_numbers, times

from .conftest import NOW, error_code
from .filing_support import Filer, application, new_person, ok

DAY = timedelta(days=1)


@pytest.fixture(params=["memory", "sqlite", "dynamodb-mock"])
def store_url(request, store_url_for):
    return store_url_for(request.param)


# Reading the facts back from the store.

def filing_of(ctx, fid: str) -> filings.Filing:
    return filings.load(ctx, fid)


def sn_of(ctx, number: str) -> service_numbers.ServiceNumber:
    return service_numbers.find(ctx, number)


def subject_blacklisted(ctx, filing: filings.Filing) -> bool:
    return ctx.store.get(*records.blacklisted_id_key(identity.subject_key(filing.id_number))) is not None


def name_blacklisted(ctx, filing: filings.Filing) -> bool:
    key = records.blacklisted_name_key(filings.website_name_key(filing.website_name))
    return ctx.store.get(*key) is not None


def remaining(ctx, resource_id: str) -> int:
    resource = resources.load(ctx, resource_id)
    return ctx.config.product(resource.product).quota - resource.issued


def unused(ctx, resource_id: str, owner: str) -> int:
    return sum(1 for sn in service_numbers.numbers_of(ctx, resource_id)
               if sn.status == service_numbers.ISSUED and sn.owner == owner)


def notes_about(api, account: str, fid: str | None = None, kind: str | None = None) -> dict[str, dict]:
    """The newest notification (of ``kind``, about ``fid``) in both languages."""
    found = {}
    for lang in ("zh", "en"):
        listed = api.as_(account, lang=lang).get("/v1/notifications").json["notifications"]
        found[lang] = next(n for n in listed if (fid is None or n["filing_id"] == fid)
                           and (kind is None or n["kind"] == kind))
    return found


# Phrases, per language, whose presence must follow the facts.
NUMBER_BACK = {"zh": "可再次用于提交备案", "en": "can be used for another submission"}
NUMBER_VOID = {"zh": "已作废", "en": "is void"}
SUBJECT_BARRED = {"zh": "证件号码已被列入黑名单，不可再进行备案", "en": "ID number has been blacklisted and can never be filed again"}
NAME_BARRED = {"zh": "已被列入黑名单，不可再进行备案", "en": "has been blacklisted and can never be filed again"}
FILE_ANEW = {"zh": "重新备案", "en": "file it anew"}
USED_UP = {"zh": "已用完", "en": "used up"}
BUY_SERVER = {"zh": "购买新的服务器", "en": "buy a new server"}
RELEASED_SERVER = {"zh": "已释放", "en": "has been released"}


def check_supply(ctx, text: str, lang: str, resource_id: str, owner: str) -> None:
    """The sentence about where the next number comes from agrees with the store."""
    left, spare = remaining(ctx, resource_id), unused(ctx, resource_id, owner)
    if spare:
        assert (f"还有 {spare} 个未使用" if lang == "zh" else f"You hold {spare} unused") in text, text
    if left > 0:
        assert (f"{left} 个备案服务号" if lang == "zh" and not spare else
                f"再申请 {left} 个" if lang == "zh" else f"{left} more") in text, text
        assert USED_UP[lang] not in text, text
    elif not spare:
        assert USED_UP[lang] in text and BUY_SERVER[lang] in text.lower(), text


# 1. Rejection by the bureau.

def test_a_rejection_by_the_bureau_gives_the_number_back_and_says_so(api, ctx):
    filer = Filer(api)
    filing = filer.submit()
    ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/reject", {"reason": "名称不符"}))
    notes = notes_about(api, "alice", filing["filing_id"], "filing_rejected")
    assert sn_of(ctx, filing["service_number"]).status == service_numbers.ISSUED
    for lang, note in notes.items():
        assert NUMBER_BACK[lang] in note["message"] and NUMBER_VOID[lang] not in note["message"]
        assert filing["service_number"] in note["message"] and "名称不符" in note["message"]
    # ...and it is true: the same number files again.
    ok(filer.me.post("/v1/filings", application(filing["service_number"])))


def test_a_returned_number_of_an_instance_that_no_longer_qualifies_is_not_called_usable(api, ctx):
    filer = Filer(api)
    filing = filer.submit()
    api.resource(filer.resource_id, owner="alice", billing="pay_as_you_go")
    ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/reject", {"reason": "资料不全"}))
    assert sn_of(ctx, filing["service_number"]).status == service_numbers.ISSUED
    for lang, note in notes_about(api, "alice", filing["filing_id"]).items():
        assert NUMBER_BACK[lang] not in note["message"]
        assert ("不满足备案条件" if lang == "zh" else "does not qualify") in note["message"]
    refused = filer.me.post("/v1/filings", application(filing["service_number"]))
    assert error_code(refused) == "resource_not_eligible"


# 2. Release: its in-review filing rejected and the number voided, its approved filing's access revoked.

@pytest.mark.parametrize("how", ["operator", "scan"])
def test_a_release_tells_the_truth_about_each_filing_and_number(api, ctx, clock, how):
    filer = Filer(api, expires_at="2026-12-01T00:00:00Z")
    pending = filer.submit()
    approved = filer.in_state("approved")
    spare = filer.new_sn()
    if how == "operator":
        api.resource(filer.resource_id, owner="alice", expires_at="2026-12-01T00:00:00Z", status="released")
        at = NOW
    else:
        at = NOW + 20 * DAY
        clock.set(at)
        expiry_scan.run(ctx, at, expiry_scan.Budget.seconds(60))

    # The in-review filing: rejected, its number void; the notice says void, never "usable again".
    assert filing_of(ctx, pending["filing_id"]).status == filings.REJECTED
    assert sn_of(ctx, pending["service_number"]).status == service_numbers.VOID
    for lang, note in notes_about(api, "alice", pending["filing_id"], "filing_rejected").items():
        text = note["message"]
        assert NUMBER_VOID[lang] in text and pending["service_number"] in text
        assert NUMBER_BACK[lang] not in text and "可再次使用" not in text and "can be used again" not in text
        assert RELEASED_SERVER[lang] in text and BUY_SERVER[lang] in text.lower()  # alice has no other server

    # The approved filing: access revoked; re-access needs a number of another server.
    revoked = filing_of(ctx, approved["filing_id"])
    assert revoked.status == filings.ACCESS_REVOKED
    deadline = times.format(revoked.access_revoked_at + timedelta(days=ctx.config.access_grace_days))
    for lang, note in notes_about(api, "alice", approved["filing_id"], "access_revoked").items():
        text = note["message"]
        assert deadline in text and RELEASED_SERVER[lang] in text and BUY_SERVER[lang] in text.lower()

    # The resource: released (expired or not, as the store says); its unused numbers voided.
    resource = resources.load(ctx, filer.resource_id)
    assert resource.released and sn_of(ctx, spare).status == service_numbers.VOID
    voided = sum(1 for sn in service_numbers.numbers_of(ctx, filer.resource_id)
                 if sn.void_reason == "resource_released")
    assert voided == 2  # the spare and the one the rejection gave back
    expired = resource.expires_at <= at
    assert expired == (how == "scan")
    for lang, note in notes_about(api, "alice", kind="resource_released").items():
        text = note["message"]
        assert (f"{voided} 个未使用的备案服务号已作废" if lang == "zh" else f"Its {voided} unused service numbers are void") in text
        assert (("到期" in text) if lang == "zh" else ("expired" in text)) == expired


def test_a_release_points_to_the_owners_other_server_that_still_has_numbers(api, ctx):
    filer = Filer(api)
    approved = filer.in_state("approved")
    api.resource("i-other", owner="alice", product="lightweight")
    ok(filer.me.post("/v1/resources/i-other/service-numbers", {"count": 2}))
    api.resource(filer.resource_id, owner="alice", status="released")
    spare, left = unused(ctx, "i-other", "alice"), remaining(ctx, "i-other")
    assert (spare, left) == (2, 3)
    for lang, note in notes_about(api, "alice", approved["filing_id"], "access_revoked").items():
        text = note["message"]
        assert RELEASED_SERVER[lang] in text and BUY_SERVER[lang] not in text.lower()
        assert (f"您在实例 i-other 上还有 {spare} 个未使用的备案服务号，还可再申请 {left} 个" if lang == "zh" else
                f"You hold {spare} unused service numbers of instance i-other, and it can issue {left} more") in text
    # ...and re-access with one of them works, as told.
    number = api.as_("alice").get("/v1/resources/i-other/service-numbers").json["service_numbers"][0]
    ok(filer.me.post(f"/v1/filings/{approved['filing_id']}/access", {"service_number": number["service_number"]}))


# 3. Access revocation, each reason.

@pytest.mark.parametrize("reason, words", [("inaccurate_info", {"zh": "网站信息不真实、不准确", "en": "untrue or inaccurate"}),
                                           ("missing_info", {"zh": "备案信息缺失", "en": "incomplete"}),
                                           ("resource_released", {"zh": "接入的服务器已到期释放", "en": "released"})])
def test_a_revocation_says_why_by_when_and_where_the_next_number_comes_from(api, ctx, reason, words):
    filer = Filer(api)
    filing = filer.in_state("approved")
    ok(api.operator.post(f"/v1/filings/{filing['filing_id']}/access-revocation", {"reason": reason}))
    revoked = filing_of(ctx, filing["filing_id"])
    deadline = times.format(revoked.access_revoked_at + timedelta(days=ctx.config.access_grace_days))
    for lang, note in notes_about(api, "alice", filing["filing_id"], "access_revoked").items():
        text = note["message"]
        assert words[lang] in text and deadline in text and reason not in text
        check_supply(ctx, text, lang, filer.resource_id, "alice")


def test_a_revocation_when_the_instance_is_used_up_says_buy_a_new_server(api, ctx):
    filer = Filer(api, product="virtual_host")  # one number, ever
    filing = filer.in_state("approved")
    ok(api.operator.post(f"/v1/filings/{filing['filing_id']}/access-revocation", {"reason": "missing_info"}))
    assert remaining(ctx, filer.resource_id) == 0
    for lang, note in notes_about(api, "alice", filing["filing_id"], "access_revoked").items():
        assert USED_UP[lang] in note["message"] and BUY_SERVER[lang] in note["message"].lower()


# 4. Re-access.

def test_re_access_names_the_new_number_and_the_voided_one(api, ctx):
    filer = Filer(api)
    filing = filer.in_state("access_revoked")
    new = filer.new_sn()
    ok(filer.me.post(f"/v1/filings/{filing['filing_id']}/access", {"service_number": new}))
    assert sn_of(ctx, new).status == service_numbers.FILED
    assert sn_of(ctx, filing["service_number"]).status == service_numbers.VOID
    for lang, note in notes_about(api, "alice", filing["filing_id"], "access_restored").items():
        text = note["message"]
        assert new in text and filing["service_number"] in text and NUMBER_VOID[lang] in text
        assert filing_of(ctx, filing["filing_id"]).filing_number in text


# 5. Cancellation, each cause.

def cancelled_words_agree(api, ctx, fid: str, reason_words: dict[str, str]) -> dict[str, dict]:
    filing = filing_of(ctx, fid)
    assert filing.status == filings.CANCELLED
    assert sn_of(ctx, filing.service_number).status == service_numbers.VOID
    barred = subject_blacklisted(ctx, filing) or name_blacklisted(ctx, filing)
    notes = notes_about(api, filing.owner, fid, "filing_cancelled")
    for lang, note in notes.items():
        text = note["message"]
        assert reason_words[lang] in text and filing.filing_number in text
        assert filing.service_number in text and NUMBER_VOID[lang] in text
        assert ("不可恢复" if lang == "zh" else "cannot be restored") in text
        assert (SUBJECT_BARRED[lang] in text) == subject_blacklisted(ctx, filing)
        assert (f"{filing.website_name}" in text and NAME_BARRED[lang] in text) == barred
        if barred:  # the seed: that ID number and those names can never be filed again
            assert FILE_ANEW[lang] not in text and "新的备案服务号" not in text and "new service number" not in text
        else:
            assert FILE_ANEW[lang] in text
            check_supply(ctx, text, lang, filing.resource_id, filing.owner)
    return notes


@pytest.mark.parametrize("reason, who, words", [
    ("subject_request", "owner", {"zh": "备案主体申请注销", "en": "the subject asked for it"}),
    ("domain_expired", "regulator", {"zh": "域名过期后新持有者申请注销", "en": "new holder"}),
    ("illegal_content", "regulator", {"zh": "网站含有违法信息", "en": "illegal content"}),
    ("access_not_renewed", "regulator", {"zh": "取消接入后长时间未重新接入", "en": "not renewed in time"}),
])
def test_each_cancellation_cause_is_told_truthfully(api, ctx, reason, who, words):
    filer = Filer(api)
    filing = filer.in_state("access_revoked" if reason == "access_not_renewed" else "approved")
    session = filer.me if who == "owner" else api.regulator
    ok(session.post(f"/v1/filings/{filing['filing_id']}/cancel", {"reason": reason}))
    notes = cancelled_words_agree(api, ctx, filing["filing_id"], words)
    if reason == "illegal_content":
        for lang, note in notes.items():
            assert ("删除违法信息" if lang == "zh" else "Remove the illegal content") in note["message"]


def test_access_not_renewed_by_the_scan_is_told_truthfully(api, ctx, clock):
    filer = Filer(api)
    filing = filer.in_state("access_revoked")
    at = NOW + 31 * DAY
    clock.set(at)
    expiry_scan.run(ctx, at, expiry_scan.Budget.seconds(60))
    cancelled_words_agree(api, ctx, filing["filing_id"], {"zh": "取消接入后长时间未重新接入", "en": "not renewed in time"})


def test_illegal_content_with_the_blacklist_is_never_told_to_file_again(api, ctx):
    filer = Filer(api)
    person = new_person()
    first = filer.in_state("approved", subject={"id_number": person}, website_name="坏站甲")
    second = filer.in_state("approved", subject={"id_number": person}, website_name="坏站乙")
    pending = filer.submit(subject={"id_number": person}, website_name="坏站丙")
    ok(api.regulator.post(f"/v1/filings/{first['filing_id']}/cancel", {"reason": "illegal_content", "blacklist": True}))
    for fid in (first["filing_id"], second["filing_id"]):
        assert subject_blacklisted(ctx, filing_of(ctx, fid)) and name_blacklisted(ctx, filing_of(ctx, fid))
        cancelled_words_agree(api, ctx, fid, {"zh": "网站含有违法信息", "en": "illegal content"})
    # The in-review filing of the same subject: rejected, its number given back, its
    # subject barred; its own name said to be barred exactly when the store has it so.
    rejected = filing_of(ctx, pending["filing_id"])
    assert rejected.status == filings.REJECTED and subject_blacklisted(ctx, rejected)
    assert sn_of(ctx, pending["service_number"]).status == service_numbers.ISSUED
    for lang, note in notes_about(api, "alice", pending["filing_id"], "filing_rejected").items():
        text = note["message"]
        assert SUBJECT_BARRED[lang] in text and NUMBER_BACK[lang] in text
        assert ("坏站丙" in text) == name_blacklisted(ctx, rejected)
    # ...and what the notices say is what the rules do.
    refused = filer.me.post("/v1/filings", application(filer.new_sn(), subject={"id_number": person}))
    assert error_code(refused) == "subject_blacklisted"
    # A change refused because the filing is cancelled does not advise filing again either.
    for lang in ("zh", "en"):
        refused = api.as_("alice", lang=lang).post(f"/v1/filings/{first['filing_id']}/cancel",
                                                   {"reason": "subject_request"})
        assert error_code(refused) == "filing_cancelled"
        assert ("不可恢复" if lang == "zh" else "cannot be restored") in refused.json["error"]["message"]
        assert FILE_ANEW[lang] not in refused.json["error"]["message"]
        assert ("新的备案服务号" if lang == "zh" else "new service number") not in refused.json["error"]["message"]


def test_a_refusal_about_a_filing_cancelled_at_the_subjects_request_advises_filing_anew(api, ctx):
    filer = Filer(api)
    filing = filer.in_state("cancelled")
    assert filing_of(ctx, filing["filing_id"]).cancel_reason == "subject_request"
    refused = filer.me.post(f"/v1/filings/{filing['filing_id']}/access", {"service_number": filer.new_sn()})
    assert error_code(refused) == "filing_cancelled"
    assert "新的备案服务号重新备案" in refused.json["error"]["message"]


def test_a_cancellation_with_the_numbers_used_up_says_buy_a_new_server(api, ctx):
    filer = Filer(api, product="virtual_host")
    filing = filer.in_state("approved")
    ok(filer.me.post(f"/v1/filings/{filing['filing_id']}/cancel", {"reason": "subject_request"}))
    assert remaining(ctx, filer.resource_id) == 0
    notes = cancelled_words_agree(api, ctx, filing["filing_id"], {"zh": "备案主体申请注销", "en": "the subject asked"})
    for lang, note in notes.items():
        assert USED_UP[lang] in note["message"]


def test_a_cancellation_counts_the_unused_numbers_the_owner_holds(api, ctx):
    filer = Filer(api)
    filing = filer.in_state("approved")
    filer.new_sn(), filer.new_sn()
    ok(filer.me.post(f"/v1/filings/{filing['filing_id']}/cancel", {"reason": "subject_request"}))
    assert unused(ctx, filer.resource_id, "alice") == 2 and remaining(ctx, filer.resource_id) == 2
    cancelled_words_agree(api, ctx, filing["filing_id"], {"zh": "备案主体申请注销", "en": "the subject asked"})


# 6. Renewal reminder.

def test_a_renewal_reminder_counts_what_the_instance_backs(api, ctx, clock):
    filer = Filer(api, expires_at="2026-12-04T00:00:00Z")
    filer.in_state("approved"), filer.in_state("approved"), filer.submit()
    expiry_scan.run(ctx, NOW, expiry_scan.Budget.seconds(60))
    statuses = [filing_of(ctx, fid).status for fid in filings.listed(ctx, records.resource_partition(filer.resource_id))]
    approved, in_review = statuses.count(filings.APPROVED), statuses.count(filings.IN_REVIEW)
    assert (approved, in_review) == (2, 1)
    days = ctx.config.release_grace_days
    for lang, note in notes_about(api, "alice", kind="renewal_reminder").items():
        text = note["message"]
        assert "2026-12-04T00:00:00Z" in text
        assert (f"{approved} 个已备案网站" if lang == "zh" else f"{approved} filed websites") in text
        assert (f"{in_review} 个备案中的网站" if lang == "zh" else f"{in_review} website in review") in text
        assert (f"到期 {days} 天后" if lang == "zh" else f"{days} days after it expires") in text


# 7. The quota: some left, none left.

def quota_of(ctx, resource_id: str) -> dict[str, int]:
    resource = resources.load(ctx, resource_id)
    limit, issued = ctx.config.product(resource.product).quota, resource.issued
    return {"limit": limit, "issued": issued, "remaining": limit - issued}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_asking_for_more_than_remain_says_how_many_remain(api, ctx, lang):
    api.resource("i-1")
    me = api.as_("alice", lang=lang)
    ok(me.post("/v1/resources/i-1/service-numbers", {"count": 3}))
    refused = me.post("/v1/resources/i-1/service-numbers", {"count": 3})
    assert refused.status_code == 409 and error_code(refused) == "quota_exhausted"
    error = refused.json["error"]
    assert error["quota"] == quota_of(ctx, "i-1") == {"limit": 5, "issued": 3, "remaining": 2}
    [reason] = error["reasons"]
    assert reason["code"] == "quota_exhausted"
    for text in (error["message"], reason["message"], reason["remedy"]):
        assert "2" in text and USED_UP[lang] not in text.lower()
    assert ("不超过 2 个" if lang == "zh" else "at most 2") in error["message"]
    assert ("不超过 2 个" if lang == "zh" else "at most 2") in reason["remedy"]
    assert ("3" in reason["message"]) and ("3" in error["message"])
    # The advice works: at most 2 are issued.
    assert len(ok(me.post("/v1/resources/i-1/service-numbers", {"count": 2}))["service_numbers"]) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_with_none_left_the_answer_is_used_up_buy_a_new_server(api, ctx, lang):
    api.resource("i-1")
    me = api.as_("alice", lang=lang)
    ok(me.post("/v1/resources/i-1/service-numbers", {"count": 5}))
    refused = me.post("/v1/resources/i-1/service-numbers", {"count": 1})
    error = refused.json["error"]
    assert error_code(refused) == "quota_exhausted"
    assert error["quota"] == quota_of(ctx, "i-1") == {"limit": 5, "issued": 5, "remaining": 0}
    [reason] = error["reasons"]
    assert USED_UP[lang] in error["message"] and USED_UP[lang] in reason["message"]
    assert BUY_SERVER[lang] in error["message"].lower() and BUY_SERVER[lang] in reason["remedy"].lower()
    assert reason["faq_id"] == "service-number-used-up"
    # The eligibility check says the same.
    told = me.get("/v1/resources/i-1/eligibility").json
    assert told["quota"]["remaining"] == 0
    assert told["reasons"][0]["code"] == "quota_exhausted" and USED_UP[lang] in told["reasons"][0]["message"]


def test_a_not_eligible_refusal_with_too_many_asked_says_how_many_remain_and_shows_the_quota(api, ctx):
    api.resource("i-1")
    me = api.as_("alice", lang="en")
    ok(me.post("/v1/resources/i-1/service-numbers", {"count": 4}))
    api.resource("i-1", billing="pay_as_you_go")
    refused = me.post("/v1/resources/i-1/service-numbers", {"count": 2})
    error = refused.json["error"]
    assert error_code(refused) == "not_eligible" and error["quota"] == quota_of(ctx, "i-1")
    quota_reason = next(r for r in error["reasons"] if r["code"] == "quota_exhausted")
    assert "1 service number left" in quota_reason["message"] and "at most 1" in quota_reason["remedy"]
    # Without the quota among the reasons, nothing of it is shown.
    refused = me.post("/v1/resources/i-1/service-numbers", {"count": 1})
    assert [r["code"] for r in refused.json["error"]["reasons"]] == ["pay_as_you_go"]
    assert "quota" not in refused.json["error"]


# 8. Eligibility remedies that hold together.

def test_a_released_instance_is_not_told_to_renew_or_convert(api, ctx):
    api.resource("i-1", billing="pay_as_you_go", expires_at="2026-11-01T00:00:00Z", status="released")
    for lang in ("zh", "en"):
        reasons = api.as_("alice", lang=lang).get("/v1/resources/i-1/eligibility").json["reasons"]
        codes = [r["code"] for r in reasons]
        assert {"pay_as_you_go", "expired", "released"} <= set(codes)
        for r in reasons:  # renewing or converting a released instance is impossible
            assert "请及时续费" not in r["remedy"] and not r["remedy"].startswith("Renew")
            assert "转为包年包月" not in r["remedy"] and "Convert" not in r["remedy"]
            assert ("购买新的可备案服务器" if lang == "zh" else "buy a new fileable server") in r["remedy"].lower()


def test_configured_minimums_are_the_ones_quoted(api, ctx):
    ctx.config = load({"ICP_MIN_TERM_MONTHS_IOT_PACKAGE": "12", "ICP_IOT_MIN_ORDER_AMOUNT": "120"})
    api.resource("i-iot", product="iot_package", billing="pay_as_you_go", order_amount=50)
    for lang, months, yuan in (("zh", "12 个月", "120 元"), ("en", "12 months", "120 yuan")):
        reasons = {r["code"]: r for r in
                   api.as_("alice", lang=lang).get("/v1/resources/i-iot/eligibility").json["reasons"]}
        assert months in reasons["pay_as_you_go"]["remedy"]
        assert yuan in reasons["order_amount_too_low"]["message"]
        assert months in reasons["order_amount_too_low"]["remedy"] and yuan in reasons["order_amount_too_low"]["remedy"]


# 9. A number that cannot be used is refused for what it is.

def test_a_refused_number_is_described_by_its_stored_status(api, ctx):
    filer = Filer(api)
    pending, approved = filer.submit(), filer.in_state("approved")
    spare = filer.new_sn()
    assert sn_of(ctx, pending["service_number"]).status == "in_review"
    for lang, words in (("zh", "正用于一个审核中的备案"), ("en", "in use by a filing under review")):
        refused = api.as_("alice", lang=lang).post("/v1/filings", application(pending["service_number"]))
        assert error_code(refused) == "service_number_used" and words in refused.json["error"]["message"]
    api.resource(filer.resource_id, owner="alice", status="released")
    expected = {  # number -> (stored status, words in zh, words in en)
        approved["service_number"]: ("filed", "已用于已通过的备案", "used by an approved filing"),
        spare: ("void", "已作废（其实例已释放）", "void (its instance was released)"),
        pending["service_number"]: ("void", "已作废（其实例已释放）", "void (its instance was released)"),
    }
    for number, (status, zh, en) in expected.items():
        assert sn_of(ctx, number).status == status
        for lang, words in (("zh", zh), ("en", en)):
            refused = api.as_("alice", lang=lang).post("/v1/filings", application(number))
            assert error_code(refused) == "service_number_used"
            assert words in refused.json["error"]["message"]
            if status == "void":  # never used for a filing that stands: not "has been used"
                assert "已被使用" not in refused.json["error"]["message"]
                assert "has been used" not in refused.json["error"]["message"]


def test_account_wide_remedy_follows_whether_the_account_has_instances(api, ctx):
    for lang in ("zh", "en"):
        [none] = api.as_("nobody", lang=lang).get("/v1/eligibility").json["reasons"]
        assert none["code"] == "no_fileable_resource"
        assert ("请先购买可备案的服务器" if lang == "zh" else "Buy a fileable server first") in none["remedy"]
    api.resource("i-1", expires_at="2026-11-01T00:00:00Z")  # expired: renewing would do
    api.resource("i-2", billing="pay_as_you_go")
    for lang in ("zh", "en"):
        body = api.as_("alice", lang=lang).get("/v1/eligibility").json
        assert not body["eligible"] and len(body["resources"]) == 2
        [told] = body["reasons"]
        assert told["code"] == "no_fileable_resource"
        assert ("2 个实例" if lang == "zh" else "None of the 2 instances") in told["message"]
        assert ("续费" if lang == "zh" else "renew") in told["remedy"]
