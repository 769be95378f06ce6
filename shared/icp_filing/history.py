"""History: every state change of a filing or a service number, as an event.

Events live in the partition of what changed, ordered by that item's version
(every change bumps it under an optimistic lock), so they read back in the order
they happened and two changes can never claim one place.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kvstore import Put, absent

from . import times
from .access import STAFF
from .context import Context

EVENT_PREFIX = "EVENT#"


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"at": times.format(self.at), "actor": self.actor, "action": self.action,
                "from_status": self.from_status, "to_status": self.to_status, "reason": self.reason}


def record(partition: str, version: int, event: Event, filing_id: str | None = None) -> Put:
    """The write that records ``event`` as change number ``version`` of ``partition``'s item
    (``filing_id``: the filing a service number's change was made for). ``recorded``
    orders events of one instant (a scan's "now" is shared by many)."""
    return Put({"pk": partition, "sk": f"{EVENT_PREFIX}{version:08d}", **event.to_dict(),
                "at_precise": times.format_precise(event.at), "recorded": time.time_ns(),
                "filing_id": filing_id}, absent())


def read(ctx: Context, partition: str) -> list[dict[str, Any]]:
    return list(ctx.store.query_all(partition, prefix=EVENT_PREFIX))


def merged(ctx: Context, partitions: list[str]) -> list[dict[str, Any]]:
    """The events of several items, oldest first."""
    events = [e for p in partitions for e in read(ctx, p)]
    return sorted(events, key=lambda e: (e["at_precise"], e.get("recorded", 0)))


def public(item: dict[str, Any], hide_staff: bool = False) -> dict[str, Any]:
    """An event as the API shows it; ``hide_staff`` names operators and regulators by role."""
    event = {k: item.get(k) for k in ("at", "actor", "action", "from_status", "to_status", "reason")}
    role = (event["actor"] or "").split(":", 1)[0]
    if hide_staff and role in STAFF:
        event["actor"] = role
    return event
