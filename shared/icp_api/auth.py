"""Who is calling: a verified HS256 JWT, or the claims an API gateway authorizer
already verified (``ICP_AUTH_MODE=gateway``)."""
from __future__ import annotations

import os
import time
from typing import Any, Mapping

from icp_filing.access import ROLES, Caller
from icp_filing.errors import DomainError

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("sub", "role", "exp")


def auth_mode() -> str:
    mode = os.environ.get("ICP_AUTH_MODE", "jwt")
    if mode not in ("jwt", "gateway"):
        raise RuntimeError(f"ICP_AUTH_MODE must be jwt or gateway, not {mode!r}")
    return mode


def secret() -> str:
    value = os.environ.get("ICP_JWT_SECRET", "")
    if not value and os.environ.get("ICP_JWT_SECRET_ARN"):  # deployed: Secrets Manager, fetched once
        from .secret_store import secret_value

        value = secret_value(os.environ["ICP_JWT_SECRET_ARN"])
    if not value:
        raise RuntimeError("ICP_JWT_SECRET (or ICP_JWT_SECRET_ARN) is not set")
    return value


def issue_token(sub: str, role: str, ttl_seconds: int = 3600, now: float | None = None) -> str:
    import jwt  # imported when used: behind a gateway authorizer, functions never need it

    issued = int(now if now is not None else time.time())
    return jwt.encode({"sub": sub, "role": role, "iat": issued, "exp": issued + ttl_seconds}, secret(),
                      algorithm=ALGORITHM)


MAX_SUB_LENGTH = 128  # account ids go into store keys


def _caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    sub, role = claims.get("sub"), claims.get("role")
    if not isinstance(sub, str) or not 0 < len(sub) <= MAX_SUB_LENGTH or not isinstance(role, str) or not role:
        raise DomainError("unauthenticated")
    if role not in ROLES:
        raise DomainError("forbidden")
    return Caller(sub, role)


# A warm function sees the same token again and again (one client session): the
# caller of a token whose signature and claims were verified is kept, keyed by the
# whole token (signature included) and the secret, with its expiry checked again on
# every use. Bounded by starting afresh when full (dict operations are atomic under
# the GIL). Only good tokens are kept: a bad one is verified, and refused, each time.
_VERIFIED_MAX = 4096
_verified: dict[tuple[str, str], tuple[Caller, float]] = {}


def _verified_caller(token: str) -> Caller:
    key = (token, secret())
    known = _verified.get(key)
    if known is not None:
        caller, expires = known
        if expires <= time.time():
            raise DomainError("unauthenticated")
        return caller
    import jwt

    try:
        claims = jwt.decode(token, key[1], algorithms=[ALGORITHM], options={"require": list(REQUIRED_CLAIMS)})
    except jwt.PyJWTError:
        raise DomainError("unauthenticated") from None
    expires = claims["exp"]
    if isinstance(expires, bool) or not isinstance(expires, (int, float)):
        raise DomainError("unauthenticated")  # PyJWT would also take "123" as a string
    caller = _caller_from_claims(claims)
    if len(_verified) >= _VERIFIED_MAX:
        _verified.clear()
    _verified[key] = (caller, expires)
    return caller


def from_bearer(header: str | None) -> Caller | None:
    """None when no credentials were presented; ``unauthenticated`` when they are bad."""
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError("unauthenticated")
    return _verified_caller(token.strip())


def from_gateway(event: Mapping[str, Any] | None) -> Caller | None:
    """Claims of an HTTP API JWT authorizer, a Lambda authorizer, or a REST API authorizer."""
    authorizer = ((event or {}).get("requestContext") or {}).get("authorizer") or {}
    claims = (authorizer.get("jwt") or {}).get("claims") or authorizer.get("lambda") or authorizer.get("claims")
    if not claims:
        claims = {k: v for k, v in authorizer.items() if k in ("sub", "role")}
    return _caller_from_claims(claims) if claims else None
