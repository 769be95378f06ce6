"""Idempotency-Key for POSTs, modelled on Powertools' persistence record.

A request claims its key by writing an IN_PROGRESS record (guarded: the key is
free, or its previous record expired). When the view answers 2xx or 4xx the
record becomes COMPLETED with that response, which a repeat with the same body
gets back for 24 h; a repeat with another body is refused. A 5xx releases the
claim so that the client can retry, except a store failure, whose outcome is
unknown (a time-out may have committed): that claim, like a crash's, expires after
60 s. A retry after that runs again: the effect of a request whose answer was lost
to a store failure can then happen twice (the README says so).
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from icp_filing.errors import DomainError, invalid
from kvstore import ConditionFailed, Store, absent, attr_eq, attr_lt

KEY_PATTERN = re.compile(r"[\x20-\x7e]{1,128}")
IN_PROGRESS_SECONDS = 60
COMPLETED_SECONDS = 24 * 3600
IN_PROGRESS, COMPLETED = "IN_PROGRESS", "COMPLETED"


def clock() -> float:
    """Wall-clock seconds; expiry is about real time, not the domain's "now"."""
    return time.time()


@dataclass(frozen=True)
class Claim:
    pk: str
    token: str
    body_hash: str


@dataclass(frozen=True)
class Replay:
    status: int
    body: Any


def check_key(key: str) -> str:
    if not KEY_PATTERN.fullmatch(key):
        raise invalid("Idempotency-Key", "应为 1..128 个可打印 ASCII 字符。",
                      "must be 1..128 printable ASCII characters.")
    return key


def body_hash(raw: bytes) -> str:
    """The same JSON with other spacing or key order is the same body."""
    try:
        canonical = json.dumps(json.loads(raw or b"{}"), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError, RecursionError):
        canonical = raw
    return hashlib.sha256(canonical).hexdigest()


class Idempotency:
    def __init__(self, store: Store):
        self.store = store

    def begin(self, caller: str, operation: str, key: str, raw_body: bytes) -> Claim | Replay:
        """``operation``: what the key is scoped to besides the caller (method, path)."""
        scope = "\n".join((caller, operation, key))
        claim = Claim("IDEMPOTENCY#" + hashlib.sha256(scope.encode()).hexdigest(), secrets.token_hex(8),
                      body_hash(raw_body))
        for _ in range(3):
            now = clock()
            try:
                self.store.put(self._record(claim, IN_PROGRESS, now + IN_PROGRESS_SECONDS),
                               absent() | attr_lt("expires", now))
                return claim
            except ConditionFailed:
                existing = self.store.get(claim.pk, "RECORD")
            if existing is None:
                continue  # released between our put and get: try to claim again
            if existing["body_hash"] != claim.body_hash:
                raise DomainError("idempotency_key_reused")
            if existing["status"] == IN_PROGRESS:
                raise DomainError("request_in_progress")
            return Replay(existing["response_status"], existing["response_body"])
        raise DomainError("request_in_progress")

    def complete(self, claim: Claim, status: int, body: Any) -> None:
        record = self._record(claim, COMPLETED, clock() + COMPLETED_SECONDS)
        record.update(response_status=status, response_body=body)
        try:
            self.store.put(record, attr_eq("token", claim.token))
        except ConditionFailed:
            pass  # our mark expired and another request took the key over: it answers for it

    def release(self, claim: Claim) -> None:
        try:
            self.store.delete(claim.pk, "RECORD", attr_eq("token", claim.token))
        except ConditionFailed:
            pass

    @staticmethod
    def _record(claim: Claim, status: str, expires: float) -> dict[str, Any]:
        return {"pk": claim.pk, "sk": "RECORD", "status": status, "token": claim.token,
                "body_hash": claim.body_hash, "expires": expires,
                "ttl": int(clock()) + COMPLETED_SECONDS + 3600}
