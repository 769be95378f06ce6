"""The request log: one JSON line per request, whoever answers it (a function, or the
local gateway for an unknown path, a wrong method, /openapi.json or /docs).

Written straight to stderr (the platform's log service ships it): the logging
module's records and a general JSON encoder cost more than a warm request's own
work. Never a token, a body or an ID number.
"""
from __future__ import annotations

import logging
import sys
import time
import uuid
from json.encoder import encode_basestring_ascii
from typing import Any

log = logging.getLogger("icp.request")


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring_ascii(value)


def request_id_of(event: Any) -> str:
    """The request id the gateway gave the request (API Gateway's or FC's), else a new one."""
    given = (event.get("requestContext") or {}).get("requestId") if isinstance(event, dict) else None
    return given if isinstance(given, str) and given else uuid.uuid4().hex


def timestamp(now: float) -> str:
    """RFC 3339 UTC with milliseconds."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"


def write(*, request_id: str, function: str, method: str | None, route: str | None, status: int,
          error: str | None, started: float, role: str | None) -> None:
    """``started`` is a ``time.perf_counter()`` reading taken when the request arrived."""
    if not log.isEnabledFor(logging.INFO):
        return
    sys.stderr.write(
        f'{{"ts":"{timestamp(time.time())}","request_id":{_text(request_id)},"function":{_text(function)},'
        f'"method":{_text(method)},"route":{_text(route)},"status":{status},"error":{_text(error)},'
        f'"latency_ms":{(time.perf_counter() - started) * 1000:.3f},"role":{_text(role)}}}\n')
