"""The list indexes of filings: the one place that says which items list a filing.

Every change of a filing (submission, and each transition of its status) puts the
writes returned here in its own transaction, so the lists of GET /v1/filings read
index items that are always in step with the filings (records.py lays them out):

- the owner's list, every filing of one account, carrying its status (so that an
  owner's list filtered by status reads one partition);
- the list of every filing, sharded (written once, at submission);
- a list per status, sharded, from which a filing moves when its status changes (the
  bureau's review queue is the ``in_review`` list, oldest first).

Resources have one list entry per account and one in the sharded list of every
resource; ``resources.owner_moves`` is their one place.
"""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from kvstore import Delete, Operation, Put

from . import records, times


class Listed(Protocol):
    """What the indexes need of a filing (read-only: a filing is a frozen dataclass)."""

    @property
    def filing_id(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


def filing_sort_key(filing: Listed) -> str:
    return records.filing_list_sk(times.format_precise(filing.created_at), filing.filing_id)


def filing_entries(before: Listed | None, after: Listed) -> list[Operation]:
    """The writes that list ``after`` where it belongs, from where ``before`` (the same
    filing as read, or None for a new one) was listed. Nothing when the status stays."""
    if before is not None and before.status == after.status:
        return []
    sk = filing_sort_key(after)
    shard = records.shard_of(after.filing_id)
    ref = {"filing_id": after.filing_id}
    ops: list[Operation] = [
        Put(records.item((records.owner_filings_partition(after.owner), sk), **ref, status=after.status)),
        Put(records.item((records.status_filings_partition(after.status, shard), sk), **ref)),
    ]
    if before is None:
        ops.append(Put(records.item((records.all_filings_partition(shard), sk), **ref)))
    else:
        ops.append(Delete(records.status_filings_partition(before.status, shard), sk))
    return ops
