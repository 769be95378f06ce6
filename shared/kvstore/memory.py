"""In-process store: a dict of partitions, each kept sorted by sort key."""
from __future__ import annotations

import bisect
import copy
import threading
from typing import Any, Mapping, Sequence

from .base import (
    Check, ConditionFailed, Delete, Item, Operation, Page, Put, Store, TransactionCanceled,
    decode_cursor, encode_cursor, validate_item, validate_key, validate_query, validate_transaction,
)
from .conditions import Condition


class MemoryStore(Store):
    def __init__(self) -> None:
        self.url = "memory://"
        self._lock = threading.RLock()
        self._items: dict[str, dict[str, Item]] = {}
        self._keys: dict[str, list[str]] = {}

    def get(self, pk: str, sk: str) -> Item | None:
        validate_key(pk, sk)
        with self._lock:
            item = self._items.get(pk, {}).get(sk)
            return copy.deepcopy(item) if item is not None else None

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        for pk, sk in keys:
            validate_key(pk, sk)
        with self._lock:
            return {(pk, sk): copy.deepcopy(self._items[pk][sk]) for pk, sk in dict.fromkeys(keys)
                    if sk in self._items.get(pk, {})}

    def put(self, item: Mapping[str, Any], condition: Condition | None = None) -> None:
        validate_item(item)
        with self._lock:
            if condition is not None and not condition.holds(self._items.get(item["pk"], {}).get(item["sk"])):
                raise ConditionFailed(f"condition failed for {item['pk']}/{item['sk']}")
            self._write(copy.deepcopy(dict(item)))

    def delete(self, pk: str, sk: str, condition: Condition | None = None) -> None:
        validate_key(pk, sk)
        with self._lock:
            if condition is not None and not condition.holds(self._items.get(pk, {}).get(sk)):
                raise ConditionFailed(f"condition failed for {pk}/{sk}")
            self._remove(pk, sk)

    def transact(self, operations: Sequence[Operation]) -> None:
        validate_transaction(operations)
        with self._lock:
            failed = [
                i for i, op in enumerate(operations)
                if op.condition is not None and not op.condition.holds(self._items.get(op.key[0], {}).get(op.key[1]))
            ]
            if failed:
                raise TransactionCanceled(failed)
            for op in operations:
                if isinstance(op, Put):
                    self._write(copy.deepcopy(dict(op.item)))
                elif isinstance(op, Delete):
                    self._remove(op.pk, op.sk)
                else:
                    assert isinstance(op, Check)

    def query(self, pk: str, *, prefix: str | None = None, start: str | None = None, end: str | None = None,
              limit: int = 100, cursor: str | None = None, reverse: bool = False) -> Page:
        rng = validate_query(limit, prefix, start, end, pk)
        after = decode_cursor(cursor, pk) if cursor else None
        with self._lock:
            keys = self._keys.get(pk, [])
            lo_key = rng.prefix if rng.prefix is not None else rng.start
            lo = bisect.bisect_left(keys, lo_key) if lo_key is not None else 0
            if rng.prefix is not None:
                hi = bisect.bisect_left(keys, rng.prefix + "\U0010ffff")
            elif rng.end is not None:
                hi = bisect.bisect_right(keys, rng.end)
            else:
                hi = len(keys)
            if after is not None:
                if reverse:
                    hi = min(hi, bisect.bisect_left(keys, after))
                else:
                    lo = max(lo, bisect.bisect_right(keys, after))
            selected = keys[lo:hi]
            if reverse:
                selected = selected[::-1]
            page = selected[:limit]
            items = [copy.deepcopy(self._items[pk][sk]) for sk in page]
        more = len(selected) > limit
        return Page(items, encode_cursor(items[-1]) if more else None)

    def purge_expired(self, now: float, limit: int = 1000) -> int:
        with self._lock:
            expired = [(pk, sk) for pk, partition in self._items.items() for sk, item in partition.items()
                       if isinstance(item.get("ttl"), (int, float)) and not isinstance(item.get("ttl"), bool)
                       and item["ttl"] < now][:limit]
            for pk, sk in expired:
                self._remove(pk, sk)
        return len(expired)

    def _write(self, item: Item) -> None:
        pk, sk = item["pk"], item["sk"]
        partition = self._items.setdefault(pk, {})
        if sk not in partition:
            bisect.insort(self._keys.setdefault(pk, []), sk)
        partition[sk] = item

    def _remove(self, pk: str, sk: str) -> None:
        partition = self._items.get(pk)
        if partition and sk in partition:
            del partition[sk]
            keys = self._keys[pk]
            del keys[bisect.bisect_left(keys, sk)]
