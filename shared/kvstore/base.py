"""The key-value store interface every backend implements.

It is DynamoDB's single-table model reduced to what the service needs: items
addressed by a partition key ``pk`` and a sort key ``sk``; ``get``; ``put`` and
``delete`` guarded by a condition; ``transact``, an all-or-nothing write of up to
100 operations on distinct items (TransactWriteItems); and ``query``, a range of
one partition ordered by sort key, a page at a time (Query). Attribute values are
JSON values: str, int, float, bool, None, list and dict.
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import time
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator, Mapping, Sequence

from .conditions import Condition

Item = dict[str, Any]

MAX_TRANSACTION_ITEMS = 100
MAX_PAGE_SIZE = 1000
# DynamoDB's limits, enforced by every backend alike so that what works locally works
# on the real service: key sizes in UTF-8 bytes, the item size (estimated from its JSON,
# which is never smaller than DynamoDB's own measure for the items this service writes),
# and what a DynamoDB number holds: 38 significant digits, magnitude 1e-130 .. 1e126.
MAX_PK_BYTES = 2048
MAX_SK_BYTES = 1024
MAX_ITEM_BYTES = 400_000  # "400 KB", read as the smaller figure (moto allows 405,000; DynamoDB ~409,600)
MAX_NUMBER_DIGITS = 38
MIN_NUMBER_MAGNITUDE = Decimal("1e-130")
MAX_NUMBER_MAGNITUDE = Decimal("1e126")


# When the work of the current request must be done (time.monotonic()), if anyone said:
# backends that retry by themselves stop retrying in time (a Lambda's remaining time).
_deadline: ContextVar[float | None] = ContextVar("kvstore_deadline", default=None)


def set_deadline(seconds_left: float | None) -> None:
    """The current request (this thread or task) must be done within ``seconds_left``."""
    _deadline.set(None if seconds_left is None else time.monotonic() + seconds_left)


def remaining_seconds() -> float | None:
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


class StoreError(Exception):
    """Base class of the store's own errors."""


class ConditionFailed(StoreError):
    """A single put or delete whose condition did not hold."""


class TransactionCanceled(StoreError):
    """A transaction that wrote nothing.

    ``failed`` lists the indexes of the operations whose condition did not hold;
    it is empty when the transaction lost a race with another one
    (``retryable`` is then true).
    """

    def __init__(self, failed: Sequence[int], retryable: bool = False):
        self.failed = list(failed)
        self.retryable = retryable
        super().__init__(f"transaction canceled (failed={self.failed}, retryable={retryable})")


class StoreUnavailable(StoreError):
    """The backend could not be reached or is throttling; nothing is known to be written."""


class InvalidCursor(StoreError, ValueError):
    """A pagination cursor that this store did not hand out."""


@dataclass(frozen=True)
class Put:
    item: Mapping[str, Any]
    condition: Condition | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.item["pk"], self.item["sk"])


@dataclass(frozen=True)
class Delete:
    pk: str
    sk: str
    condition: Condition | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.pk, self.sk)


@dataclass(frozen=True)
class Check:
    pk: str
    sk: str
    condition: Condition

    @property
    def key(self) -> tuple[str, str]:
        return (self.pk, self.sk)


Operation = Put | Delete | Check


@dataclass
class Page:
    items: list[Item]
    cursor: str | None = None  # opaque; None when there is nothing more


@dataclass(frozen=True)
class KeyRange:
    """Which sort keys of a partition a query reads: a prefix, or an inclusive range."""

    prefix: str | None = None
    start: str | None = None
    end: str | None = None

    def contains(self, sk: str) -> bool:
        if self.prefix is not None and not sk.startswith(self.prefix):
            return False
        if self.start is not None and sk < self.start:
            return False
        if self.end is not None and sk > self.end:
            return False
        return True


class Store:
    """Abstract store. Backends override the five methods below."""

    url: str = ""

    def get(self, pk: str, sk: str) -> Item | None:
        raise NotImplementedError

    def put(self, item: Mapping[str, Any], condition: Condition | None = None) -> None:
        """Write one item; ConditionFailed if ``condition`` does not hold."""
        raise NotImplementedError

    def delete(self, pk: str, sk: str, condition: Condition | None = None) -> None:
        """Delete one item (absent is fine); ConditionFailed if ``condition`` does not hold."""
        raise NotImplementedError

    def transact(self, operations: Sequence[Operation]) -> None:
        """Apply every operation or none; TransactionCanceled otherwise."""
        raise NotImplementedError

    def query(
        self,
        pk: str,
        *,
        prefix: str | None = None,
        start: str | None = None,
        end: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
        reverse: bool = False,
    ) -> Page:
        """One page of the partition ``pk`` in sort-key order (descending if ``reverse``)."""
        raise NotImplementedError

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        """The items at ``keys`` that exist, by key; strongly consistent like ``get``.
        Backends with a batch read override this (DynamoDB: BatchGetItem)."""
        found: dict[tuple[str, str], Item] = {}
        for pk, sk in dict.fromkeys(keys):
            item = self.get(pk, sk)
            if item is not None:
                found[(pk, sk)] = item
        return found

    def purge_expired(self, now: float, limit: int = 1000) -> int:
        """Delete up to ``limit`` items whose numeric ``ttl`` is below ``now`` (seconds
        since the epoch); how many. DynamoDB's TTL does this by itself (a no-op there)."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    # Conveniences built on the primitives above, the same for every backend.

    def query_all(self, pk: str, *, page_size: int = MAX_PAGE_SIZE, **kwargs: Any) -> Iterator[Item]:
        cursor = None
        while True:
            page = self.query(pk, limit=page_size, cursor=cursor, **kwargs)
            yield from page.items
            if page.cursor is None:
                return
            cursor = page.cursor


# Helpers shared by the backends so they validate alike.

def validate_key(pk: Any, sk: Any) -> None:
    for name, value, limit in (("pk", pk, MAX_PK_BYTES), ("sk", sk, MAX_SK_BYTES)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"item needs a non-empty string {name!r}")
        if len(value) * 4 > limit and len(value.encode("utf-8")) > limit:
            raise ValueError(f"{name} is longer than {limit} bytes")


def number_problem(value: int | float | Decimal) -> str | None:
    """Why a number cannot be stored (DynamoDB's number type), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return "not a finite number"
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if number == 0:
        return None
    digits = "".join(map(str, number.as_tuple().digits)).strip("0")  # significant digits (no rounding context)
    if len(digits) > MAX_NUMBER_DIGITS:
        return f"more than {MAX_NUMBER_DIGITS} significant digits"
    if not MIN_NUMBER_MAGNITUDE <= abs(number) < MAX_NUMBER_MAGNITUDE:
        return "magnitude outside 1e-130 .. 1e126"
    return None


def _check_numbers(value: Any, path: str) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, (int, float)):
        problem = number_problem(value)
        if problem:
            raise ValueError(f"{path}: {problem}")
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_numbers(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for n, v in enumerate(value):
            _check_numbers(v, f"{path}[{n}]")


def item_size(item: Mapping[str, Any]) -> int:
    """An upper estimate of the item's size in DynamoDB's measure (bytes)."""
    return len(json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8"))


def validate_item(item: Mapping[str, Any]) -> None:
    """Keys, numbers and size within DynamoDB's limits, on every backend (ValueError)."""
    validate_key(item.get("pk"), item.get("sk"))
    for name, value in item.items():
        _check_numbers(value, name)
    size = item_size(item)
    if size > MAX_ITEM_BYTES:
        raise ValueError(f"item {item['pk'][:80]!r} is {size} bytes, over {MAX_ITEM_BYTES}")


def validate_transaction(operations: Sequence[Operation]) -> None:
    if not operations:
        raise ValueError("a transaction needs at least one operation")
    if len(operations) > MAX_TRANSACTION_ITEMS:
        raise ValueError(f"a transaction takes at most {MAX_TRANSACTION_ITEMS} operations")
    seen: set[tuple[str, str]] = set()
    for op in operations:
        if isinstance(op, Put):
            validate_item(op.item)
        else:
            validate_key(op.pk, op.sk)
        if op.key in seen:
            raise ValueError(f"a transaction may touch an item once: {op.key}")
        seen.add(op.key)


def validate_query(limit: int, prefix: str | None, start: str | None, end: str | None,
                   pk: str | None = None) -> KeyRange:
    if pk is not None:
        validate_key(pk, "-")
    for bound in (prefix, start, end):
        if bound is not None and len(bound.encode("utf-8")) > MAX_SK_BYTES:
            raise ValueError(f"a sort-key bound is longer than {MAX_SK_BYTES} bytes")
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"limit must be 1..{MAX_PAGE_SIZE}")
    if prefix is not None and (start is not None or end is not None):
        raise ValueError("give either a prefix or a start/end range")
    return KeyRange(prefix, start, end)


def encode_cursor(last: Mapping[str, Any]) -> str:
    raw = json.dumps({"pk": last["pk"], "sk": last["sk"]}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_after(pk: str, sk: str) -> str:
    """A cursor that resumes a query of ``pk`` just after sort key ``sk`` (in the query's
    direction), whether or not an item has that key: how a reader merging several
    partitions in sort-key order resumes each of them from one position. Every backend
    hands out and reads ``encode_cursor``'s cursors (the store contract tests this)."""
    return encode_cursor({"pk": pk, "sk": sk})


def decode_cursor(cursor: str, pk: str) -> str:
    """The sort key after which the next page starts."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(data, dict) or data.get("pk") != pk or not isinstance(data.get("sk"), str):
            raise ValueError
        return data["sk"]
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor("invalid pagination cursor") from exc
