"""Who is calling: a verified HS256 JWT, or the claims an API gateway authorizer
already verified (``ICP_AUTH_MODE=gateway``)."""
from __future__ import annotations

import os
import time
from typing import Any, Mapping

from icp_filing.access import ROLES, Caller
from icp_filing.errors import DomainError
from icp_filing.reasons import Text

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("sub", "role", "exp")
# Clocks of the token's issuer and of this function differ by a little: iat, nbf and
# exp are accepted this many seconds either side.
LEEWAY_SECONDS = 5
REALM = "icp"

# Why a token was refused (RFC 6750's error_description, and the error's message).
# ASCII only in English: the description travels in a header.
WHY: dict[str, Text] = {
    "missing": Text("请求未携带身份凭证：请发送 Authorization: Bearer <令牌>。",
                    "No token: send Authorization: Bearer <token>."),
    "not_bearer": Text("Authorization 头不是 Bearer 令牌：请使用 Authorization: Bearer <令牌>。",
                       "The Authorization header is not a Bearer token: use Authorization: Bearer <token>."),
    "malformed": Text("令牌格式不正确（应为三段 base64url 的 JWT）。",
                      "The token is malformed (not a JWT of three base64url parts)."),
    "bad_signature": Text("令牌签名或算法无效（应为 HS256，使用本服务的密钥签名）。",
                          "The token's signature or algorithm is not accepted (HS256 with this service's secret)."),
    "expired": Text("令牌已过期：请获取新令牌。", "The token has expired: get a new one."),
    "not_yet_valid": Text("令牌尚未生效（iat 或 nbf 在将来）。",
                          "The token is not valid yet (iat or nbf is in the future)."),
}


class Unauthenticated(DomainError):
    """401 ``unauthenticated`` with the reason RFC 6750 asks a server to give."""

    def __init__(self, why: str, claim: str | None = None):
        if claim is not None:
            text = Text(f"令牌缺少或带有无效的声明 {claim}。", f"The token's claim '{claim}' is missing or invalid.")
        else:
            text = WHY[why]
        super().__init__("unauthenticated", detail=text)
        self.why = why
        self.claim = claim
        self.reason = text

    def challenge(self) -> str:
        if self.why == "missing":   # RFC 6750 3.1: no error code when no credentials were sent
            return f'Bearer realm="{REALM}"'
        description = self.reason.in_("en").replace("\\", "").replace('"', "'")
        return f'Bearer realm="{REALM}", error="invalid_token", error_description="{description}"'


def challenge_headers(err: DomainError) -> dict[str, str] | None:
    """The WWW-Authenticate header a 401 carries (RFC 9110: every 401 has one)."""
    if isinstance(err, Unauthenticated):
        return {"WWW-Authenticate": err.challenge()}
    if err.code == "unauthenticated":
        return {"WWW-Authenticate": f'Bearer realm="{REALM}", error="invalid_token"'}
    return None


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
    if not isinstance(sub, str) or not 0 < len(sub) <= MAX_SUB_LENGTH:
        raise Unauthenticated("missing_claim", claim="sub")
    if not isinstance(role, str) or not role:
        raise Unauthenticated("missing_claim", claim="role")
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
        if expires + LEEWAY_SECONDS <= time.time():
            raise Unauthenticated("expired")
        return caller
    import jwt

    try:
        claims = jwt.decode(token, key[1], algorithms=[ALGORITHM], options={"require": list(REQUIRED_CLAIMS)},
                            leeway=LEEWAY_SECONDS)
    except jwt.MissingRequiredClaimError as exc:
        raise Unauthenticated("missing_claim", claim=exc.claim) from None
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("expired") from None
    except jwt.ImmatureSignatureError:
        raise Unauthenticated("not_yet_valid") from None
    except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
        raise Unauthenticated("bad_signature") from None
    except jwt.DecodeError as exc:
        # PyJWT reports an algorithm it does not accept ("none", RS256) as a DecodeError
        # subclass or through its header check: say "algorithm" when that is the cause.
        raise Unauthenticated("bad_signature" if "algorithm" in str(exc).lower() else "malformed") from None
    except jwt.PyJWTError as exc:
        claim = next((c for c in ("iat", "nbf", "exp") if c in str(exc)), None)
        raise Unauthenticated("missing_claim", claim=claim) if claim else Unauthenticated("malformed") from None
    expires = claims["exp"]
    if isinstance(expires, bool) or not isinstance(expires, (int, float)):
        raise Unauthenticated("missing_claim", claim="exp")  # PyJWT would also take "123" as a string
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
    if scheme.lower() != "bearer":
        raise Unauthenticated("not_bearer")
    if not token.strip():
        raise Unauthenticated("malformed")
    return _verified_caller(token.strip())


def from_gateway(event: Mapping[str, Any] | None) -> Caller | None:
    """Claims of an HTTP API JWT authorizer, a Lambda authorizer, or a REST API authorizer."""
    authorizer = ((event or {}).get("requestContext") or {}).get("authorizer") or {}
    claims = (authorizer.get("jwt") or {}).get("claims") or authorizer.get("lambda") or authorizer.get("claims")
    if not claims:
        claims = {k: v for k, v in authorizer.items() if k in ("sub", "role")}
    return _caller_from_claims(claims) if claims else None
