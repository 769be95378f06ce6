"""The HTTP API's Lambda authorizer (payload 2.0, simple responses).

It verifies the bearer token once with the service's own JWT code and hands the
caller on in its context; the gateway caches the answer per Authorization header
(the identity source) for the template's AuthorizerCacheSeconds, so the answer
depends on that header and nothing else of the request.

A token that does not verify is still let through, with the refusal in the context
instead of a caller: the function then answers the contract's 401 (or 403 for an
unknown role) with its error envelope, its reason and request id, where the gateway
could only say a bare 403 "Forbidden". A request without an Authorization header
never gets here: the gateway answers 401 itself. The functions accept nothing but
this context (``ICP_AUTH_MODE=gateway``), so the refusal is final either way.
"""
from __future__ import annotations

import base64
import json
from typing import Any, Mapping

from icp_api import auth
from icp_filing.errors import DomainError


def _authorization(event: Mapping[str, Any]) -> str | None:
    """The Authorization header: the identity source (payload 2.0 lower-cases header
    names; ``identitySource`` holds the same value)."""
    headers = event.get("headers") or {}
    value = headers.get("authorization")
    if value is None:
        sources = event.get("identitySource") or []
        value = sources[0] if sources else None
    return value


def _expiry(authorization: str) -> int | float:
    """The ``exp`` of a token that verified (so its payload is known to be sound): the
    function refuses the caller past it even while the gateway's cached answer lives."""
    payload = authorization.strip().partition(" ")[2].strip().split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["exp"]


def decide(authorization: str | None) -> dict[str, Any]:
    """The authorizer's answer for one Authorization header."""
    try:
        caller = auth.from_bearer(authorization)
    except auth.Unauthenticated as err:
        # The reason travels too, so the function's 401 says why (RFC 6750), as in jwt mode.
        context = {"error": err.code, "why": err.why}
        if err.claim is not None:
            context["claim"] = err.claim
        return {"isAuthorized": True, "context": context}
    except DomainError as err:
        return {"isAuthorized": True, "context": {"error": err.code}}
    if caller is None:
        return {"isAuthorized": True, "context": {"error": "unauthenticated", "why": "missing"}}
    return {"isAuthorized": True,
            "context": {"sub": caller.account, "role": caller.role, "exp": _expiry(authorization)}}


def handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    return decide(_authorization(event))
