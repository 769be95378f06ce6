"""The store contract: every backend behaves alike (run once per backend)."""
from __future__ import annotations

import threading

import pytest

from kvstore import (
    Check, ConditionFailed, Delete, InvalidCursor, Put, TransactionCanceled, absent, attr_eq,
    attr_le, attr_lt, exists, unchanged,
)


def test_get_of_a_missing_item_is_none(store):
    assert store.get("P", "missing") is None


def test_put_then_get_round_trips_json_values(store):
    item = {"pk": "P", "sk": "a", "s": "备案 ✓", "i": 7, "f": 89.5, "b": True, "n": None,
            "l": [1, "x"], "d": {"k": [True]}}
    store.put(item)
    assert store.get("P", "a") == item


def test_put_replaces_the_whole_item(store):
    store.put({"pk": "P", "sk": "a", "x": 1, "y": 2})
    store.put({"pk": "P", "sk": "a", "x": 3})
    assert store.get("P", "a") == {"pk": "P", "sk": "a", "x": 3}


def test_put_if_absent_refuses_an_existing_item(store):
    store.put({"pk": "P", "sk": "a", "v": 1}, absent())
    with pytest.raises(ConditionFailed):
        store.put({"pk": "P", "sk": "a", "v": 2}, absent())
    assert store.get("P", "a")["v"] == 1


@pytest.mark.parametrize("condition, holds", [
    (attr_eq("v", 1), True), (attr_eq("v", 2), False), (attr_lt("v", 2), True), (attr_lt("v", 1), False),
    (attr_le("v", 1), True), (attr_le("v", 0), False), (exists(), True), (absent(), False),
    (attr_eq("missing", 1), False), (attr_eq("v", 2) | attr_lt("v", 5), True),
    (attr_eq("v", 1) & attr_eq("w", "x"), True), (attr_eq("v", 1) & attr_eq("w", "y"), False),
])
def test_conditions_guard_a_put(store, condition, holds):
    store.put({"pk": "P", "sk": "a", "v": 1, "w": "x"})
    if holds:
        store.put({"pk": "P", "sk": "a", "v": 9, "w": "x"}, condition)
        assert store.get("P", "a")["v"] == 9
    else:
        with pytest.raises(ConditionFailed):
            store.put({"pk": "P", "sk": "a", "v": 9, "w": "x"}, condition)
        assert store.get("P", "a")["v"] == 1


def test_delete_with_condition(store):
    store.put({"pk": "P", "sk": "a", "v": 1})
    with pytest.raises(ConditionFailed):
        store.delete("P", "a", attr_eq("v", 2))
    store.delete("P", "a", attr_eq("v", 1))
    assert store.get("P", "a") is None
    store.delete("P", "a")  # deleting what is gone is fine


def test_transaction_applies_every_operation(store):
    store.put({"pk": "P", "sk": "old", "v": 1})
    store.put({"pk": "P", "sk": "guard", "v": 1})
    store.transact([
        Put({"pk": "P", "sk": "new", "v": 2}, absent()),
        Delete("P", "old", attr_eq("v", 1)),
        Check("P", "guard", attr_eq("v", 1)),
        Put({"pk": "Q", "sk": "other", "v": 3}),
    ])
    assert store.get("P", "new")["v"] == 2
    assert store.get("P", "old") is None
    assert store.get("Q", "other")["v"] == 3


def test_transaction_writes_nothing_when_one_condition_fails(store):
    store.put({"pk": "P", "sk": "guard", "v": 1})
    with pytest.raises(TransactionCanceled) as info:
        store.transact([
            Put({"pk": "P", "sk": "new", "v": 2}, absent()),
            Check("P", "guard", attr_eq("v", 2)),
        ])
    assert info.value.failed == [1]
    assert store.get("P", "new") is None


def test_transaction_refuses_touching_one_item_twice(store):
    with pytest.raises(ValueError):
        store.transact([Put({"pk": "P", "sk": "a"}), Delete("P", "a")])


def test_transaction_takes_at_most_100_operations(store):
    with pytest.raises(ValueError):
        store.transact([Put({"pk": "P", "sk": f"{i:03}"}) for i in range(101)])
    store.transact([Put({"pk": "P", "sk": f"{i:03}"}) for i in range(100)])
    assert len(list(store.query_all("P"))) == 100


def test_optimistic_update_with_unchanged(store):
    store.put({"pk": "P", "sk": "c", "version": 1, "n": 0})
    first = store.get("P", "c")
    store.put({**first, "version": 2, "n": 1}, unchanged(first))
    with pytest.raises(ConditionFailed):
        store.put({**first, "version": 2, "n": 5}, unchanged(first))
    assert store.get("P", "c")["n"] == 1


@pytest.fixture
def partition(store):
    store.transact([Put({"pk": "R", "sk": f"k{i:02}", "i": i}) for i in range(25)])
    store.put({"pk": "R2", "sk": "k00"})  # another partition is never read
    return store


def test_query_reads_one_partition_in_order(partition):
    page = partition.query("R", limit=100)
    assert [i["i"] for i in page.items] == list(range(25))
    assert page.cursor is None


def test_query_descending(partition):
    assert [i["i"] for i in partition.query("R", reverse=True, limit=3).items] == [24, 23, 22]


def test_query_by_prefix_and_range(partition):
    assert [i["i"] for i in partition.query("R", prefix="k1").items] == list(range(10, 20))
    assert [i["i"] for i in partition.query("R", start="k05", end="k07").items] == [5, 6, 7]
    assert [i["i"] for i in partition.query("R", end="k01").items] == [0, 1]


@pytest.mark.parametrize("reverse", [False, True])
def test_query_pages_with_opaque_cursors(partition, reverse):
    seen, cursor = [], None
    while True:
        page = partition.query("R", limit=7, cursor=cursor, reverse=reverse)
        seen += [i["i"] for i in page.items]
        if page.cursor is None:
            break
        cursor = page.cursor
    assert seen == (list(range(24, -1, -1)) if reverse else list(range(25)))


def test_query_pages_within_a_range(partition):
    first = partition.query("R", start="k03", end="k09", limit=4)
    second = partition.query("R", start="k03", end="k09", limit=4, cursor=first.cursor)
    assert [i["i"] for i in first.items + second.items] == list(range(3, 10))
    assert second.cursor is None


def test_query_of_an_empty_partition(store):
    assert store.query("nothing").items == []


@pytest.mark.parametrize("cursor", ["garbage!", "eyJwayI6Ik90aGVyIiwic2siOiJ4In0"])
def test_query_refuses_a_foreign_cursor(partition, cursor):
    with pytest.raises(InvalidCursor):
        partition.query("R", cursor=cursor)


def test_concurrent_conditional_increments_never_lose_an_update(store):
    store.put({"pk": "C", "sk": "counter", "version": 0})
    per_thread, threads = 10, 6

    def bump():
        done = 0
        while done < per_thread:
            current = store.get("C", "counter")
            try:
                store.transact([Put({**current, "version": current["version"] + 1}, unchanged(current))])
                done += 1
            except TransactionCanceled:
                continue

    workers = [threading.Thread(target=bump) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert store.get("C", "counter")["version"] == per_thread * threads
