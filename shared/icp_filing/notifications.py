"""Notifications to a resource's or filing's owner, one per change that affects them.

Stored per account, newest readable first. A notification keeps its kind and the
facts of the moment it was written, gathered here from the change and the store
(the number's new status, the blacklist, the numbers the owner has left); its words
are made from those facts, in the reader's language, by customer_notices.
"""
from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta
from typing import Any, Protocol

from kvstore import Put, absent

from . import customer_notices, records, resources, service_numbers, times
from .context import Context
from .eligibility import evaluate



class Filing(Protocol):
    """What a notice reads of a filing (filings.Filing has it; filings imports this
    module, so the type is described here rather than imported back). Read-only: a
    filing is a frozen dataclass."""

    @property
    def filing_id(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def resource_id(self) -> str: ...
    @property
    def domain(self) -> str: ...
    @property
    def website_name(self) -> str: ...
    @property
    def service_number(self) -> str: ...
    @property
    def filing_number(self) -> str | None: ...
    @property
    def subject(self) -> str: ...

KINDS = customer_notices.KINDS


def partition(account: str) -> str:
    return f"NOTIFY#{account}"


def notify(account: str, kind: str, now: datetime, *, resource_id: str | None = None, filing_id: str | None = None,
           **facts: Any) -> Put:
    """The write that notifies ``account``; it goes in the same transaction as the change."""
    if kind not in KINDS:
        raise ValueError(kind)
    notification_id = "n-" + secrets.token_hex(8)
    # Notifications of one instant (a scan's "now") keep the order they were written in.
    sk = f"{times.format_precise(now)}#{time.time_ns():020d}#{notification_id}"
    return Put({"pk": partition(account), "sk": sk,
                "notification_id": notification_id, "kind": kind, "resource_id": resource_id,
                "filing_id": filing_id, "facts": {k: v for k, v in facts.items() if v is not None},
                "created_at": times.format(now)}, absent())


def render(item: dict[str, Any], lang: str) -> dict[str, Any]:
    facts = {"resource_id": item.get("resource_id") or "", **item.get("facts", {})}
    return {"notification_id": item["notification_id"], "kind": item["kind"], "resource_id": item.get("resource_id"),
            "filing_id": item.get("filing_id"), "message": customer_notices.message(item["kind"], facts, lang),
            "created_at": item["created_at"]}


def of_account(ctx: Context, account: str, lang: str, limit: int = 100) -> list[dict[str, Any]]:
    """The account's notifications, newest first."""
    return [render(i, lang) for i in ctx.store.query(partition(account), reverse=True, limit=limit).items]


# The facts each kind of notification is told from.

# How many of the owner's other instances a notice looks at for a next number.
OTHER_INSTANCES_LOOKED_AT = 20


def supply(ctx: Context, resource_id: str, owner: str, now: datetime, *, released: bool = False) -> dict[str, Any]:
    """Where ``owner``'s next service number can come from, as seen on ``resource_id``:
    its state (ok, released, ineligible, not_yours), the owner's unused numbers of it
    and how many more it may issue; when it offers none, ``elsewhere``: another
    instance of the owner that does. ``released``: the caller is releasing it."""
    resource = resources.load(ctx, resource_id)
    if resource is None or released or resource.released:
        facts: dict[str, Any] = {"resource_id": resource_id, "state": "released"}
    elif resource.owner != owner:
        facts = {"resource_id": resource_id, "state": "not_yours"}
    else:
        facts = _numbers_of(ctx, resource, owner, now) or {"resource_id": resource_id, "state": "ineligible"}
    if facts.get("unused", 0) + facts.get("remaining", 0) == 0:
        elsewhere = _another_source(ctx, owner, resource_id, now)
        if elsewhere:
            facts["elsewhere"] = elsewhere
    return facts


def _numbers_of(ctx: Context, resource: resources.Resource, owner: str, now: datetime) -> dict[str, Any] | None:
    """The owner's unused numbers of the instance and how many more it may issue; None
    when it does not qualify (a rule other than the quota fails)."""
    verdict = evaluate(resource, resource.issued, now, ctx.config)
    if verdict.without_quota():
        return None
    unused = sum(1 for sn in service_numbers.numbers_of(ctx, resource.resource_id)
                 if sn.status == service_numbers.ISSUED and sn.owner == owner)
    return {"resource_id": resource.resource_id, "state": "ok", "unused": unused,
            "remaining": verdict.quota.remaining if verdict.quota else 0}


def _another_source(ctx: Context, owner: str, resource_id: str, now: datetime) -> dict[str, Any] | None:
    """The first other instance of the owner that has or may issue a number, if any."""
    refs = ctx.store.query(records.account_partition(owner), prefix="RES#", limit=OTHER_INSTANCES_LOOKED_AT + 1)
    for ref in refs.items:
        if ref["resource_id"] == resource_id:
            continue
        resource = resources.load(ctx, ref["resource_id"])
        if resource is None or resource.owner != owner or resource.released:
            continue
        numbers = _numbers_of(ctx, resource, owner, now)
        if numbers and numbers["unused"] + numbers["remaining"] > 0:
            return {k: numbers[k] for k in ("resource_id", "unused", "remaining")}
    return None


def blacklist_facts(ctx: Context, subject: str, website_name: str, name_key: str,
                    blacklisting_name: bool = False) -> dict[str, Any]:
    """Whether the filing's subject (ID number) and website name are blacklisted once the
    change commits (``blacklisting_name``: the change itself blacklists the name)."""
    return {"website_name": website_name,
            "subject_blacklisted": ctx.store.get(*records.blacklisted_id_key(subject)) is not None,
            "name_blacklisted": blacklisting_name or ctx.store.get(*records.blacklisted_name_key(name_key)) is not None}


def filing_approved(filing: Filing, now: datetime) -> Put:
    return notify(filing.owner, "filing_approved", now, resource_id=filing.resource_id, filing_id=filing.filing_id,
                  domain=filing.domain, filing_number=filing.filing_number, service_number=filing.service_number)


def filing_rejected(ctx: Context, filing: Filing, now: datetime, reason: str, name_key: str, *,
                    releasing: bool = False) -> Put:
    """A rejection gives the number back (``issued``), unless the rejection is part of
    its resource's release, which voids it next."""
    status = service_numbers.VOID if releasing else service_numbers.ISSUED
    return notify(filing.owner, "filing_rejected", now, resource_id=filing.resource_id, filing_id=filing.filing_id,
                  domain=filing.domain, reason=reason, service_number=filing.service_number, number_status=status,
                  supply=supply(ctx, filing.resource_id, filing.owner, now, released=releasing),
                  **blacklist_facts(ctx, filing.subject, filing.website_name, name_key))


def access_revoked(ctx: Context, filing: Filing, now: datetime, reason: str, *, releasing: bool = False) -> Put:
    days = ctx.config.access_grace_days
    return notify(filing.owner, "access_revoked", now, resource_id=filing.resource_id, filing_id=filing.filing_id,
                  domain=filing.domain, filing_number=filing.filing_number, reason=reason, days=days,
                  deadline=times.format(now + timedelta(days=days)),
                  supply=supply(ctx, filing.resource_id, filing.owner, now, released=releasing))


def access_restored(filing: Filing, old_service_number: str, now: datetime) -> Put:
    return notify(filing.owner, "access_restored", now, resource_id=filing.resource_id, filing_id=filing.filing_id,
                  domain=filing.domain, filing_number=filing.filing_number, service_number=filing.service_number,
                  old_service_number=old_service_number)


def filing_cancelled(ctx: Context, filing: Filing, now: datetime, reason: str, name_key: str, *,
                     blacklisting_name: bool = False) -> Put:
    return notify(filing.owner, "filing_cancelled", now, resource_id=filing.resource_id, filing_id=filing.filing_id,
                  domain=filing.domain, filing_number=filing.filing_number, reason=reason,
                  service_number=filing.service_number,
                  supply=supply(ctx, filing.resource_id, filing.owner, now),
                  **blacklist_facts(ctx, filing.subject, filing.website_name, name_key, blacklisting_name))


def resource_released(ctx: Context, resource: resources.Resource, now: datetime) -> Put:
    """Told after the release voided the resource's unused numbers (release.py)."""
    voided = sum(1 for sn in service_numbers.numbers_of(ctx, resource.resource_id)
                 if sn.status == service_numbers.VOID and sn.void_reason == "resource_released")
    return notify(resource.owner, "resource_released", now, resource_id=resource.resource_id,
                  expired=resource.expires_at <= now, voided=voided)


def renewal_reminder(ctx: Context, resource: resources.Resource, expires_at: str, now: datetime, *,
                     in_review: int, approved: int) -> Put:
    return notify(resource.owner, "renewal_reminder", now, resource_id=resource.resource_id, expires_at=expires_at,
                  in_review=in_review, approved=approved, release_days=ctx.config.release_grace_days)
