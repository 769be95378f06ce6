"""Idempotency-Key: a keyed request takes effect at most once, and its first final answer
is given again to every repeat within 24 h.

A request claims its key by writing an IN_PROGRESS record with a random token
(guarded: the key is free, or its previous mark expired). Its effect is committed
*together with* the COMPLETED record (status and response) in one store transaction,
conditioned on the record still being this claim's IN_PROGRESS mark
(``Completion.commit``, through ``Context.commit``). So:

- an effect that committed also completed the key: a repeat finds COMPLETED and
  replays the stored response, whatever the client or the function saw in between
  (a lost answer, a time-out, a crash, the SDK retrying a write that had succeeded);
- a key found IN_PROGRESS with an expired mark had no effect committed under it:
  running the request again is safe. The mark lasts as long as the function may still
  run (its own time limit), so a live attempt is never overtaken;
- a late commit of an overtaken attempt fails its condition (the token changed).

Answers with no effect (4xx refusals, reads) are completed by a plain put afterwards.
A 5xx releases the claim, except a store failure of unknown outcome, whose mark
expires instead (re-running then is safe, see above).
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import secrets
import time
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from icp_filing.errors import DomainError, invalid
from kvstore import (
    Condition, ConditionFailed, Operation, Put, Store, StoreUnavailable, TransactionCanceled, absent, attr_eq, attr_lt,
)
from kvstore.base import MAX_ITEM_BYTES, item_size

log = logging.getLogger("icp.idempotency")

KEY_PATTERN = re.compile(r"[\x20-\x7e]{1,128}")
COMPLETED_SECONDS = 24 * 3600
# When neither the Lambda context nor the template says how long the function may run:
# Lambda's own maximum, so that a mark never expires under a live attempt.
DEFAULT_LIFETIME_SECONDS = 900.0
# A stored response larger than this (as JSON, after compression) is not kept whole:
# the record must stay inside the store's item limit (DynamoDB: 400 KB) with room to spare.
MAX_STORED_RESPONSE_BYTES = 256 * 1024
IN_PROGRESS, COMPLETED = "IN_PROGRESS", "COMPLETED"
RECORD_SK = "RECORD"


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


class Settled(Exception):
    """The key turned out completed while this attempt was committing: answer ``replay``.
    ``own``: completed by this very attempt (its commit's answer was lost and a retry
    of the write found it done), so the answer is not a replay."""

    def __init__(self, replay: Replay, own: bool):
        super().__init__("idempotency key already completed")
        self.replay, self.own = replay, own


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


def record_partition(caller: str, operation: str, key: str) -> str:
    scope = "\n".join((caller, operation, key))
    return "IDEMPOTENCY#" + hashlib.sha256(scope.encode()).hexdigest()


def stored_response(status: int, body: Any) -> dict[str, Any]:
    """The response's attributes in the record: as is when small, compressed when large;
    a response that cannot fit even then is stored as the status and a note that the
    full answer is not kept (the effect still happened once; the client reads it back)."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode()) <= MAX_STORED_RESPONSE_BYTES // 4:
        return {"response_status": status, "response_body": body}
    packed = base64.b64encode(zlib.compress(text.encode(), 9)).decode("ascii")
    if len(packed) <= MAX_STORED_RESPONSE_BYTES:
        return {"response_status": status, "response_zip": packed}
    return {"response_status": status, "response_body": {"replay_truncated": True}}


def replay_of(record: dict[str, Any]) -> Replay:
    if "response_zip" in record:
        body = json.loads(zlib.decompress(base64.b64decode(record["response_zip"])).decode())
    else:
        body = record.get("response_body")
    return Replay(record["response_status"], body)


class Idempotency:
    def __init__(self, store: Store):
        self.store = store

    def begin(self, caller: str, operation: str, key: str, raw_body: bytes,
              lifetime: float = DEFAULT_LIFETIME_SECONDS) -> Claim | Replay:
        """``caller``: who (role and account); ``operation``: what the key is scoped to
        besides (method, path); ``lifetime``: how long this attempt may still run."""
        claim = Claim(record_partition(caller, operation, key), secrets.token_hex(16), body_hash(raw_body))
        for _ in range(3):
            now = clock()
            try:
                self.store.put(self._record(claim, IN_PROGRESS, now + lifetime), absent() | attr_lt("expires", now))
                return claim
            except ConditionFailed:
                existing = self.store.get(claim.pk, RECORD_SK)
            except StoreUnavailable:
                # Unknown outcome (the answer was lost): what is stored says. Our token: the
                # put was applied and the key is ours; another's: it was refused, as with a
                # failed condition; none: not applied (503, the key is free).
                existing = self.store.get(claim.pk, RECORD_SK)
                if existing is None:
                    raise
            if existing is None:
                continue  # released between our put and get: try to claim again
            if existing.get("token") == claim.token:
                # The SDK retried our put after its answer was lost: the retry found our own claim.
                return claim
            if existing["body_hash"] != claim.body_hash:
                raise DomainError("idempotency_key_reused")
            if existing["status"] == IN_PROGRESS:
                raise DomainError("request_in_progress")
            return replay_of(existing)
        raise DomainError("request_in_progress")

    def completion(self, claim: Claim, render: Callable[[Any], tuple[int, Any]]) -> "Completion":
        return Completion(self, claim, render)

    def complete(self, claim: Claim, status: int, body: Any) -> None:
        """Store an answer that had no effect (a refusal); the claim's own mark only."""
        try:
            self.store.put(self.completed_record(claim, status, body), self.still_ours(claim))
        except ConditionFailed:
            pass  # our mark expired and another request took the key over: it answers for it

    def release(self, claim: Claim) -> None:
        try:
            self.store.delete(claim.pk, RECORD_SK, self.still_ours(claim))
        except ConditionFailed:
            pass

    def settle(self, claim: Claim) -> Replay | None:
        """After a commit that failed or whose outcome is unknown: the stored answer if
        the key is completed (by this attempt or, once overtaken, by another); None if
        this claim still holds it, unfinished. Overtaken and unfinished: 409."""
        record = self.store.get(claim.pk, RECORD_SK)
        if record is not None and record.get("status") == COMPLETED:
            raise Settled(replay_of(record), own=record.get("token") == claim.token)
        if record is None or record.get("token") != claim.token:
            raise DomainError("request_in_progress")
        return None

    @staticmethod
    def still_ours(claim: Claim) -> Condition:
        return attr_eq("token", claim.token) & attr_eq("status", IN_PROGRESS)

    def completed_record(self, claim: Claim, status: int, body: Any) -> dict[str, Any]:
        record = self._record(claim, COMPLETED, clock() + COMPLETED_SECONDS)
        record.update(stored_response(status, body))
        if item_size(record) > MAX_ITEM_BYTES:  # cannot happen with the caps above; never fail the write for it
            record.update(response_body={"replay_truncated": True})
            record.pop("response_zip", None)
        return record

    @staticmethod
    def _record(claim: Claim, status: str, expires: float) -> dict[str, Any]:
        # ``ttl``: DynamoDB's TTL deletes the record a day after its answer stops being
        # replayed; the other backends' purge_expired (run by the expiry scan) likewise.
        return {"pk": claim.pk, "sk": RECORD_SK, "status": status, "token": claim.token,
                "body_hash": claim.body_hash, "expires": expires,
                "ttl": int(max(expires, clock() + COMPLETED_SECONDS)) + 3600}


@dataclass
class Completion:
    """The completed record of a keyed request, committed with the request's effect."""

    idempotency: Idempotency
    claim: Claim
    render: Callable[[Any], tuple[int, Any]]
    response: tuple[int, Any] | None = field(default=None)  # what the commit stored, once it is done

    @property
    def done(self) -> bool:
        return self.response is not None

    def commit(self, store: Store, operations: Sequence[Operation], outcome: Any) -> None:
        status, body = self.render(outcome)
        record = self.idempotency.completed_record(self.claim, status, body)
        try:
            store.transact([*operations, Put(record, self.idempotency.still_ours(self.claim))])
        except TransactionCanceled:
            # A concurrent change (run again on fresh facts), or our own commit already
            # applied (its answer lost, the write retried), or the key was taken over.
            self.idempotency.settle(self.claim)
            raise
        except StoreUnavailable:
            try:
                self.idempotency.settle(self.claim)
            except StoreUnavailable:
                pass
            raise  # not applied as far as anyone can tell: unknown; the mark expires
        self.response = (status, body)


def lifetime_of(remaining_ms: Callable[[], int] | None, timeout_s: float | None) -> float:
    """How long the mark of a new claim must last: the invocation's remaining time (Lambda
    context), else the function's configured time limit, plus a margin for clock skew."""
    if remaining_ms is not None:
        try:
            return max(1.0, remaining_ms() / 1000.0) + 5.0
        except Exception:
            log.debug("remaining time unknown", exc_info=True)
    return (timeout_s if timeout_s else DEFAULT_LIFETIME_SECONDS) + 5.0
