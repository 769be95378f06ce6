"""Lists: the caller's resources, filings and notifications, a page at a time.

Every list reads index items written in the same transaction as the fact they list
(records.py, indexes.py), never a scan of the table. A list across every account is
sharded; its shards are read in sort-key order and merged, so a page costs about
``1.5 x limit`` index items (and a query per shard) however large the table.

Cursors are opaque to clients: the position (the last sort key returned) and a digest
of the query it belongs to (list, filters, caller), authenticated with an HMAC under a
random key the store keeps for this purpose. A cursor that was altered, or that comes
from another query (another account's list, another filter), is ``invalid_request``:
it can never move a caller into data their own query would not show them.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import heapq
import hmac
import json
import secrets
import threading
import weakref
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterator, Sequence, TypeVar

from kvstore import ConditionFailed, Item, Store, absent, cursor_after

from . import filings, notifications, records, resources
from .access import Caller
from .context import Context
from .errors import DomainError, invalid

T = TypeVar("T")

DEFAULT_LIMIT, MAX_LIMIT = 50, 100
FILING_STATUSES = (filings.IN_REVIEW, filings.APPROVED, filings.REJECTED, filings.ACCESS_REVOKED,
                   filings.CANCELLED)
MAX_CURSOR_LENGTH = 1024


@dataclass(frozen=True)
class PageOf:
    items: list[Any]
    next_cursor: str | None


# Query parameters, checked before anything is read.

def check_limit(text: str | None) -> int:
    if text is None:
        return DEFAULT_LIMIT
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise invalid("limit", f"应为 1..{MAX_LIMIT} 的整数。", f"must be an integer 1..{MAX_LIMIT}.")
    return int(text)


def check_status(text: str | None) -> str | None:
    if text is not None and text not in FILING_STATUSES:
        raise invalid("status", "应为 " + " / ".join(FILING_STATUSES) + "。",
                      "must be one of " + ", ".join(FILING_STATUSES) + ".")
    return text


def check_owner(caller: Caller, owner: str | None) -> str | None:
    """The account whose items are listed: a customer's own; staff any (None: all)."""
    if owner is not None and not resources.ACCOUNT_ID.fullmatch(owner):
        raise invalid("owner", "账号 ID 格式不正确。", "The owner account id is malformed.")
    if caller.is_staff:
        return owner
    if owner is not None and owner != caller.account:
        raise DomainError("forbidden")
    return caller.account


# Cursors.

_keys: "weakref.WeakKeyDictionary[Store, bytes]" = weakref.WeakKeyDictionary()
_keys_lock = threading.Lock()


def _cursor_key(store: Store) -> bytes:
    """The store's own cursor key: created once (the first writer wins), then kept in memory."""
    with _keys_lock:
        known = _keys.get(store)
    if known is not None:
        return known
    key = records.cursor_key_key()
    stored = store.get(*key)
    if stored is None:
        try:
            store.put(records.item(key, secret=secrets.token_hex(32)), absent())
        except ConditionFailed:
            pass  # another process created it first: use theirs
        stored = store.get(*key)
        if stored is None:  # the key is never deleted: a store that lost it is broken
            raise RuntimeError("the cursor key vanished from the store")
    value = bytes.fromhex(stored["secret"])
    with _keys_lock:
        _keys[store] = value
    return value


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _query_digest(query: Sequence[str]) -> str:
    return _b64(hashlib.sha256("\n".join(query).encode()).digest()[:12])


def make_cursor(store: Store, query: Sequence[str], last_sk: str) -> str:
    payload = json.dumps({"q": _query_digest(query), "after": last_sk}, separators=(",", ":")).encode()
    tag = hmac.new(_cursor_key(store), payload, hashlib.sha256).digest()[:16]
    return f"{_b64(payload)}.{_b64(tag)}"


def read_cursor(store: Store, query: Sequence[str], cursor: str | None) -> str | None:
    """The sort key a page starts after (None: the first page)."""
    if cursor is None:
        return None
    bad = invalid("cursor", "翻页游标无效或不属于此查询。", "The cursor is invalid or belongs to another query.")
    if len(cursor) > MAX_CURSOR_LENGTH or cursor.count(".") != 1:
        raise bad
    payload_text, tag_text = cursor.split(".")
    try:
        payload, tag = _unb64(payload_text), _unb64(tag_text)
    except (ValueError, binascii.Error):
        raise bad from None
    expected = hmac.new(_cursor_key(store), payload, hashlib.sha256).digest()[:16]
    if not hmac.compare_digest(tag, expected):
        raise bad
    data = json.loads(payload)
    if data.get("q") != _query_digest(query) or not isinstance(data.get("after"), str):
        raise bad  # authentic, but handed out for another query
    return data["after"]


# Reading index partitions in order.

def merged(store: Store, partitions: Sequence[str], *, after: str | None, reverse: bool, batch: int,
           prefix: str | None = None) -> Iterator[Item]:
    """The items of ``partitions`` in one sort-key order, from just after ``after``,
    read ``batch`` at a time per partition (lazily: only what the page consumes)."""

    def read(pk: str) -> Iterator[Item]:
        cursor = cursor_after(pk, after) if after is not None else None
        while True:
            page = store.query(pk, prefix=prefix, limit=batch, cursor=cursor, reverse=reverse)
            yield from page.items
            if page.cursor is None:
                return
            cursor = page.cursor

    if len(partitions) == 1:
        return read(partitions[0])
    return heapq.merge(*(read(pk) for pk in partitions), key=lambda i: i["sk"], reverse=reverse)


def page_of(ctx: Context, query: Sequence[str], partitions: Sequence[str], *, limit: int, cursor: str | None,
            reverse: bool, keep: Callable[[Item], bool] = lambda _: True,
            prefix: str | None = None) -> tuple[list[Item], str | None]:
    """One page of index items and the cursor of the next (None on the last page)."""
    after = read_cursor(ctx.store, query, cursor)
    # Shards are filled evenly (a hash of the id), so each gives about limit / shards of
    # a page: read a little more than that, and more from a shard only if the merge
    # consumes it all (lazily), rather than a whole page from every shard.
    batch = limit + 1 if len(partitions) == 1 else min(limit + 1, 2 + (3 * limit) // (2 * len(partitions)))
    entries = merged(ctx.store, partitions, after=after, reverse=reverse, batch=batch, prefix=prefix)
    found = list(islice((e for e in entries if keep(e)), limit + 1))
    if len(found) <= limit:
        return found, None
    found = found[:limit]
    return found, make_cursor(ctx.store, query, found[-1]["sk"])


def _caller_scope(caller: Caller) -> str:
    return f"{caller.role}:{caller.account}"


# The lists.

def resources_page(ctx: Context, caller: Caller, *, owner: str | None = None, limit: int = DEFAULT_LIMIT,
                   cursor: str | None = None) -> PageOf:
    """The caller's resources (staff: every account's, or ``owner``'s), by resource id."""
    account = check_owner(caller, owner)
    query = ("resources", _caller_scope(caller), f"owner={account or ''}")
    if account is not None:
        partitions = [records.account_partition(account)]
    else:
        partitions = [records.all_resources_partition(s) for s in range(records.LIST_SHARDS)]
    entries, next_cursor = page_of(ctx, query, partitions, limit=limit, cursor=cursor, reverse=False,
                                   prefix="RES#")
    keys = [records.resource_key(e["resource_id"]) for e in entries]
    found = [r for r in _read(ctx, keys, resources.Resource.from_item) if account is None or r.owner == account]
    return PageOf(found, next_cursor)


def filings_page(ctx: Context, caller: Caller, *, owner: str | None = None, status: str | None = None,
                 limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> PageOf:
    """The caller's filings (staff: every account's, or ``owner``'s), of ``status`` if
    given; newest first, except the review queue (``in_review``): oldest first."""
    account = check_owner(caller, owner)
    status = check_status(status)
    query = ("filings", _caller_scope(caller), f"owner={account or ''}", f"status={status or ''}")
    keep: Callable[[Item], bool] = lambda _: True  # noqa: E731
    if account is not None:
        partitions = [records.owner_filings_partition(account)]
        if status is not None:
            keep = lambda entry: entry.get("status") == status  # noqa: E731
    elif status is not None:
        partitions = [records.status_filings_partition(status, s) for s in range(records.LIST_SHARDS)]
    else:
        partitions = [records.all_filings_partition(s) for s in range(records.LIST_SHARDS)]
    entries, next_cursor = page_of(ctx, query, partitions, limit=limit, cursor=cursor,
                                   reverse=status != filings.IN_REVIEW, keep=keep)
    # The filing is read after its index entry: one that changed status in between is left out.
    found = [f for f in _read(ctx, [records.filing_key(e["filing_id"]) for e in entries], filings.Filing.from_item)
             if status is None or f.status == status]
    return PageOf(found, next_cursor)


def _read(ctx: Context, keys: list[tuple[str, str]], entity: Callable[[Item], T]) -> list[T]:
    """The page's items in the index's order, in one batched read (DynamoDB: BatchGetItem)
    instead of a get each; an entry whose item is gone is left out."""
    stored = ctx.store.get_many(keys)
    return [entity(stored[key]) for key in keys if key in stored]


def notifications_page(ctx: Context, caller: Caller, lang: str, *, limit: int = DEFAULT_LIMIT,
                       cursor: str | None = None) -> PageOf:
    """The caller's notifications, newest first, in ``lang``."""
    query = ("notifications", _caller_scope(caller))
    entries, next_cursor = page_of(ctx, query, [notifications.partition(caller.account)], limit=limit,
                                   cursor=cursor, reverse=True)
    return PageOf([notifications.render(e, lang) for e in entries], next_cursor)
