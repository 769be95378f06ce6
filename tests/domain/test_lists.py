"""Lists over sharded indexes, at the lowest layer: the merge of the shards gives one
order across pages of every size, and index entries follow every status change."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from icp_filing import filings, indexes, lists, records
from icp_filing.access import Caller
from icp_filing.config import load
from icp_filing.context import Context
from icp_filing.errors import DomainError
from kvstore import Put, open_store

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
STAFF = Caller("bureau-1", "regulator")


def filing(n: int, status: str, owner: str) -> filings.Filing:
    # Several filings share an instant: the id breaks the tie.
    at = START + timedelta(seconds=(n // 3) * 10)
    return filings.Filing(f"f-{n:016x}", owner, f"s{n}.example.com", f"s{n}.example.com", f"site {n}", "浙",
                          "individual", "张三", "330106199001011234", "A" * 24, f"i-{n}", status, at, at, version=1)


@pytest.fixture(scope="module")
def ctx() -> Context:
    rng = random.Random(7)
    context = Context(open_store("memory://"), load({}))
    for n in range(400):
        f = filing(n, rng.choice(lists.FILING_STATUSES), f"acct-{n % 7}")
        context.store.transact([Put(f.to_item()), *indexes.filing_entries(None, f)])
    return context


def read_all(ctx: Context, caller: Caller, limit: int, **filters) -> list[filings.Filing]:
    found, cursor = [], None
    while True:
        page = lists.filings_page(ctx, caller, limit=limit, cursor=cursor, **filters)
        assert len(page.items) <= limit
        found += page.items
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def every(ctx: Context) -> list[filings.Filing]:
    return [filings.load(ctx, f"f-{n:016x}") for n in range(400)]


@pytest.mark.parametrize("limit", [1, 7, 50, 100])
def test_every_filing_newest_first_across_pages_of_any_size(ctx, limit):
    expected = sorted(every(ctx), key=lambda f: (f.created_at, f.filing_id), reverse=True)
    assert [f.filing_id for f in read_all(ctx, STAFF, limit)] == [f.filing_id for f in expected]


@pytest.mark.parametrize("status", lists.FILING_STATUSES)
def test_each_status_in_order_the_queue_oldest_first(ctx, status):
    expected = sorted((f for f in every(ctx) if f.status == status), key=lambda f: (f.created_at, f.filing_id),
                      reverse=status != filings.IN_REVIEW)
    assert [f.filing_id for f in read_all(ctx, STAFF, 9, status=status)] == [f.filing_id for f in expected]


def test_an_owners_list_filtered_by_status(ctx):
    expected = sorted((f for f in every(ctx) if f.owner == "acct-3" and f.status == filings.APPROVED),
                      key=lambda f: (f.created_at, f.filing_id), reverse=True)
    mine = read_all(ctx, Caller("acct-3", "customer"), 4, status=filings.APPROVED)
    assert [f.filing_id for f in mine] == [f.filing_id for f in expected] and expected


def test_shards_share_the_entries():
    counts = [sum(1 for n in range(400) if records.shard_of(f"f-{n:016x}") == s) for s in range(records.LIST_SHARDS)]
    assert min(counts) > 400 / records.LIST_SHARDS / 2  # no shard takes most of the writes


def test_a_status_change_moves_the_entries():
    before = filing(1, filings.IN_REVIEW, "alice")
    after = replace(before, status=filings.APPROVED)
    ops = indexes.filing_entries(before, after)
    shard = records.shard_of(before.filing_id)
    sk = indexes.filing_sort_key(before)
    assert {(type(op).__name__, op.key) for op in ops} == {
        ("Put", (records.owner_filings_partition("alice"), sk)),
        ("Put", (records.status_filings_partition(filings.APPROVED, shard), sk)),
        ("Delete", (records.status_filings_partition(filings.IN_REVIEW, shard), sk)),
    }
    assert indexes.filing_entries(after, replace(after, website_name="x")) == []


def test_a_cursor_is_refused_in_another_store():
    # Each store has its own cursor key: a cursor is not portable between deployments.
    a, b = (Context(open_store("memory://"), load({})) for _ in range(2))
    for ctx in (a, b):
        for n in range(3):
            f = filing(n, filings.IN_REVIEW, "alice")
            ctx.store.transact([Put(f.to_item()), *indexes.filing_entries(None, f)])
    cursor = lists.filings_page(a, STAFF, limit=1).next_cursor
    assert lists.filings_page(a, STAFF, limit=1, cursor=cursor).items
    with pytest.raises(DomainError) as refused:
        lists.filings_page(b, STAFF, limit=1, cursor=cursor)
    assert refused.value.code == "invalid_request" and refused.value.field == "cursor"
