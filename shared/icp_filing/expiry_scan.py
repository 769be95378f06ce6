"""Expiry scan (scheduled): release expired resources, cancel filings whose access
lapsed too long, remind owners to renew (domain.md, "Expiry scan").

It reads only what is due, from the due-time indexes (due.py), so its cost follows
the number of due items, not the size of the tables. Every step is a guarded
transaction that also removes the item from its index (or records that a reminder
was sent), so a second run at the same time changes and sends nothing, an
overlapping run cannot do a step twice, and a run cut short by its budget is
resumed by the next one.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from kvstore import Put, TransactionCanceled, absent

from . import cancellation, due, filings, notifications, records, release, resources, times
from .context import Context, retrying
from .filings import APPROVED, IN_REVIEW
from .records import ACCESS, EXPIRES, REMIND

ACTOR = "system:expiry-scan"


@dataclass
class Summary:
    released: int = 0
    access_revoked: int = 0
    cancelled: int = 0
    reminded: int = 0
    purged: int = 0          # expired items deleted (Idempotency-Key records; DynamoDB's TTL does it there)
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


PURGE_BATCH = 1000


def wall_clock() -> float:
    """Seconds since the epoch, as the items' ``ttl`` counts them."""
    return time.time()


class Budget:
    """How long the scan may still run: it stops with ``reserve_s`` to spare."""

    def __init__(self, remaining_s: Callable[[], float], reserve_s: float = 0.0):
        self.remaining_s, self.reserve_s = remaining_s, reserve_s

    @classmethod
    def seconds(cls, seconds: float) -> "Budget":
        deadline = time.monotonic() + seconds
        return cls(lambda: deadline - time.monotonic())

    def exhausted(self) -> bool:
        return self.remaining_s() <= self.reserve_s


def run(ctx: Context, now: datetime, budget: Budget) -> Summary:
    """The three stages, in order; ``now`` is the scheduled event's time."""
    summary = Summary()
    config = ctx.config
    stages = [
        (EXPIRES, None, now - timedelta(days=config.release_grace_days), _release_due),
        (ACCESS, None, now - timedelta(days=config.access_grace_days), _cancel_due),
        (REMIND, now, now + timedelta(days=config.renewal_reminder_days), _remind_due),
    ]
    for index, after, until, step in stages:
        for entry in due.entries(ctx, index, after=after, until=until):
            if budget.exhausted():
                summary.complete = False
                return summary
            step(ctx, entry, now, summary)
    # Expired items go too, in batches while time remains. By the wall clock: expiry is
    # about real time, whatever time the scheduled event names.
    while not budget.exhausted():
        try:
            purged = ctx.store.purge_expired(wall_clock(), PURGE_BATCH)
        except NotImplementedError:
            break  # a backend without expiry: its records stay (bounded by nothing but disk)
        summary.purged += purged
        if purged < PURGE_BATCH:
            break
    else:
        summary.complete = False
    return summary


# 1. Release.

def _release_due(ctx: Context, entry: dict[str, Any], now: datetime, summary: Summary) -> None:
    resource = resources.load(ctx, entry["resource_id"])
    if resource is None or resource.released or times.format(resource.expires_at) != due.due_at(entry):
        ctx.store.delete(entry["pk"], entry["sk"])  # released or renewed meanwhile: a stale entry
        return
    released, revoked = release.release(ctx, entry["resource_id"], ACTOR, now,
                                        due_by=now - timedelta(days=ctx.config.release_grace_days))
    summary.released += released
    summary.access_revoked += revoked


# 2. Cancel after the access grace period.

def _cancel_due(ctx: Context, entry: dict[str, Any], now: datetime, summary: Summary) -> None:
    def attempt() -> bool:
        filing = filings.load(ctx, entry["filing_id"])
        if filing is None or not filings.may(filing, cancellation.REASONS[cancellation.ACCESS_NOT_RENEWED].action):
            ctx.store.delete(entry["pk"], entry["sk"])  # re-accessed or cancelled meanwhile
            return False
        _, ops = cancellation.cancellation_writes(ctx, filing, now, ACTOR, cancellation.ACCESS_NOT_RENEWED)
        ctx.store.transact(ops)
        return True

    summary.cancelled += retrying(attempt)


# 3. Remind.

def _remind_due(ctx: Context, entry: dict[str, Any], now: datetime, summary: Summary) -> None:
    resource_id, expires_at = entry["resource_id"], due.due_at(entry)
    if ctx.store.get(*records.reminded_key(resource_id, expires_at)) is not None:
        return
    resource = resources.load(ctx, resource_id)
    if resource is None or resource.released or times.format(resource.expires_at) != expires_at:
        return  # moved or released: its index entry is being kept up to date by that change
    in_review, approved = _active_filings(ctx, resource_id)
    if not in_review + approved:
        return
    try:
        ctx.store.transact([
            Put(records.item(records.reminded_key(resource_id, expires_at), at=times.format(now)), absent()),
            notifications.renewal_reminder(ctx, resource, expires_at, now, in_review=in_review, approved=approved),
        ])
        summary.reminded += 1
    except TransactionCanceled:
        pass  # an overlapping run sent it


def _active_filings(ctx: Context, resource_id: str) -> tuple[int, int]:
    """How many in-review and approved filings the resource backs (the reminder says so)."""
    statuses = []
    for filing_id in filings.listed(ctx, records.resource_partition(resource_id)):
        filing = filings.load(ctx, filing_id)
        if filing is not None and filing.resource_id == resource_id:
            statuses.append(filing.status)
    return statuses.count(IN_REVIEW), statuses.count(APPROVED)
