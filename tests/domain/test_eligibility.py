"""Eligibility rules, one case per rule of domain.md's table (pure: no store)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from icp_filing import config as config_module
from icp_filing.eligibility import AccountEligibility, evaluate, not_owner
from icp_filing.reasons import REASONS
from icp_filing.resources import Resource

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
CONFIG = config_module.load({})


def ecs(**changes) -> Resource:
    base = Resource("i-1", "alice", "ecs", "subscription", 12, 0, 5, "cn-hangzhou", NOW + timedelta(days=300))
    return replace(base, **changes)


def iot(**changes) -> Resource:
    return ecs(**{"product": "iot_package", "term_months": 6, "order_amount": 90, "public_bandwidth_mbps": 0,
                  **changes})


def codes(resource: Resource, issued: int = 0, config=CONFIG) -> list[str]:
    return list(evaluate(resource, issued, NOW, config).reasons)


@pytest.mark.parametrize("resource", [
    ecs(), ecs(term_months=3), ecs(public_bandwidth_mbps=0.5),
    ecs(product="lightweight", public_bandwidth_mbps=0),
    ecs(product="virtual_host", public_bandwidth_mbps=0),
    iot(), iot(order_amount=90.0, term_months=24),
    ecs(region="cn-beijing"), ecs(region="cn-shenzhen-finance-1"),
], ids=lambda r: f"{r.product}-{r.term_months}m-{r.region}")
def test_a_qualifying_resource_is_eligible(resource):
    result = evaluate(resource, 0, NOW, CONFIG)
    assert result.eligible and result.reasons == () and result.filing_required


@pytest.mark.parametrize("resource, expected", [
    (ecs(region="cn-hongkong"), ["non_mainland_region"]),
    (ecs(region="ap-southeast-1"), ["non_mainland_region"]),
    (ecs(region="us-west-1"), ["non_mainland_region"]),
    (ecs(product="oss"), ["unsupported_product"]),
    (ecs(billing="pay_as_you_go"), ["pay_as_you_go"]),
    (ecs(billing="pay_as_you_go", term_months=0), ["pay_as_you_go"]),  # not also term_too_short
    (ecs(term_months=2), ["term_too_short"]),
    (ecs(product="virtual_host", term_months=1), ["term_too_short"]),
    (iot(term_months=5), ["term_too_short"]),
    (iot(order_amount=89.99), ["order_amount_too_low"]),
    (ecs(public_bandwidth_mbps=0), ["no_public_bandwidth"]),
    (ecs(expires_at=NOW), ["expired"]),                          # expires_at <= now
    (ecs(expires_at=NOW - timedelta(days=1)), ["expired"]),
    (ecs(status="released"), ["released"]),
], ids=lambda x: x if isinstance(x, str) else None)
def test_each_rule_reports_its_own_reason(resource, expected):
    assert codes(resource) == expected


def test_quota_exhausted_when_every_number_is_issued():
    assert codes(ecs(), issued=4) == []
    assert codes(ecs(), issued=5) == ["quota_exhausted"]
    assert codes(ecs(product="virtual_host"), issued=1) == ["quota_exhausted"]
    assert codes(iot(), issued=1) == ["quota_exhausted"]


def test_every_failing_reason_is_reported_in_table_order():
    worst = ecs(region="cn-hongkong", billing="pay_as_you_go", public_bandwidth_mbps=0,
                expires_at=NOW - timedelta(days=1), status="released")
    assert codes(worst, issued=5) == ["non_mainland_region", "pay_as_you_go", "no_public_bandwidth", "expired",
                                      "released", "quota_exhausted"]
    assert codes(iot(term_months=1, order_amount=10, region="eu-central-1")) == [
        "non_mainland_region", "term_too_short", "order_amount_too_low"]


def test_an_unsupported_product_has_quota_zero_and_no_quota_reason():
    result = evaluate(ecs(product="rds"), 0, NOW, CONFIG)
    assert result.reasons == ("unsupported_product",)
    assert result.quota.to_dict() == {"limit": 0, "issued": 0, "remaining": 0}


def test_outside_the_mainland_no_filing_is_required():
    result = evaluate(ecs(region="cn-hongkong"), 0, NOW, CONFIG)
    assert result.filing_required is False
    assert evaluate(ecs(), 0, NOW, CONFIG).filing_required is True


def test_a_configuration_change_after_purchase_makes_it_ineligible_from_then_on():
    assert codes(ecs()) == []
    assert codes(ecs(public_bandwidth_mbps=0)) == ["no_public_bandwidth"]
    assert codes(ecs(billing="pay_as_you_go")) == ["pay_as_you_go"]


@pytest.mark.parametrize("product, quota", [("ecs", 5), ("lightweight", 5), ("virtual_host", 1), ("iot_package", 1)])
def test_default_quotas(product, quota):
    assert evaluate(ecs(product=product, order_amount=100, term_months=12), 0, NOW, CONFIG).quota.limit == quota


def test_quotas_and_thresholds_come_from_configuration():
    cfg = config_module.load({"ICP_QUOTA_ECS": "10", "ICP_MIN_TERM_MONTHS_ECS": "6", "ICP_IOT_MIN_ORDER_AMOUNT": "120"})
    assert evaluate(ecs(), 5, NOW, cfg).quota.to_dict() == {"limit": 10, "issued": 5, "remaining": 5}
    assert codes(ecs(term_months=5), config=cfg) == ["term_too_short"]
    assert codes(iot(order_amount=100), config=cfg) == ["order_amount_too_low"]


@pytest.mark.parametrize("bad", ["x", "-1"])
def test_a_bad_configuration_value_is_refused(bad):
    with pytest.raises(ValueError):
        config_module.load({"ICP_QUOTA_ECS": bad})


def test_not_owner_reveals_nothing_else():
    assert not_owner("i-1").to_dict("zh") == {
        "resource_id": "i-1", "eligible": False,
        "reasons": [{"code": "not_owner", "message": REASONS["not_owner"].message.zh,
                     "remedy": REASONS["not_owner"].remedy.zh, "faq_id": "service-number-no-apply-button"}]}


def test_reasons_carry_message_remedy_and_faq_id_in_both_languages():
    result = evaluate(iot(term_months=1), 0, NOW, CONFIG)
    zh, en = result.to_dict("zh")["reasons"][0], result.to_dict("en")["reasons"][0]
    assert zh["code"] == en["code"] == "term_too_short"
    assert zh["faq_id"] == "service-number-iot-package"  # the IoT package's own FAQ entry
    assert zh["message"] != en["message"] and en["message"].isascii() and not zh["message"].isascii()
    assert evaluate(ecs(term_months=1), 0, NOW, CONFIG).to_dict("en")["reasons"][0]["faq_id"] == \
        "service-number-no-apply-button"


@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_reason_has_texts_in_both_languages(code):
    reason = REASONS[code]
    assert reason.message.zh and reason.message.en and reason.remedy.zh and reason.remedy.en and reason.faq_id


def test_an_account_is_eligible_when_one_resource_is():
    good, bad = evaluate(ecs(), 0, NOW, CONFIG), evaluate(ecs(resource_id="i-2", status="released"), 0, NOW, CONFIG)
    assert AccountEligibility([bad, good]).to_dict("zh")["reasons"] == []
    answer = AccountEligibility([bad]).to_dict("en")
    assert answer["eligible"] is False
    assert [r["code"] for r in answer["reasons"]] == ["no_fileable_resource"]
    assert answer["reasons"][0]["faq_id"] == "service-number-without-server"
    assert [r["code"] for r in answer["resources"][0]["reasons"]] == ["released"]
    assert AccountEligibility([]).eligible is False
