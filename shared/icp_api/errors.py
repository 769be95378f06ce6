"""The error envelope and the HTTP status of every code."""
from __future__ import annotations

import json
import uuid
from typing import Any

from icp_filing.reasons import ERRORS

STATUS: dict[str, int] = {
    "invalid_json": 400, "invalid_request": 400, "invalid_domain": 400, "invalid_id_number": 400,
    "invalid_province": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404, "resource_not_found": 404, "service_number_not_found": 404, "filing_not_found": 404,
    "subject_not_found": 404, "grant_not_found": 404,
    "method_not_allowed": 405,
    "not_eligible": 409, "quota_exhausted": 409, "service_number_used": 409, "resource_not_eligible": 409,
    "domain_already_filed": 409, "subject_blacklisted": 409, "website_name_blacklisted": 409,
    "subject_bound": 409,
    "filing_cancelled": 409, "invalid_transition": 409, "request_in_progress": 409,
    "payload_too_large": 413,
    "idempotency_key_reused": 422,
    "rate_limited": 429,
    "internal": 500,
    "unavailable": 503,
}
assert set(STATUS) == set(ERRORS), "every error code needs a status"


def envelope(code: str, message: str, request_id: str, *, reasons: list | None = None,
             field: str | None = None, fields: list | None = None,
             quota: dict[str, int] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "request_id": request_id}
    if field is not None:
        error["field"] = field
    if fields is not None:
        error["fields"] = fields
    if reasons is not None:
        error["reasons"] = reasons
    if quota is not None:
        error["quota"] = quota
    return {"error": error}


def error_body(code: str, lang: str, request_id: str) -> str:
    """The envelope of an error with no more to say than its code's message, as JSON text."""
    return json.dumps(envelope(code, ERRORS[code].in_(lang), request_id), ensure_ascii=False, separators=(",", ":"))


def event_error(code: str, request_id: str | None = None) -> dict[str, Any]:
    """A gateway (Lambda proxy, FC 3.0) answer with the error envelope, in the default
    language: for an event that cannot be read or routed, before any request state."""
    request_id = request_id or uuid.uuid4().hex
    return {"statusCode": STATUS[code], "headers": {"Content-Type": "application/json", "X-Request-Id": request_id},
            "body": error_body(code, "zh", request_id), "isBase64Encoded": False}
