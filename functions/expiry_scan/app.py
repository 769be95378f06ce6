"""Expiry scan: the scheduled function. Takes "now" from the event (EventBridge's
``time``, Function Compute's timer ``triggerTime``), runs within the invocation's
remaining time, and returns (and logs) its summary."""
import json
import logging
from datetime import datetime
from typing import Any

from icp_api import runtime
from icp_filing import expiry_scan, times

log = logging.getLogger("icp.expiry_scan")
RESERVE_S = 10.0  # stop this long before the invocation's time runs out


def scan_time(event: Any) -> datetime | None:
    """The event's own time, or None (then the clock's)."""
    if isinstance(event, (bytes, str)):  # Function Compute hands the event over as JSON text
        try:
            event = json.loads(event or "{}")
        except ValueError:
            event = {}
    if not isinstance(event, dict):
        return None
    for field in ("time", "triggerTime"):
        if isinstance(event.get(field), str):
            try:
                return times.parse(event[field])
            except ValueError:
                log.warning("scan: unreadable %s %r, using the clock", field, event[field])
    return None


def budget(context: Any) -> expiry_scan.Budget:
    configured = expiry_scan.Budget.seconds(runtime.context().config.scan_budget_seconds)
    remaining_ms = getattr(context, "get_remaining_time_in_millis", None)
    if remaining_ms is None:
        return configured
    return expiry_scan.Budget(lambda: min(remaining_ms() / 1000.0, configured.remaining_s()), RESERVE_S)


def handler(event: Any, context: Any) -> dict:
    ctx = runtime.context()
    summary = expiry_scan.run(ctx, scan_time(event) or ctx.now(), budget(context)).to_dict()
    log.info(json.dumps({"expiry_scan": summary}))
    return summary
