"""A fault-injecting wrapper around any store, for fault testing only.

    faults+<store URL>[?<store options>&]write_failure_rate=0.15&after_share=0.5&seed=7&log=/tmp/faults.log

``open_store`` hands every URL that starts with ``faults+`` to ``open_faulty``: the
fault options below are taken out of the query string and the rest of the URL (with
the backend's own options, e.g. ``synchronous`` or ``endpoint_url``) opens the inner
store. Reads (``get``, ``query``) pass through. Each ``put``, ``delete`` and
``transact`` fails with ``StoreUnavailable`` with probability ``write_failure_rate``:

- BEFORE the write (kind ``before``): nothing is written, as when the backend is
  unreachable or throttles;
- AFTER the write (kind ``after``, a share ``after_share`` of the failures): the write
  committed but the caller is told it failed, the "unknown outcome" of a time-out.
  A write the inner store refuses (a failed condition) is reported as it is.

``seed`` makes the draws repeatable (within one thread); ``log`` names a file to which
every injected fault appends one line ``<kind> <operation>`` (O_APPEND, so that several
processes may share it). ``write_failure_rate=0`` (the default) injects nothing.
"""
from __future__ import annotations

import os
import random
import threading
from collections import Counter
from typing import Any, Callable, Mapping, Sequence, TypeVar
from urllib.parse import parse_qsl, urlencode

from .base import Item, Operation, Page, Store, StoreUnavailable
from .conditions import Condition

PREFIX = "faults+"
OPTIONS = ("write_failure_rate", "after_share", "seed", "log")

T = TypeVar("T")


def split_url(url: str) -> tuple[str, dict[str, str]]:
    """The inner store's URL and the fault options of a ``faults+`` URL."""
    if not url.startswith(PREFIX):
        raise ValueError(f"a fault-injecting store URL starts with {PREFIX!r}")
    base, _, query = url[len(PREFIX):].partition("?")
    inner, options = [], {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key in OPTIONS:
            options[key] = value
        else:
            inner.append((key, value))
    return (f"{base}?{urlencode(inner)}" if inner else base), options


def open_faulty(url: str) -> "FaultyStore":
    from . import open_store

    inner_url, options = split_url(url)
    rate = float(options.get("write_failure_rate", 0))
    after = float(options.get("after_share", 0.5))
    if not (0 <= rate <= 1 and 0 <= after <= 1):
        raise ValueError("write_failure_rate and after_share must be within 0..1")
    seed = int(options["seed"]) if "seed" in options else None
    store = FaultyStore(open_store(inner_url), rate, after, seed, options.get("log") or None)
    store.url = url
    return store


class FaultyStore(Store):
    def __init__(self, inner: Store, write_failure_rate: float, after_share: float = 0.5,
                 seed: int | None = None, log: str | None = None) -> None:
        self.inner = inner
        self.rate = write_failure_rate
        self.after_share = after_share
        self.log = log
        self.url = PREFIX + inner.url
        self.injected: Counter[str] = Counter()  # "before" / "after" -> how many
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def _draw(self) -> str | None:
        """None (no fault), "before" or "after"."""
        if self.rate <= 0:
            return None
        with self._lock:
            if self._random.random() >= self.rate:
                return None
            return "after" if self._random.random() < self.after_share else "before"

    def _fail(self, kind: str, operation: str) -> StoreUnavailable:
        with self._lock:
            self.injected[kind] += 1
        if self.log:
            fd = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, f"{kind} {operation}\n".encode())
            finally:
                os.close(fd)
        return StoreUnavailable(f"injected fault ({kind} {operation})")

    def _write(self, operation: str, apply: Callable[[], T]) -> T:
        kind = self._draw()
        if kind == "before":
            raise self._fail(kind, operation)
        result = apply()  # a refused condition propagates as it is: nothing was written
        if kind == "after":
            raise self._fail(kind, operation)
        return result

    def put(self, item: Mapping[str, Any], condition: Condition | None = None) -> None:
        self._write("put", lambda: self.inner.put(item, condition))

    def delete(self, pk: str, sk: str, condition: Condition | None = None) -> None:
        self._write("delete", lambda: self.inner.delete(pk, sk, condition))

    def transact(self, operations: Sequence[Operation]) -> None:
        self._write("transact", lambda: self.inner.transact(operations))

    def get(self, pk: str, sk: str) -> Item | None:
        return self.inner.get(pk, sk)

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        return self.inner.get_many(keys)

    def purge_expired(self, now: float, limit: int = 1000) -> int:
        return self._write("purge", lambda: self.inner.purge_expired(now, limit))

    def query(self, pk: str, **kwargs: Any) -> Page:
        return self.inner.query(pk, **kwargs)

    def close(self) -> None:
        self.inner.close()
