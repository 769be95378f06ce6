"""SQLite store: one table of (pk, sk, JSON body), WAL mode.

Safe across threads (a connection per thread) and across processes sharing one
file (every write runs in a ``BEGIN IMMEDIATE`` transaction, so conditions are
evaluated and writes applied while holding SQLite's write lock). ``synchronous=FULL``
so that a write reported to a client survives a crash of the machine, not just of
the process.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any, Mapping, Sequence

from .base import (
    Check, ConditionFailed, Delete, Item, Operation, Page, Put, Store, StoreUnavailable,
    TransactionCanceled, decode_cursor, encode_cursor, validate_item, validate_key, validate_query,
    validate_transaction,
)
from .conditions import Condition

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID
"""
# Items that expire (a numeric ``ttl``, as DynamoDB's TTL reads it), so that purging
# them reads only them, however large the table.
_TTL = "json_extract(body, '$.ttl')"
_TTL_INDEX = f"CREATE INDEX IF NOT EXISTS items_ttl ON items ({_TTL}) WHERE {_TTL} IS NOT NULL"

BUSY_TIMEOUT_S = 30.0
CACHE_KIB = 65536


class SQLiteStore(Store):
    def __init__(self, path: str, synchronous: str = "full") -> None:
        if synchronous.lower() not in ("full", "normal", "off"):
            raise ValueError("synchronous must be full, normal or off")
        self.path = path
        self.synchronous = synchronous.upper()
        self.url = f"sqlite:///{path}"
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        self._local = threading.local()
        conn = self._conn()
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_SCHEMA)
        conn.execute(_TTL_INDEX)

    def _conn(self) -> sqlite3.Connection:
        # A connection is never shared between threads, nor inherited across fork.
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA synchronous={self.synchronous}")
            # A larger page cache than the 2 MiB default, so index pages stay in memory
            # as the file grows (reads then cost the same at 10k items as at millions).
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @staticmethod
    def _row_item(body: str) -> Item:
        return json.loads(body)

    def _read(self, conn: sqlite3.Connection, pk: str, sk: str) -> Item | None:
        row = conn.execute("SELECT body FROM items WHERE pk=? AND sk=?", (pk, sk)).fetchone()
        return self._row_item(row[0]) if row else None

    def get(self, pk: str, sk: str) -> Item | None:
        validate_key(pk, sk)
        try:
            return self._read(self._conn(), pk, sk)
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc

    def _write_transaction(self, operations: Sequence[Operation], single: bool) -> None:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc
        try:
            failed = [
                i for i, op in enumerate(operations)
                if op.condition is not None and not op.condition.holds(self._read(conn, *op.key))
            ]
            if failed:
                conn.execute("ROLLBACK")
                if single:
                    raise ConditionFailed(f"condition failed for {operations[0].key}")
                raise TransactionCanceled(failed)
            for op in operations:
                if isinstance(op, Put):
                    conn.execute(
                        "INSERT OR REPLACE INTO items (pk, sk, body) VALUES (?, ?, ?)",
                        (op.item["pk"], op.item["sk"], json.dumps(dict(op.item), ensure_ascii=False)),
                    )
                elif isinstance(op, Delete):
                    conn.execute("DELETE FROM items WHERE pk=? AND sk=?", op.key)
                else:
                    assert isinstance(op, Check)
            conn.execute("COMMIT")
        except (ConditionFailed, TransactionCanceled):
            raise
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreUnavailable(str(exc)) from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def put(self, item: Mapping[str, Any], condition: Condition | None = None) -> None:
        validate_item(item)
        self._write_transaction([Put(item, condition)], single=True)

    def delete(self, pk: str, sk: str, condition: Condition | None = None) -> None:
        validate_key(pk, sk)
        self._write_transaction([Delete(pk, sk, condition)], single=True)

    def transact(self, operations: Sequence[Operation]) -> None:
        validate_transaction(operations)
        self._write_transaction(operations, single=False)

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        wanted = list(dict.fromkeys(keys))
        for pk, sk in wanted:
            validate_key(pk, sk)
        found: dict[tuple[str, str], Item] = {}
        conn = self._conn()
        try:
            for start in range(0, len(wanted), 400):  # within SQLite's bound-parameter limit
                chunk = wanted[start:start + 400]
                rows = conn.execute(  # only placeholders are joined in; the keys are parameters
                    "SELECT pk, sk, body FROM items WHERE (pk, sk) IN (VALUES "  # noqa: S608
                    + ",".join("(?, ?)" for _ in chunk) + ")", [v for key in chunk for v in key]).fetchall()
                found.update(((pk, sk), self._row_item(body)) for pk, sk, body in rows)
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc
        return found

    def purge_expired(self, now: float, limit: int = 1000) -> int:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = conn.execute(  # _TTL is a fixed expression of ours, the values parameters
                    f"DELETE FROM items WHERE (pk, sk) IN (SELECT pk, sk FROM items WHERE {_TTL} IS NOT NULL "  # noqa: S608
                    f"AND {_TTL} < ? LIMIT ?)", (now, limit))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc
        return cursor.rowcount

    def query(self, pk: str, *, prefix: str | None = None, start: str | None = None, end: str | None = None,
              limit: int = 100, cursor: str | None = None, reverse: bool = False) -> Page:
        rng = validate_query(limit, prefix, start, end, pk)
        clauses: list[str] = ["pk = ?"]
        params: list[Any] = [pk]
        if rng.prefix is not None:
            clauses.append("sk >= ? AND sk < ?")
            params += [rng.prefix, rng.prefix + "\U0010ffff"]
        if rng.start is not None:
            clauses.append("sk >= ?")
            params.append(rng.start)
        if rng.end is not None:
            clauses.append("sk <= ?")
            params.append(rng.end)
        if cursor:
            clauses.append("sk < ?" if reverse else "sk > ?")
            params.append(decode_cursor(cursor, pk))
        # Only fixed clause texts are joined; every value is a bound parameter.
        sql = (f"SELECT body FROM items WHERE {' AND '.join(clauses)} "  # noqa: S608
               f"ORDER BY sk {'DESC' if reverse else 'ASC'} LIMIT ?")
        params.append(limit + 1)
        try:
            rows = self._conn().execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc
        items = [self._row_item(r[0]) for r in rows[:limit]]
        return Page(items, encode_cursor(items[-1]) if len(rows) > limit else None)
