"""Check eligibility: may this resource get service numbers, and if not, why.

Pure rules over a resource's current facts (domain.md, "Eligibility"). Every
failing rule is reported, in the table's order; reading the facts from the store
is the caller's business.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from . import resources
from .access import Caller
from .config import Config, ProductRule
from .context import Context
from .errors import DomainError
from .customer_notices import reasons_told
from .resources import PAY_AS_YOU_GO, SUBSCRIPTION, Resource, check_resource_id


@dataclass(frozen=True)
class Quota:
    limit: int
    issued: int

    @property
    def remaining(self) -> int:
        return max(self.limit - self.issued, 0)

    def to_dict(self) -> dict[str, int]:
        return {"limit": self.limit, "issued": self.issued, "remaining": self.remaining}


@dataclass(frozen=True)
class Eligibility:
    resource_id: str
    reasons: tuple[str, ...]
    quota: Quota | None = None          # None when the caller may not see it (not_owner)
    filing_required: bool = True
    product: str | None = None          # picks product-specific FAQ entries
    minimums: tuple[tuple[str, Any], ...] = ()  # the product's configured minimums, quoted by the texts

    @property
    def eligible(self) -> bool:
        return not self.reasons

    def without_quota(self) -> tuple[str, ...]:
        """The reasons that still count when the quota does not (submitting, approving)."""
        return tuple(r for r in self.reasons if r != "quota_exhausted")

    def facts(self) -> dict[str, Any]:
        """What the words of its reasons depend on (customer_notices.reasons_told)."""
        facts: dict[str, Any] = dict(self.minimums)
        if self.quota is not None:
            facts["quota"] = self.quota.to_dict()
        return facts

    def to_dict(self, lang: str) -> dict[str, Any]:
        data: dict[str, Any] = {"resource_id": self.resource_id, "eligible": self.eligible}
        if self.quota is not None:
            data["filing_required"] = self.filing_required
            data["quota"] = self.quota.to_dict()
        data["reasons"] = reasons_told(self.reasons, lang, self.product, self.facts())
        return data


def not_owner(resource_id: str) -> Eligibility:
    """Short-circuit: nothing else about another account's resource is revealed."""
    return Eligibility(resource_id, ("not_owner",))


def evaluate(resource: Resource, issued: int, now: datetime, config: Config) -> Eligibility:
    """Every failing rule of ``resource`` with ``issued`` service numbers already issued."""
    rule = config.product(resource.product)
    reasons: list[str] = []
    mainland = config.is_mainland(resource.region)  # an unknown region is not the mainland
    if not mainland:
        reasons.append("non_mainland_region")
    if rule is None:
        reasons.append("unsupported_product")
    else:
        if resource.billing == PAY_AS_YOU_GO:
            reasons.append("pay_as_you_go")
        elif resource.billing == SUBSCRIPTION and resource.term_months < rule.min_term_months:
            reasons.append("term_too_short")
        if rule.min_order_amount is not None and resource.order_amount < rule.min_order_amount:
            reasons.append("order_amount_too_low")
        # Below the minimum is no public IP (a stored 1e-300 is a rounding error, not bandwidth).
        if rule.needs_public_bandwidth and resource.public_bandwidth_mbps < config.min_public_bandwidth_mbps:
            reasons.append("no_public_bandwidth")
    if resource.expires_at <= now:
        reasons.append("expired")
    if resource.released:
        reasons.append("released")
    quota = Quota(limit=rule.quota if rule else 0, issued=issued)
    if rule is not None and quota.remaining <= 0:
        reasons.append("quota_exhausted")
    return Eligibility(resource.resource_id, tuple(reasons), quota, filing_required=mainland,
                       product=resource.product, minimums=minimums(rule))


def minimums(rule: ProductRule | None) -> tuple[tuple[str, Any], ...]:
    """The configured minimums a product's reasons quote (3 months, 90 yuan by default)."""
    if rule is None:
        return ()
    found: tuple[tuple[str, Any], ...] = (("min_term_months", rule.min_term_months),)
    if rule.min_order_amount is not None:
        found += (("min_order_amount", rule.min_order_amount),)
    return found


@dataclass(frozen=True)
class AccountEligibility:
    resources: Sequence[Eligibility]

    @property
    def eligible(self) -> bool:
        return any(e.eligible for e in self.resources)

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "reasons": [] if self.eligible else reasons_told(["no_fileable_resource"], lang,
                                                             facts={"instances": len(self.resources)}),
            "resources": [e.to_dict(lang) for e in self.resources],
        }


# Services: checking eligibility against the store.

def check(ctx: Context, caller: Caller, resource_id: str) -> Eligibility:
    """One resource's eligibility as the caller may see it (owners and staff see all;
    another customer sees only ``not_owner``)."""
    check_resource_id(resource_id)
    resource = resources.load(ctx, resource_id)
    if resource is None:
        raise DomainError("resource_not_found")
    if not caller.may_read(resource.owner):
        return not_owner(resource_id)
    return evaluate(resource, resource.issued, ctx.now(), ctx.config)


def check_account(ctx: Context, caller: Caller) -> AccountEligibility:
    now = ctx.now()
    return AccountEligibility([
        evaluate(resource, resource.issued, now, ctx.config)
        for resource in resources.of_account(ctx, caller.account)
    ])
