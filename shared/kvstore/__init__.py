"""The key-value store adapter: one small interface, several backends.

``open_store(url)`` picks the backend from the URL:

- ``memory://``: in-process, for tests and experiments;
- ``sqlite:///PATH``: an embedded file (the default; ``?synchronous=off`` for bulk loads only);
- ``dynamodb://TABLE?endpoint_url=...&region=...&create=true``: DynamoDB, or an
  emulator such as moto's server (``connect_timeout``, ``read_timeout``, ``max_attempts``:
  botocore's, see dynamodb.py for the defaults and why);
- ``postgresql://USER@HOST:PORT/DB?table=...&create=true`` (or ``postgresql:///DB?host=/socket/dir``):
  PostgreSQL through psycopg 3 (ApsaraDB RDS / PolarDB for PostgreSQL on Function Compute);
- ``faults+<any of the above>?write_failure_rate=...``: that store, with injected write
  failures (fault testing only; see ``faults.py``).
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .base import (
    Check, ConditionFailed, Delete, InvalidCursor, Item, Operation, Page, Put, Store, StoreError,
    StoreUnavailable, TransactionCanceled, cursor_after,
)
from .conditions import Condition, absent, attr_eq, attr_le, attr_lt, exists, unchanged

__all__ = [
    "Check", "Condition", "ConditionFailed", "Delete", "InvalidCursor", "Item", "Operation", "Page",
    "Put", "Store", "StoreError", "StoreUnavailable", "TransactionCanceled", "absent", "attr_eq",
    "attr_le", "attr_lt", "cursor_after", "exists", "open_store", "redact", "unchanged",
]


def redact(url: str) -> str:
    """The store URL without its password (store URLs end up in logs and error lines)."""
    return re.sub(r"^([\w+]+://[^/@:]*):[^/@]*@", r"\1:***@", url)


def open_store(url: str) -> Store:
    if url.startswith("faults+"):
        from .faults import open_faulty
        return open_faulty(url)
    scheme, _, rest = url.partition("://")
    if scheme == "memory":
        from .memory import MemoryStore
        return MemoryStore()
    if scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as SQLAlchemy spells it;
        # ?synchronous=off only for bulk loads that may be lost (benchmarks).
        location, _, query = rest.partition("?")
        path = location[1:] if location.startswith("/") else location
        if not path:
            raise ValueError("sqlite:// needs a path: sqlite:///PATH")
        from .sqlite import SQLiteStore
        options = {k: v[-1] for k, v in parse_qs(query).items()}
        return SQLiteStore(path, synchronous=options.get("synchronous", "full"))
    if scheme == "dynamodb":
        parts = urlsplit(url)
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        table = parts.netloc or parts.path.lstrip("/")
        if not table:
            raise ValueError("dynamodb:// needs a table name: dynamodb://TABLE")
        from .dynamodb import DynamoDBStore  # boto3 is imported only here
        tuning: dict[str, Any] = {name: float(options[name]) for name in ("connect_timeout", "read_timeout")
                                  if name in options}
        if "max_attempts" in options:
            tuning["max_retries"] = int(options["max_attempts"])
        return DynamoDBStore(
            table,
            endpoint_url=options.get("endpoint_url"),
            region=options.get("region"),
            create=options.get("create", "").lower() in ("1", "true", "yes"),
            **tuning,
        )
    if scheme in ("postgresql", "postgres"):
        from .postgresql import open_postgresql  # psycopg is imported only here
        return open_postgresql(url)
    raise ValueError(f"unknown store URL scheme: {scheme!r}")
