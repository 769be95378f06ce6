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

    def product(self, name: str) -> ProductRule | None:
        return self.products.get(name)


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


def load(env: Mapping[str, str] | None = None) -> Config:
    """The configuration from the environment: ``ICP_QUOTA_ECS=10``, ``ICP_MIN_TERM_MONTHS_IOT_PACKAGE=12``,
    ``ICP_IOT_MIN_ORDER_AMOUNT=90``, ``ICP_RELEASE_GRACE_DAYS``, ``ICP_ACCESS_GRACE_DAYS``,
    ``ICP_RENEWAL_REMINDER_DAYS``, ``ICP_SCAN_BUDGET_SECONDS``, ``ICP_ID_NUMBER_ALLOW_LIST`` (comma-separated),
    ``ICP_DUE_SHARDS``."""
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
    )
