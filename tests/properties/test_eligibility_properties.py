"""Property: the pure eligibility evaluation reports exactly the reasons domain.md's
table implies, against an oracle written from domain.md alone."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import given, strategies as st

from icp_filing.config import MAINLAND_REGIONS, load
from icp_filing.eligibility import evaluate
from icp_filing.reasons import describe
from icp_filing.resources import Resource

from .support import NOW, fixed

# domain.md, "Eligibility": the table's order.
TABLE_ORDER = ("not_owner", "non_mainland_region", "unsupported_product", "pay_as_you_go", "term_too_short",
               "order_amount_too_low", "no_public_bandwidth", "expired", "released", "quota_exhausted")
# domain.md, "Products, conditions and default quotas": (min term, needs bandwidth, min single order).
PRODUCTS = {"ecs": (3, True, None), "lightweight": (3, False, None), "virtual_host": (3, False, None),
            "iot_package": (6, False, 90)}
DEFAULT_QUOTA = {"ecs": 5, "lightweight": 5, "virtual_host": 1, "iot_package": 1}
FAQ = {"non_mainland_region": "service-number-no-apply-button", "unsupported_product": "service-number-without-server",
       "pay_as_you_go": "service-number-no-apply-button", "term_too_short": "service-number-no-apply-button",
       "order_amount_too_low": "service-number-iot-package", "no_public_bandwidth": "service-number-no-fileable-ip",
       "expired": "service-number-no-apply-button", "released": "service-number-without-server",
       "quota_exhausted": "service-number-used-up"}


def mainland(region: str) -> bool:
    # A closed list (configuration): an unknown cn-* region is not taken for the mainland.
    return region in MAINLAND_REGIONS


def oracle(r: Resource, issued: int, quota: dict[str, int]) -> list[str]:
    out = []
    if not mainland(r.region):
        out.append("non_mainland_region")
    rule = PRODUCTS.get(r.product)
    if rule is None:
        out.append("unsupported_product")
    else:
        min_term, needs_bw, min_amount = rule
        if r.billing == "pay_as_you_go":
            out.append("pay_as_you_go")
        elif r.term_months < min_term:
            out.append("term_too_short")
        if min_amount is not None and r.order_amount < min_amount:
            out.append("order_amount_too_low")
        if needs_bw and r.public_bandwidth_mbps < 0.01:  # below the configured minimum: no public IP
            out.append("no_public_bandwidth")
    if r.expires_at <= NOW:
        out.append("expired")
    if r.status == "released":
        out.append("released")
    if rule is not None and issued >= quota[r.product]:
        out.append("quota_exhausted")
    return out


label = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
regions = st.one_of(
    st.sampled_from(["cn-hangzhou", "cn-beijing", "cn-shenzhen-finance-1", "cn-hongkong", "ap-southeast-1",
                     "ap-northeast-1", "us-west-1", "us-east-1", "eu-central-1", "me-east-1"]),
    st.builds(lambda p, rest: p + "-" + rest, st.sampled_from(["cn", "ap", "us", "eu", "me"]), label),
)
products = st.one_of(st.sampled_from(sorted(PRODUCTS)),
                     st.sampled_from(["oss", "rds", "cdn", "ECS", "ecs ", "iot"]), st.text(min_size=1, max_size=10))
amounts = st.one_of(st.sampled_from([0, 89, 89.99, 90, 90.0, 90.01, 100]), st.floats(0, 1000, allow_nan=False),
                    st.integers(0, 1000))
bandwidth = st.one_of(st.sampled_from([0, 0.0, 1e-300, 0.0099, 0.01, 0.5, 1, 5]), st.floats(0, 100, allow_nan=False))
expiry = st.one_of(st.sampled_from([timedelta(0), timedelta(microseconds=1), -timedelta(microseconds=1)]),
                   st.builds(timedelta, seconds=st.integers(-5 * 86400, 5 * 86400))).map(lambda d: NOW + d)
resources_ = st.builds(
    Resource, resource_id=st.just("i-1"), owner=st.just("alice"), product=products,
    billing=st.sampled_from(["subscription", "pay_as_you_go"]), term_months=st.integers(0, 24),
    order_amount=amounts, public_bandwidth_mbps=bandwidth, region=regions, expires_at=expiry,
    status=st.sampled_from(["running", "released"]))
quotas = st.fixed_dictionaries({p: st.one_of(st.just(DEFAULT_QUOTA[p]), st.integers(0, 8)) for p in PRODUCTS})


@fixed(600)
@given(resource=resources_, issued=st.integers(0, 10), quota=quotas)
def test_eligibility_reasons_are_exactly_the_table(resource, issued, quota):
    config = load({f"ICP_QUOTA_{p.upper()}": str(q) for p, q in quota.items()})
    result = evaluate(resource, issued, NOW, config)
    reasons = list(result.reasons)

    assert reasons == oracle(resource, issued, quota)
    assert len(set(reasons)) == len(reasons)
    assert reasons == sorted(reasons, key=TABLE_ORDER.index)
    assert not {"pay_as_you_go", "term_too_short"} <= set(reasons)
    assert result.eligible == (reasons == [])
    assert result.filing_required == mainland(resource.region)

    limit = quota.get(resource.product, 0)
    assert result.quota.limit == limit
    assert result.quota.issued == issued
    assert result.quota.remaining == max(limit - issued, 0)
    if resource.product not in PRODUCTS:
        assert result.quota.limit == 0 and "quota_exhausted" not in reasons

    for lang in ("zh", "en"):
        described = describe(reasons, lang, resource.product)
        assert [d["code"] for d in described] == reasons
        for d in described:
            assert d["message"].strip() and d["remedy"].strip()
            expected_faq = ("service-number-iot-package" if (d["code"], resource.product) ==
                            ("term_too_short", "iot_package") else FAQ[d["code"]])
            assert d["faq_id"] == expected_faq
    zh, en = describe(reasons, "zh", resource.product), describe(reasons, "en", resource.product)
    for a, b in zip(zh, en):
        assert a["message"] != b["message"] and a["remedy"] != b["remedy"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in a["message"])
        assert b["message"].isascii()
    d = result.to_dict("en")
    assert d["eligible"] == result.eligible and [r["code"] for r in d["reasons"]] == reasons
