"""Issue service number (备案服务号): one-time codes bound to one resource.

Issued only on an eligible resource, all or nothing against the remaining quota;
the quota check and every write are one store transaction, so however many
requests race, a resource never gets more numbers than its quota and every number
returned to a client is stored. Every number ever issued counts for good.
"""
from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from kvstore import Put, absent

from . import history, records, resources, times
from .access import Caller
from .context import Context, retrying
from .eligibility import Quota, evaluate
from .errors import DomainError, invalid

ISSUED, IN_REVIEW, FILED, VOID = "issued", "in_review", "filed", "void"
STATUSES = (ISSUED, IN_REVIEW, FILED, VOID)
RANDOM_BYTES = 15  # 120 bits from the OS's cryptographic source
SN_PATTERN_LENGTH = 24


@dataclass(frozen=True)
class ServiceNumber(records.Versioned):
    service_number: str
    resource_id: str
    owner: str
    status: str
    void_reason: str | None
    filing_id: str | None
    issued_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """What clients see (and the item holds, with its version)."""
        return {"service_number": self.service_number, "resource_id": self.resource_id, "owner": self.owner,
                "status": self.status, "void_reason": self.void_reason, "filing_id": self.filing_id,
                "issued_at": times.format(self.issued_at), "updated_at": times.format(self.updated_at)}

    def key(self) -> tuple[str, str]:
        return records.service_number_key(self.resource_id, self.service_number)

    def to_item(self) -> dict[str, Any]:
        """The one way a service number's item is built."""
        return records.item(self.key(), **self.to_dict(), version=self.version)

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> ServiceNumber:
        return cls(item["service_number"], item["resource_id"], item["owner"], item["status"], item.get("void_reason"),
                   item.get("filing_id"), times.parse(item["issued_at"]), times.parse(item["updated_at"]),
                   version=item["version"])


def new_number() -> str:
    """24 characters of RFC 4648 base32: URL-safe, unambiguous to type, 120 random bits."""
    return base64.b32encode(secrets.token_bytes(RANDOM_BYTES)).decode("ascii")


def looks_like_number(text: str) -> bool:
    return len(text) == SN_PATTERN_LENGTH and text.isascii() and text.isalnum() and text.upper() == text


def issue(ctx: Context, caller: Caller, resource_id: str,
          count: int | None = None) -> tuple[list[ServiceNumber], Quota]:
    """Issue ``count`` numbers (default one) on the caller's resource, or none (domain.md,
    "Service numbers")."""
    resources.check_resource_id(resource_id)
    count = 1 if count is None else count
    if not 1 <= count <= ctx.config.max_issue_count:
        raise invalid("count", f"应为 1..{ctx.config.max_issue_count}。", f"must be 1..{ctx.config.max_issue_count}.")

    def attempt() -> tuple[list[ServiceNumber], Quota]:
        resource = resources.load(ctx, resource_id)
        if resource is None:
            raise DomainError("resource_not_found")
        if not caller.owns(resource.owner):
            raise DomainError("not_eligible", reasons=["not_owner"])
        now = ctx.now()
        issued = resource.issued
        verdict = evaluate(resource, issued, now, ctx.config)
        quota = verdict.quota
        assert quota is not None  # evaluate counts it (only not_owner verdicts hide it)
        reasons = list(verdict.without_quota())
        if ctx.config.product(resource.product) is not None and count > quota.remaining:
            reasons.append("quota_exhausted")  # all or nothing (a quota configured to 0 included)
        if reasons:
            raise DomainError("quota_exhausted" if reasons == ["quota_exhausted"] else "not_eligible",
                              reasons=reasons, product=resource.product,
                              facts={**verdict.facts(), "requested": count})
        numbers = [ServiceNumber(new_number(), resource_id, resource.owner, ISSUED, None, None, now, now, version=1)
                   for _ in range(count)]
        ops = [resource.succeeded(issued=issued + count).put()]
        for sn in numbers:
            ops.append(sn.put())
            ops.append(Put(records.item(records.service_number_pointer_key(sn.service_number),
                                        resource_id=resource_id, owner=resource.owner), absent()))
            ops.append(history.record(pointer_partition(sn.service_number), 1,
                                      history.Event(now, caller.actor, "issued", None, ISSUED)))
        outcome = numbers, Quota(quota.limit, issued + count)
        ctx.commit(ops, outcome)
        return outcome

    return retrying(attempt)


def pointer_partition(service_number: str) -> str:
    return records.service_number_pointer_key(service_number)[0]


def find(ctx: Context, service_number: str) -> ServiceNumber | None:
    """The number, wherever it lives (its pointer names its resource)."""
    if not looks_like_number(service_number):
        return None
    pointer = ctx.store.get(*records.service_number_pointer_key(service_number))
    return None if pointer is None else load(ctx, pointer["resource_id"], service_number)


def load(ctx: Context, resource_id: str, service_number: str) -> ServiceNumber | None:
    item = ctx.store.get(*records.service_number_key(resource_id, service_number))
    return ServiceNumber.from_item(item) if item else None


def get_for(ctx: Context, caller: Caller, service_number: str) -> ServiceNumber:
    """One number the caller may read; another account's is reported as not found."""
    found = find(ctx, service_number)
    if found is None or not caller.may_read(found.owner):
        raise DomainError("service_number_not_found")
    return found


def numbers_of(ctx: Context, resource_id: str) -> list[ServiceNumber]:
    """Every number ever issued on the resource, oldest first."""
    items = ctx.store.query_all(records.resource_partition(resource_id), prefix="SN#")
    return sorted((ServiceNumber.from_item(i) for i in items), key=lambda sn: (sn.issued_at, sn.service_number))


def of_resource(ctx: Context, caller: Caller, resource_id: str) -> list[ServiceNumber]:
    """The resource's numbers the caller may read: staff see all; a customer only those
    issued to it, so that after the operator moves a resource to another account, the
    new owner never sees the numbers (nor the accounts and filings) of the previous one."""
    resources.get_for(ctx, caller, resource_id)  # 404 unless the caller may read the resource
    return [sn for sn in numbers_of(ctx, resource_id) if caller.may_read(sn.owner)]


def changed(sn: ServiceNumber, status: str, now: datetime, actor: str, action: str,
            reason: str | None = None, for_filing: str | None = None, **fields: Any) -> list[Put]:
    """The writes that move ``sn`` (as read) to ``status`` (guarded by its version), with
    its event, made for ``for_filing`` (by default the filing the number is bound to)."""
    new = sn.succeeded(status=status, updated_at=now, **fields)
    return [new.put(),
            history.record(pointer_partition(sn.service_number), new.version,
                           history.Event(now, actor, action, sn.status, status, reason),
                           filing_id=for_filing or sn.filing_id or new.filing_id)]
