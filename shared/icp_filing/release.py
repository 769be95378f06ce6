"""Release (释放) of a resource: what happens to its filings and service numbers.

The expiry scan releases resources some days after they expire; an operator may
release one at any time (an upsert with ``status: released``). Both do this.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable

from . import due, filings, notifications, records, resources, service_numbers
from .context import Context, retrying
from .filings import Filing
from .resources import RELEASED, Resource

RELEASED_REASON = "resource_released"


def release(ctx: Context, resource_id: str, actor: str, now: datetime, final_facts: Resource | None = None,
            due_by: datetime | None = None) -> tuple[bool, int]:
    """Release a resource: its in-review filings rejected; then every issued service
    number void; its approved filings' access revoked; last the resource itself
    ``released`` (with ``final_facts`` when an operator set them; unless it was renewed
    past ``due_by`` meanwhile). Each step is its own transaction and skips what is
    already done, so a release cut short is completed by the next attempt. Whether
    this call released it, and how many accesses it revoked."""
    backed = filings.listed(ctx, records.resource_partition(resource_id))
    for filing_id in backed:
        _step_filing(ctx, filing_id, resource_id, "reject",
                     lambda f: filings.rejection_writes(ctx, f, now, actor, RELEASED_REASON, releasing=True))
    for sn in service_numbers.numbers_of(ctx, resource_id):
        _void_if_issued(ctx, resource_id, sn.service_number, actor, now)
    revoked = sum(
        _step_filing(ctx, filing_id, resource_id, "revoke_access",
                     lambda f: filings.revocation_writes(ctx, f, now, actor, RELEASED_REASON, releasing=True))
        for filing_id in backed)

    def mark_released() -> bool:
        current = resources.load(ctx, resource_id)
        if current is None or current.released or (due_by is not None and current.expires_at > due_by):
            return False
        new = final_facts or current
        ops = [replace(new, status=RELEASED).replacing(current).put(),
               *resources.owner_moves(current, new),
               *due.rescheduled(ctx, resource_id, current.expires_at, None),
               notifications.resource_released(ctx, current, now)]
        ctx.store.transact(ops)
        return True

    return retrying(mark_released), revoked


def _step_filing(ctx: Context, filing_id: str, resource_id: str, action: str,
                 writes: Callable[[Filing], tuple[Filing, list]]) -> bool:
    """Apply ``writes`` to the filing if the state machine (still) allows ``action`` and
    it is (still) on this resource."""

    def attempt() -> bool:
        filing = filings.load(ctx, filing_id)
        if filing is None or not filings.may(filing, action) or filing.resource_id != resource_id:
            return False
        _, ops = writes(filing)
        ctx.store.transact(ops)
        return True

    return retrying(attempt)


def _void_if_issued(ctx: Context, resource_id: str, number: str, actor: str, now: datetime) -> None:
    def attempt() -> None:
        sn = service_numbers.load(ctx, resource_id, number)
        if sn is not None and sn.status == service_numbers.ISSUED:
            ctx.store.transact(service_numbers.changed(sn, service_numbers.VOID, now, actor,
                                                       "resource_released", RELEASED_REASON,
                                                       void_reason=RELEASED_REASON))

    retrying(attempt)
