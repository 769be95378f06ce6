"""The operator's change of a resource's facts: a use case above ``resources`` and
``release``, since setting ``released`` releases the resource (its filings and numbers
too), and a release reads resources."""
from __future__ import annotations

from typing import Any, Mapping

from . import due, resources
from .context import Context, retrying
from .release import release


def upsert(ctx: Context, resource_id: str, body: Mapping[str, Any], actor: str) -> resources.Resource:
    """The operator's upsert of billing facts. The issued counter is kept; a change of
    owner moves the resource to the new account's list; a new expiry reschedules the
    expiry scan; setting ``released`` has the same effects as the scan's release."""
    new = resources.facts_from_request(resource_id, body, ctx.config)

    def attempt() -> resources.Resource:
        current = resources.load(ctx, resource_id)
        resources.check_upsert(current, new)
        if new.released and current is not None and not current.released:
            release(ctx, resource_id, actor, ctx.now(), final_facts=new)
            return new
        ops = [new.replacing(current).put()]
        ops += resources.owner_moves(current, new)
        ops += due.rescheduled(ctx, resource_id, resources.running_expiry(current),
                              resources.running_expiry(new))
        ctx.store.transact(ops)
        return new

    return retrying(attempt)
