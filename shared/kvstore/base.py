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
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

from .conditions import Condition

Item = dict[str, Any]

MAX_TRANSACTION_ITEMS = 100
MAX_PAGE_SIZE = 1000


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

def validate_item(item: Mapping[str, Any]) -> None:
    for key in ("pk", "sk"):
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise ValueError(f"item needs a non-empty string {key!r}")


def validate_transaction(operations: Sequence[Operation]) -> None:
    if not operations:
        raise ValueError("a transaction needs at least one operation")
    if len(operations) > MAX_TRANSACTION_ITEMS:
        raise ValueError(f"a transaction takes at most {MAX_TRANSACTION_ITEMS} operations")
    seen: set[tuple[str, str]] = set()
    for op in operations:
        if isinstance(op, Put):
            validate_item(op.item)
        if op.key in seen:
            raise ValueError(f"a transaction may touch an item once: {op.key}")
        seen.add(op.key)


def validate_query(limit: int, prefix: str | None, start: str | None, end: str | None) -> KeyRange:
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
