"""Resources (云产品实例) and their facts, as billing reports them to the operator."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Mapping

from kvstore import Delete, Put

from . import records, times
from .access import Caller
from .config import Config
from .context import Context
from .errors import DomainError, invalid, raise_all

SUBSCRIPTION = "subscription"       # 包年包月
PAY_AS_YOU_GO = "pay_as_you_go"     # 按量付费
BILLINGS = (SUBSCRIPTION, PAY_AS_YOU_GO)
RUNNING = "running"
RELEASED = "released"
STATUSES = (RUNNING, RELEASED)

# Instance ids like i-bp1g6zv0ce8oghu7k***, lh-..., 1..128 characters, no slashes or dots-only.
RESOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
ACCOUNT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}")
REGION = re.compile(r"[a-z]{2}(-[a-z0-9]+)+")
# Bounds of the numeric facts (anything beyond is a billing error, not a resource).
LIMITS = {"term_months": 1200, "order_amount": 1_000_000_000, "public_bandwidth_mbps": 1_000_000}
MIN_ORDER_AMOUNT = 0.01  # one fen: money has no smaller unit
# The smallest bandwidth a billing record may report besides 0 (a 1e-300 is a billing error,
# not a public IP); whether a resource has enough to be filed is eligibility's question
# (ICP_MIN_PUBLIC_BANDWIDTH_MBPS, at least this).
MIN_PUBLIC_BANDWIDTH_MBPS = 0.01


@dataclass(frozen=True)
class Resource(records.Versioned):
    resource_id: str
    owner: str
    product: str
    billing: str
    term_months: int
    order_amount: float
    public_bandwidth_mbps: float
    region: str
    expires_at: datetime
    status: str = RUNNING
    issued: int = 0  # service numbers ever issued on it: they count for good (kept in its item)

    @property
    def released(self) -> bool:
        return self.status == RELEASED

    def to_dict(self) -> dict[str, Any]:
        """Its facts, as billing reports them (what clients see)."""
        return {name: getattr(self, name) for name in FACTS} | {"expires_at": times.format(self.expires_at)}

    def key(self) -> tuple[str, str]:
        return records.resource_key(self.resource_id)

    def to_item(self) -> dict[str, Any]:
        """The one way a resource's item is built: its facts, the issued counter, its version."""
        return records.item(self.key(), **self.to_dict(), issued=self.issued, version=self.version)

    def replacing(self, current: Resource | None) -> Resource:
        """These facts as the next version of ``current`` (None: a new resource); the
        issued counter stays."""
        if current is None:
            return replace(self, issued=0, version=1)
        return replace(self, issued=current.issued, version=current.version + 1)

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Resource:
        fields = {k: item[k] for k in cls.__dataclass_fields__ if k in item}
        fields["expires_at"] = times.parse_stored(item["expires_at"])
        return cls(**fields)


# What an operator reports about a resource (and what it is shown as).
FACTS = ("resource_id", "owner", "product", "billing", "term_months", "order_amount", "public_bandwidth_mbps",
         "region", "expires_at", "status")


def check_resource_id(resource_id: str) -> str:
    if not RESOURCE_ID.fullmatch(resource_id):
        raise invalid("resource_id", "实例 ID 格式不正确。", "The resource id is malformed.")
    return resource_id


def facts_from_request(resource_id: str, body: Mapping[str, Any], config: Config) -> Resource:
    """The facts of an operator's upsert, checked value by value (types were checked by the HTTP layer);
    every bad value is reported at once. Regions come from a closed list (configuration); a
    bandwidth or amount is 0 or at least a sensible minimum, so that 1e-300 Mbps does not
    count as a public IP."""
    check_resource_id(resource_id)
    problems: list[DomainError] = []
    if not ACCOUNT_ID.fullmatch(body["owner"]):
        problems.append(invalid("owner", "账号 ID 格式不正确。", "The owner account id is malformed."))
    if not 1 <= len(body["product"]) <= 64:
        problems.append(invalid("product", "产品名称长度应为 1..64。", "The product name must be 1..64 characters."))
    if body["billing"] not in BILLINGS:
        problems.append(invalid("billing", "计费方式应为 subscription 或 pay_as_you_go。",
                                "billing must be subscription or pay_as_you_go."))
    for name, most in LIMITS.items():
        if not 0 <= body.get(name, 0) <= most:
            problems.append(invalid(name, f"应在 0..{most} 之间。", f"must be 0..{most}."))
    bandwidth = body.get("public_bandwidth_mbps", 0)
    if 0 < bandwidth < MIN_PUBLIC_BANDWIDTH_MBPS:
        problems.append(invalid(
            "public_bandwidth_mbps", f"应为 0（无公网 IP）或不小于 {MIN_PUBLIC_BANDWIDTH_MBPS}。",
            f"must be 0 (no public IP) or at least {MIN_PUBLIC_BANDWIDTH_MBPS}."))
    amount = body.get("order_amount", 0)
    if 0 < amount < MIN_ORDER_AMOUNT:
        problems.append(invalid("order_amount", "应为 0 或不小于 0.01 元（1 分）。",
                                "must be 0 or at least 0.01 yuan (one fen)."))
    if not REGION.fullmatch(body["region"]):
        problems.append(invalid("region", "地域格式不正确（例如 cn-hangzhou）。",
                                "The region is malformed (e.g. cn-hangzhou)."))
    elif not config.known_region(body["region"]):
        problems.append(invalid("region", "未知的地域（例如 cn-hangzhou、cn-hongkong）。",
                                "is not a known region (e.g. cn-hangzhou, cn-hongkong)."))
    try:
        # Kept to the second, as stored and indexed (a fraction of a second is dropped).
        expires_at = times.parse(body["expires_at"]).replace(microsecond=0)
    except ValueError:
        problems.append(invalid(
            "expires_at", f"应为 {times.MIN_YEAR}..{times.MAX_YEAR} 年间的 RFC 3339 时间，例如 2026-11-30T08:00:00Z。",
            f"must be an RFC 3339 time in {times.MIN_YEAR}..{times.MAX_YEAR}, such as 2026-11-30T08:00:00Z."))
    status = body.get("status", RUNNING)
    if status not in STATUSES:
        problems.append(invalid("status", "状态应为 running 或 released。", "status must be running or released."))
    raise_all(problems)
    return Resource(
        resource_id=resource_id, owner=body["owner"], product=body["product"], billing=body["billing"],
        term_months=body.get("term_months", 0), order_amount=body.get("order_amount", 0),
        public_bandwidth_mbps=body.get("public_bandwidth_mbps", 0), region=body["region"],
        expires_at=expires_at, status=status,
    )


def check_upsert(current: Resource | None, new: Resource) -> None:
    """A released resource is gone: it cannot come back to running."""
    if current is not None and current.released and not new.released:
        raise DomainError("invalid_transition", field="status")


# Services: reading and upserting resources in the store.

def load(ctx: Context, resource_id: str) -> Resource | None:
    stored = ctx.store.get(*records.resource_key(resource_id))
    return Resource.from_item(stored) if stored else None


def get_for(ctx: Context, caller: Caller, resource_id: str) -> Resource:
    """A resource the caller may read; another account's is reported as not found."""
    check_resource_id(resource_id)
    found = load(ctx, resource_id)
    if found is None or not caller.may_read(found.owner):
        raise DomainError("resource_not_found")
    return found


def owner_moves(current: Resource | None, new: Resource) -> list:
    """The writes that list the resource under its (new) owner's account, and a new
    resource in the (sharded) list of every resource: the one place of its list entries."""
    if current is not None and current.owner == new.owner:
        return []
    ops: list = [Put(records.item(records.account_resource_key(new.owner, new.resource_id),
                                  resource_id=new.resource_id))]
    if current is not None:
        ops.append(Delete(*records.account_resource_key(current.owner, current.resource_id)))
    else:
        ops.append(Put(records.item(records.all_resources_key(new.resource_id), resource_id=new.resource_id)))
    return ops


def running_expiry(resource: Resource | None) -> datetime | None:
    """When a resource falls due for the expiry scan; None once it is released."""
    return resource.expires_at if resource is not None and not resource.released else None


def of_account(ctx: Context, owner: str) -> list[Resource]:
    """The account's resources, read in batches (DynamoDB: 100 keys a call), not one by one."""
    keys = [records.resource_key(ref["resource_id"])
            for ref in ctx.store.query_all(records.account_partition(owner), prefix="RES#")]
    stored = ctx.store.get_many(keys)
    found = (Resource.from_item(stored[key]) for key in keys if key in stored)
    return [resource for resource in found if resource.owner == owner]
