"""Quotas and thresholds: configuration with domain.md's defaults.

Every number a rule depends on lives here, overridable by environment variables
(``ICP_<NAME>``), so an operator can change a quota without a code change.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Mapping


@dataclass(frozen=True)
class ProductRule:
    """What a product needs, on top of the rules every product shares."""

    quota: int                        # service numbers per instance
    min_term_months: int              # subscriptions only
    needs_public_bandwidth: bool = False
    min_order_amount: float | None = None  # yuan, one order


DEFAULT_PRODUCTS: Mapping[str, ProductRule] = {
    "ecs": ProductRule(quota=5, min_term_months=3, needs_public_bandwidth=True),
    "lightweight": ProductRule(quota=5, min_term_months=3),
    "virtual_host": ProductRule(quota=1, min_term_months=3),
    "iot_package": ProductRule(quota=1, min_term_months=6, min_order_amount=90),
}


# Alibaba Cloud's regions. Mainland China: the cn-* regions except cn-hongkong.
MAINLAND_REGIONS = frozenset({
    "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu", "cn-hangzhou", "cn-shanghai",
    "cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou", "cn-chengdu", "cn-wuhan-lr",
    "cn-hangzhou-finance", "cn-shanghai-finance-1", "cn-shenzhen-finance-1", "cn-beijing-finance-1",
})
NON_MAINLAND_REGIONS = frozenset({
    "cn-hongkong", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-5", "ap-southeast-6",
    "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-south-1", "us-east-1", "us-west-1", "eu-central-1",
    "eu-west-1", "me-east-1", "me-central-1", "na-south-1",
})


@dataclass(frozen=True)
class Config:
    products: Mapping[str, ProductRule] = field(default_factory=lambda: dict(DEFAULT_PRODUCTS))
    release_grace_days: int = 15          # expired -> released
    access_grace_days: int = 30           # access_revoked -> cancelled (access_not_renewed)
    renewal_reminder_days: int = 7        # remind this long before expiry
    scan_budget_seconds: int = 240        # a scan stops by then (and within its invocation's time)
    max_issue_count: int = 20             # service numbers per request
    id_number_allow_list: frozenset[str] = frozenset()  # legal early codes failing the checksum
    # Partitions of each due-time index. Every change of an expiry writes one entry to
    # one of them; DynamoDB takes 1,000 writes/s per partition and a transaction costs two
    # units per item, so 8 shards carry ~2,000 expiry changes/s (bulk billing syncs).
    # Only ever raise it: entries written under a smaller count stay readable (the scan
    # reads every shard below the count) and are cleaned up as stale when found.
    due_shards: int = 8
    # Free text (characters): what the bureau's forms take, with room to spare.
    max_website_name: int = 64
    max_subject_name: int = 100
    max_reject_reason: int = 500
    # Regions are a closed list: an unknown one is a billing error, not a guess.
    mainland_regions: frozenset[str] = MAINLAND_REGIONS
    non_mainland_regions: frozenset[str] = NON_MAINLAND_REGIONS
    # Bandwidth below this (but above 0) is not a public IP, it is a rounding error.
    min_public_bandwidth_mbps: float = 0.01

    def product(self, name: str) -> ProductRule | None:
        return self.products.get(name)

    def is_mainland(self, region: str) -> bool:
        return region in self.mainland_regions

    def known_region(self, region: str) -> bool:
        return region in self.mainland_regions or region in self.non_mainland_regions


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"{name} must not be negative")
    return value


def _names(env: Mapping[str, str], name: str, default: frozenset[str]) -> frozenset[str]:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    return frozenset(x.strip() for x in raw.split(",") if x.strip())


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be positive")
    return value


def load(env: Mapping[str, str] | None = None) -> Config:
    """The configuration from the environment: ``ICP_QUOTA_ECS=10``, ``ICP_MIN_TERM_MONTHS_IOT_PACKAGE=12``,
    ``ICP_IOT_MIN_ORDER_AMOUNT=90``, ``ICP_RELEASE_GRACE_DAYS``, ``ICP_ACCESS_GRACE_DAYS``,
    ``ICP_RENEWAL_REMINDER_DAYS``, ``ICP_SCAN_BUDGET_SECONDS``, ``ICP_ID_NUMBER_ALLOW_LIST`` (comma-separated),
    ``ICP_MAX_WEBSITE_NAME``, ``ICP_MAX_SUBJECT_NAME``, ``ICP_MAX_REJECT_REASON`` (characters),
    ``ICP_MAINLAND_REGIONS``, ``ICP_NON_MAINLAND_REGIONS`` (comma-separated, replacing the defaults),
    ``ICP_MIN_PUBLIC_BANDWIDTH_MBPS``, ``ICP_DUE_SHARDS``."""
    env = os.environ if env is None else env
    products = {}
    for name, rule in DEFAULT_PRODUCTS.items():
        key = name.upper()
        rule = replace(rule, quota=_int(env, f"ICP_QUOTA_{key}", rule.quota),
                       min_term_months=_int(env, f"ICP_MIN_TERM_MONTHS_{key}", rule.min_term_months))
        if rule.min_order_amount is not None:
            rule = replace(rule, min_order_amount=_int(env, "ICP_IOT_MIN_ORDER_AMOUNT", int(rule.min_order_amount)))
        products[name] = rule
    allow = frozenset(x.strip().upper() for x in env.get("ICP_ID_NUMBER_ALLOW_LIST", "").split(",") if x.strip())
    return Config(
        products=products,
        release_grace_days=_int(env, "ICP_RELEASE_GRACE_DAYS", 15),
        access_grace_days=_int(env, "ICP_ACCESS_GRACE_DAYS", 30),
        renewal_reminder_days=_int(env, "ICP_RENEWAL_REMINDER_DAYS", 7),
        scan_budget_seconds=_int(env, "ICP_SCAN_BUDGET_SECONDS", 240),
        id_number_allow_list=allow,
        due_shards=max(1, _int(env, "ICP_DUE_SHARDS", 8)),
        max_website_name=_int(env, "ICP_MAX_WEBSITE_NAME", 64) or 64,
        max_subject_name=_int(env, "ICP_MAX_SUBJECT_NAME", 100) or 100,
        max_reject_reason=_int(env, "ICP_MAX_REJECT_REASON", 500) or 500,
        mainland_regions=_names(env, "ICP_MAINLAND_REGIONS", MAINLAND_REGIONS),
        non_mainland_regions=_names(env, "ICP_NON_MAINLAND_REGIONS", NON_MAINLAND_REGIONS),
        min_public_bandwidth_mbps=_float(env, "ICP_MIN_PUBLIC_BANDWIDTH_MBPS", 0.01),
    )
