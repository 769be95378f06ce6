"""The expiry scan's due-time indexes, kept up to date by every change that moves a
due time (records.py describes the items):

- EXPIRES: every running resource by ``expires_at`` (release is due some days later);
- REMIND: resources that have backed an active filing, by ``expires_at`` (reminders);
- ACCESS: filings whose access was revoked, by ``access_revoked_at`` (cancellation).

A due time is the canonical time text, so "what is due by T" is a sort-key range.
"""
from __future__ import annotations

import heapq
from datetime import datetime
from typing import Any, Iterator

from kvstore import Delete, Put

from . import records, times
from .context import Context
from .records import ACCESS, EXPIRES, REMIND

# Sorts after every character of an id: "due at T or earlier" ends at f"{T}#{AFTER_ANY_ID}".
AFTER_ANY_ID = "~"


def entry_key(index: str, at: datetime, ref: str, shards: int = records.DUE_SHARDS) -> tuple[str, str]:
    return records.due_key(index, times.format(at), ref, shards)


def expiry_entry(resource_id: str, expires_at: datetime, shards: int = records.DUE_SHARDS) -> Put:
    return Put(records.item(entry_key(EXPIRES, expires_at, resource_id, shards), resource_id=resource_id))


def access_entry(filing_id: str, revoked_at: datetime, shards: int = records.DUE_SHARDS) -> Put:
    return Put(records.item(entry_key(ACCESS, revoked_at, filing_id, shards), filing_id=filing_id))


def access_entry_removal(filing_id: str, revoked_at: datetime | None,
                         shards: int = records.DUE_SHARDS) -> list[Delete]:
    return [Delete(*entry_key(ACCESS, revoked_at, filing_id, shards))] if revoked_at else []


def reminder_writes(ctx: Context, resource_id: str, expires_at: datetime) -> list:
    """Make sure the resource is in the reminder index at ``expires_at`` (it backs a filing)."""
    marker = ctx.store.get(*records.remind_marker_key(resource_id))
    due_at = times.format(expires_at)
    if marker is not None and marker["due_at"] == due_at:
        return []
    ops: list = [records.put_version(records.item(records.remind_marker_key(resource_id), due_at=due_at,
                                                  version=records.next_version(marker))),
                 Put(records.item(records.due_key(REMIND, due_at, resource_id, ctx.config.due_shards),
                                  resource_id=resource_id))]
    if marker is not None:
        ops.append(Delete(*records.due_key(REMIND, marker["due_at"], resource_id, ctx.config.due_shards)))
    return ops


def reminder_removal(ctx: Context, resource_id: str) -> list:
    marker = ctx.store.get(*records.remind_marker_key(resource_id))
    if marker is None:
        return []
    return [Delete(*records.remind_marker_key(resource_id), records.at_version(marker["version"])),
            Delete(*records.due_key(REMIND, marker["due_at"], resource_id, ctx.config.due_shards))]


def rescheduled(ctx: Context, resource_id: str, old: datetime | None, new: datetime | None) -> list:
    """The index writes when a resource's expiry moves from ``old`` to ``new`` (None: not
    running, so not due at all)."""
    if (old and times.format(old)) == (new and times.format(new)):
        return []  # the same due time as the index keys it (to the second)
    ops: list = []
    if old is not None:
        ops.append(Delete(*entry_key(EXPIRES, old, resource_id, ctx.config.due_shards)))
    if new is not None:
        ops.append(expiry_entry(resource_id, new, ctx.config.due_shards))
        marker = ctx.store.get(*records.remind_marker_key(resource_id))
        if marker is not None:
            ops += reminder_writes(ctx, resource_id, new)
    else:
        ops += reminder_removal(ctx, resource_id)
    return ops


def entries(ctx: Context, index: str, *, after: datetime | None = None, until: datetime) -> Iterator[dict[str, Any]]:
    """The index's entries due in (after, until], oldest first, across its partitions."""
    start = f"{times.format(after)}#{AFTER_ANY_ID}" if after is not None else None
    end = f"{times.format(until)}#{AFTER_ANY_ID}"
    shards = [ctx.store.query_all(records.due_partition(index, n), start=start, end=end, page_size=200)
              for n in range(ctx.config.due_shards)]
    return heapq.merge(*shards, key=lambda item: item["sk"])


def due_at(entry: dict[str, Any]) -> str:
    return entry["sk"].split("#", 1)[0]
