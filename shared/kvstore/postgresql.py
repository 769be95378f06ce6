"""PostgreSQL store: one table of (pk, sk, item json, ttl), through psycopg 3.

For a deployment that has no DynamoDB (Alibaba Cloud Function Compute with ApsaraDB
RDS or PolarDB for PostgreSQL, or any PostgreSQL elsewhere)::

    postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?table=icp_items&create=true&sslmode=require...]
    postgresql:///DB?host=/var/run/postgresql        (a Unix socket directory)

``table`` names the table (default ``icp_items``), ``create=true`` creates it (and its
TTL index) if missing, as the DynamoDB backend creates its table; every other query
option is libpq's (``sslmode``, ``connect_timeout``, ``application_name``...). A
password can also come from libpq's ``PGPASSWORD``.

How conditions hold under concurrency: a write transaction first takes a
transaction-scoped advisory lock on every key it touches (in one global order, so
two writers never deadlock), then reads the items its conditions are about, checks
them in Python (``conditions.py``, exactly as SQLite and memory do) and writes. Every
writer of a key holds that key's lock until it commits, so at READ COMMITTED the read
after the lock sees the latest committed version, including "absent" (a row lock
could not protect a row that does not exist yet). Reads take no lock: a single
statement sees only committed data, so ``get`` and ``query`` are strongly consistent.

The item is ``json``, not ``jsonb``: json keeps the text as written, so every value
comes back as it went in (jsonb would turn 1e16 into an integer and refuses "\u0000").

Connections are taken from a small pool of idle ones for each piece of work and given
back (never shared by two threads at once, never inherited across fork): a function
instance keeps one, opened on first use and kept while it is warm; a connection found broken
is replaced, and a statement that failed before anything could commit is retried
once on the new connection.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from typing import Any, Callable, Mapping, Sequence, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg.types.json import Json

from .base import (
    ConditionFailed, Delete, Item, Operation, Page, Put, Store, StoreUnavailable, TransactionCanceled,
    decode_cursor, encode_cursor, validate_item, validate_key, validate_query, validate_transaction,
)
from . import redact
from .conditions import Condition

DEFAULT_TABLE = "icp_items"
_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
OWN_OPTIONS = ("table", "create")
# Bounded waits, so that a request fails as 503 well inside a function's time-out
# instead of hanging on a lost server or a stuck lock.
CONNECT_TIMEOUT_S = 5
LOCK_TIMEOUT_MS = 5000
STATEMENT_TIMEOUT_MS = 10000
# Idle connections a process keeps (more are closed when given back).
MAX_IDLE_CONNECTIONS = 16
# SQLSTATEs that mean "lost a race, run again": serialization failure, deadlock, lock time-out.
_RETRYABLE = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected, pg_errors.LockNotAvailable,
              pg_errors.QueryCanceled)

T = TypeVar("T")


class Contention(StoreUnavailable):
    """Lost a race with another transaction (serialization failure, deadlock, lock or
    statement time-out): nothing was written; a transaction reports it as retryable."""


def parse_url(url: str) -> tuple[str, str, bool]:
    """libpq's connection string, the table name and ``create`` of a store URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError("a PostgreSQL store URL starts with postgresql://")
    ours, theirs = {}, []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in OWN_OPTIONS:
            ours[key] = value
        else:
            theirs.append((key, value))
    table = ours.get("table") or DEFAULT_TABLE
    if not _TABLE_NAME.match(table):
        raise ValueError(f"table must be a lower-case SQL identifier: {table!r}")
    if not parts.path.strip("/"):
        raise ValueError("postgresql:// needs a database: postgresql://USER@HOST:PORT/DB")
    query = urlencode(theirs)
    # Spelt out: urlunsplit would drop the empty host of postgresql:///DB?host=/socket/dir.
    conninfo = f"postgresql://{parts.netloc}{parts.path}" + (f"?{query}" if query else "")
    return conninfo, table, ours.get("create", "").lower() in ("1", "true", "yes")


def key_lock(pk: str, sk: str) -> int:
    """The advisory lock id of an item: 64 bits of a hash of its key (a collision only
    makes two keys share a lock)."""
    digest = hashlib.blake2b(f"{pk}\x00{sk}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def ttl_of(item: Mapping[str, Any]) -> float | int | None:
    """The item's numeric ``ttl`` (the expiry DynamoDB's TTL reads), or None."""
    value = item.get("ttl")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _numeric(item: Mapping[str, Any]) -> str | None:
    # As text, cast to numeric by the statement: a list of ints and floats has no one array type.
    ttl = ttl_of(item)
    return None if ttl is None else repr(ttl)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class PostgreSQLStore(Store):
    def __init__(self, conninfo: str, table: str = DEFAULT_TABLE, create: bool = False, url: str = "") -> None:
        self.conninfo = conninfo
        self.table = table
        self.create = create
        self.url = redact(url or conninfo)  # for logs: never the password
        self._lock = threading.Lock()
        self._idle: list[psycopg.Connection] = []
        self._inherited: list[psycopg.Connection] = []
        self._pid = os.getpid()
        self._created = False
        t = sql.Identifier(table)
        self._sql_get = sql.SQL("SELECT item FROM {} WHERE pk = %s AND sk = %s").format(t)
        self._sql_read_many = sql.SQL(
            "SELECT pk, sk, item FROM {} WHERE (pk, sk) IN (SELECT * FROM unnest(%s::text[], %s::text[]))").format(t)
        self._sql_lock = sql.SQL("SELECT count(pg_advisory_xact_lock(h)) FROM unnest(%s::bigint[]) AS h")
        # Deletes and upserts of one transaction, in one statement (their keys are distinct).
        self._sql_write = sql.SQL(
            "WITH gone AS (DELETE FROM {t} WHERE (pk, sk) IN (SELECT * FROM unnest(%s::text[], %s::text[]))) "
            "INSERT INTO {t} (pk, sk, item, ttl) SELECT * FROM unnest(%s::text[], %s::text[], %s::json[], "
            "%s::numeric[]) ON CONFLICT (pk, sk) DO UPDATE SET item = excluded.item, ttl = excluded.ttl").format(t=t)
        self._sql_expired = sql.SQL("SELECT pk, sk FROM {} WHERE ttl < %s ORDER BY ttl LIMIT %s").format(t)
        self._sql_purge = sql.SQL(
            "DELETE FROM {} WHERE ttl < %s AND (pk, sk) IN (SELECT * FROM unnest(%s::text[], %s::text[]))").format(t)
        self._table_sql = t

    # Connections.

    def _connect(self) -> psycopg.Connection:
        try:
            conn = psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                options=f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS}")
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
        if self.create and not self._created:
            self._create_schema(conn)
        return conn

    def _create_schema(self, conn: psycopg.Connection) -> None:
        t = self._table_sql
        try:
            with conn.transaction():
                # Two cold starts creating the table at once would collide in the catalog.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (key_lock("schema", self.table),))
                conn.execute(sql.SQL(
                    'CREATE TABLE IF NOT EXISTS {} (pk text COLLATE "C" NOT NULL, sk text COLLATE "C" NOT NULL, '
                    "item json NOT NULL, ttl numeric, PRIMARY KEY (pk, sk))").format(t))
                conn.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (ttl) WHERE ttl IS NOT NULL").format(
                    sql.Identifier(self.table + "_ttl"), t))
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot create table {self.table}: {exc}") from exc
        self._created = True

    def _conn(self) -> psycopg.Connection:
        """An idle connection of this process, or a new one. Taken for one piece of work
        and given back (``_release``), so a host whose threads come and go (scripts/serve
        starts one per client connection) keeps as many connections as it runs requests
        at once, and a function instance (one request at a time) keeps exactly one."""
        with self._lock:
            if self._pid != os.getpid():
                # Forked: the parent's connections are its own; keep them referenced (a
                # collected connection would say goodbye on the parent's socket), unused.
                self._inherited += self._idle
                self._idle, self._pid = [], os.getpid()
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed and not conn.broken:
                    return conn
        return self._connect()

    def _release(self, conn: psycopg.Connection) -> None:
        if conn.closed or conn.broken:
            return
        with self._lock:
            if self._pid == os.getpid() and len(self._idle) < MAX_IDLE_CONNECTIONS:
                self._idle.append(conn)
                return
        conn.close()

    def _drop(self, conn: psycopg.Connection) -> None:
        try:
            conn.close()
        except psycopg.Error:
            pass

    def close(self) -> None:
        with self._lock:
            conns, self._idle = self._idle, []
        for conn in conns:
            self._drop(conn)

    def _run(self, work: Callable[[psycopg.Connection], T], *, retry: Callable[[], bool] = lambda: True) -> T:
        """``work`` on this thread's connection. A connection that broke (a restarted
        server, an idle connection dropped while the function was frozen) is replaced
        and ``work`` runs once more if ``retry()`` says that it cannot have committed."""
        for attempt in (0, 1):
            conn = self._conn()
            try:
                return work(conn)
            except pg_errors.UndefinedTable as exc:
                raise StoreUnavailable(f"table {self.table} does not exist (create=true creates it)") from exc
            except psycopg.OperationalError as exc:
                if isinstance(exc, _RETRYABLE) and not conn.broken:
                    raise Contention(f"PostgreSQL contention: {exc}") from exc
                if not conn.broken and not conn.closed:
                    raise StoreUnavailable(f"PostgreSQL: {exc}") from exc
                self._drop(conn)
                if attempt or not retry():
                    raise StoreUnavailable(f"PostgreSQL connection lost: {exc}") from exc
            except psycopg.InterfaceError as exc:
                self._drop(conn)
                if attempt or not retry():
                    raise StoreUnavailable(f"PostgreSQL connection lost: {exc}") from exc
            except psycopg.DataError as exc:
                # Text PostgreSQL cannot hold (a NUL character): bad input, not an outage.
                raise ValueError(f"cannot store this value in PostgreSQL: {exc}") from exc
            except psycopg.Error as exc:
                raise StoreUnavailable(f"PostgreSQL: {exc}") from exc
            finally:
                self._release(conn)  # a broken or closed one is not kept
        raise AssertionError("unreachable")

    # Reads.

    def get(self, pk: str, sk: str) -> Item | None:
        validate_key(pk, sk)

        def read(conn: psycopg.Connection) -> Item | None:
            row = conn.execute(self._sql_get, (pk, sk)).fetchone()
            return row[0] if row else None

        return self._run(read)

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        """The items of ``keys`` that exist, in one statement (strongly consistent)."""
        wanted = list(dict.fromkeys((pk, sk) for pk, sk in keys))
        for pk, sk in wanted:
            validate_key(pk, sk)
        if not wanted:
            return {}

        def read(conn: psycopg.Connection) -> dict[tuple[str, str], Item]:
            rows = conn.execute(self._sql_read_many, ([k[0] for k in wanted], [k[1] for k in wanted])).fetchall()
            return {(pk, sk): item for pk, sk, item in rows}

        return self._run(read)

    def query(self, pk: str, *, prefix: str | None = None, start: str | None = None, end: str | None = None,
              limit: int = 100, cursor: str | None = None, reverse: bool = False) -> Page:
        rng = validate_query(limit, prefix, start, end, pk)
        clauses: list[str] = ["pk = %s"]
        params: list[Any] = [pk]
        if rng.prefix is not None:
            clauses.append("sk >= %s AND sk < %s")
            params += [rng.prefix, rng.prefix + "\U0010ffff"]
        if rng.start is not None:
            clauses.append("sk >= %s")
            params.append(rng.start)
        if rng.end is not None:
            clauses.append("sk <= %s")
            params.append(rng.end)
        if cursor:
            clauses.append("sk < %s" if reverse else "sk > %s")
            params.append(decode_cursor(cursor, pk))
        # Only fixed clause texts are joined; every value is a parameter, the table an identifier.
        statement = sql.SQL("SELECT item FROM {} WHERE " + " AND ".join(clauses)  # noqa: S608
                            + f" ORDER BY sk {'DESC' if reverse else 'ASC'} LIMIT %s").format(self._table_sql)
        params.append(limit + 1)
        rows = self._run(lambda conn: conn.execute(statement, params).fetchall())
        items = [r[0] for r in rows[:limit]]
        return Page(items, encode_cursor(items[-1]) if len(rows) > limit else None)

    # Writes.

    def _write(self, operations: Sequence[Operation]) -> list[int]:
        """Apply ``operations`` all or none; the indexes whose condition failed (then nothing is written)."""
        keys = [op.key for op in operations]
        locks = sorted({key_lock(pk, sk) for pk, sk in keys})
        guarded = [(i, op.key, op.condition) for i, op in enumerate(operations) if op.condition is not None]
        deletes = [op for op in operations if isinstance(op, Delete)]
        puts = [op for op in operations if isinstance(op, Put)]

        committing = [False]

        def attempt(conn: psycopg.Connection) -> list[int]:
            committing[0] = False
            # Two round trips: BEGIN, the locks and the read in one; the write and COMMIT
            # in the other (the read must see what the locks waited for: it is a statement
            # of its own, so at READ COMMITTED its snapshot is taken after they are held).
            with conn.pipeline() as pipeline, conn.transaction():
                conn.execute(self._sql_lock, (locks,))
                if guarded:
                    rows = conn.execute(self._sql_read_many, ([key[0] for _, key, _ in guarded],
                                                              [key[1] for _, key, _ in guarded])).fetchall()
                    current = {(pk, sk): item for pk, sk, item in rows}
                    failed = [i for i, key, condition in guarded if not condition.holds(current.get(key))]
                    if failed:
                        return failed  # leaving the block without an exception commits nothing written
                else:
                    pipeline.sync()  # a dead connection shows here, before anything is written
                if deletes or puts:
                    conn.execute(self._sql_write, (
                        [op.pk for op in deletes], [op.sk for op in deletes],
                        [op.item["pk"] for op in puts], [op.item["sk"] for op in puts],
                        [Json(dict(op.item), dumps=_dumps) for op in puts], [_numeric(op.item) for op in puts]))
                committing[0] = True
            return []

        # A connection that broke before COMMIT was sent wrote nothing: run again on a new
        # one. One that broke during COMMIT has an unknown outcome: StoreUnavailable, never
        # a second run (a conditional write would then fail against its own effect).
        return self._run(attempt, retry=lambda: not committing[0])

    def _single(self, operation: Operation) -> None:
        failed = self._write([operation])  # Contention is a StoreUnavailable
        if failed:
            raise ConditionFailed(f"condition failed for {operation.key}")

    def put(self, item: Mapping[str, Any], condition: Condition | None = None) -> None:
        validate_item(item)
        self._single(Put(item, condition))

    def delete(self, pk: str, sk: str, condition: Condition | None = None) -> None:
        validate_key(pk, sk)
        self._single(Delete(pk, sk, condition))

    def transact(self, operations: Sequence[Operation]) -> None:
        validate_transaction(operations)
        try:
            failed = self._write(operations)
        except Contention as exc:
            raise TransactionCanceled([], retryable=True) from exc
        if failed:
            raise TransactionCanceled(failed)

    def purge_expired(self, now: float, limit: int = 1000) -> int:
        """Delete up to ``limit`` items whose numeric ``ttl`` is before ``now``; how many."""
        rows = self._run(lambda conn: conn.execute(self._sql_expired, (now, limit)).fetchall())
        if not rows:
            return 0

        def purge(conn: psycopg.Connection) -> int:
            with conn.transaction():
                conn.execute(self._sql_lock, (sorted({key_lock(pk, sk) for pk, sk in rows}),))
                # Re-checked under the locks: a writer may have renewed an item meanwhile.
                return conn.execute(self._sql_purge, (now, [r[0] for r in rows], [r[1] for r in rows])).rowcount

        return self._run(purge)


def open_postgresql(url: str) -> PostgreSQLStore:
    conninfo, table, create = parse_url(url)
    return PostgreSQLStore(conninfo, table, create, url=url)
