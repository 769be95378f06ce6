"""The store contract: every backend behaves alike (run once per backend)."""
from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from kvstore import (
    Check, ConditionFailed, Delete, InvalidCursor, Put, StoreUnavailable, TransactionCanceled, absent,
    attr_eq, attr_le, attr_lt, cursor_after, exists, open_store, unchanged,
)
from kvstore.conditions import AllOf, AnyOf, Compare


def test_get_of_a_missing_item_is_none(store):
    assert store.get("P", "missing") is None


def test_put_then_get_round_trips_json_values(store):
    item = {"pk": "P", "sk": "a", "s": "备案 ✓", "i": 7, "f": 89.5, "b": True, "n": None,
            "l": [1, "x"], "d": {"k": [True]}}
    store.put(item)
    assert store.get("P", "a") == item


def test_numbers_round_trip_exactly(store):
    # DynamoDB stores numbers as decimals: floats must not pick up binary noise, and
    # ints beyond a double's 53 bits must not pass through float.
    item = {"pk": "P", "sk": "n", "price": 89.9, "sum": 0.1 + 0.2, "tiny": 1e-7, "big": 2**64 + 1,
            "neg": -(2**53 + 1), "nested": [89.9, {"big": 10**30}]}
    store.put(item)
    got = store.get("P", "n")
    assert got == item
    assert type(got["price"]) is float and type(got["big"]) is int and type(got["neg"]) is int


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


@pytest.mark.parametrize("condition, holds", [
    (Compare("v", "<>", 2), True), (Compare("v", "<>", 1), False), (Compare("missing", "<>", 1), False),
    (Compare("v", ">", 0), True), (Compare("v", ">=", 2), False), (AllOf(()), True), (AnyOf(()), False),
])
def test_more_conditions_guard_a_put(store, condition, holds):
    store.put({"pk": "P", "sk": "a", "v": 1})
    if holds:
        store.put({"pk": "P", "sk": "a", "v": 9}, condition)
    else:
        with pytest.raises(ConditionFailed):
            store.put({"pk": "P", "sk": "a", "v": 9}, condition)
    assert store.get("P", "a")["v"] == (9 if holds else 1)


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


def test_query_edge_ranges(partition):
    def ids(**kwargs):
        return [i["i"] for i in partition.query("R", **kwargs).items]

    assert ids(prefix="") == list(range(25))
    assert ids(start="") == list(range(25))
    assert ids(end="") == []
    assert ids(start="k10", end="k05") == []
    assert ids(start="k24", end="k24") == [24]


def test_a_cursor_reused_with_another_range_reads_on_from_its_position(partition):
    cursor = partition.query("R", limit=7).cursor  # after k06
    assert [i["i"] for i in partition.query("R", start="k10", cursor=cursor).items] == list(range(10, 25))
    assert partition.query("R", end="k03", cursor=cursor).items == []
    assert [i["i"] for i in partition.query("R", end="k03", cursor=cursor, reverse=True).items] == [3, 2, 1, 0]
    assert partition.query("R", prefix="k1", cursor=cursor, reverse=True).items == []


@pytest.mark.parametrize("reverse", [False, True])
def test_cursor_after_resumes_from_any_sort_key(partition, reverse):
    # How a list merging sharded partitions resumes each shard from one position,
    # whether or not that shard holds the key.
    def ids(sk, **kwargs):
        return [i["i"] for i in partition.query("R", cursor=cursor_after("R", sk), reverse=reverse, **kwargs).items]

    assert ids("k10") == (list(range(9, -1, -1)) if reverse else list(range(11, 25)))
    assert ids("k10x") == (list(range(10, -1, -1)) if reverse else list(range(11, 25)))
    assert ids("k10", limit=2) == ([9, 8] if reverse else [11, 12])
    assert ids("a") == (([] if reverse else list(range(25))))
    assert ids("z") == ((list(range(24, -1, -1)) if reverse else []))


def test_query_pages_of_large_items(store):
    # 2.5 MB in all: DynamoDB answers a Query with at most 1 MB, so a page spans several calls.
    blob = "x" * 100_000
    for i in range(25):
        store.put({"pk": "L", "sk": f"k{i:02}", "i": i, "blob": blob})
    first = store.query("L", limit=20)
    second = store.query("L", limit=20, cursor=first.cursor)
    assert [i["i"] for i in first.items] == list(range(20)) and first.cursor is not None
    assert [i["i"] for i in second.items] == list(range(20, 25)) and second.cursor is None


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


# DynamoDB only: the mapping of service errors onto the store's exceptions.

@pytest.fixture
def dynamodb_store(store_url_for):
    s = open_store(store_url_for("dynamodb-mock"))
    yield s
    s.close()


@pytest.mark.parametrize("codes, failed, retryable", [
    (["None", "ConditionalCheckFailed", "None", "ConditionalCheckFailed"], [1, 3], False),
    (["None", "TransactionConflict"], [], True),
    (["ConditionalCheckFailed", "TransactionConflict"], [0], False),
])
def test_dynamodb_transaction_cancellation_reasons(dynamodb_store, codes, failed, retryable):
    from botocore.stub import Stubber

    with Stubber(dynamodb_store._client) as stub:
        stub.add_client_error(
            "transact_write_items", service_error_code="TransactionCanceledException",
            modeled_fields={"CancellationReasons": [{"Code": c} for c in codes]},
        )
        with pytest.raises(TransactionCanceled) as info:
            dynamodb_store.transact([Put({"pk": "P", "sk": f"{i}"}) for i in range(len(codes))])
    assert (info.value.failed, info.value.retryable) == (failed, retryable)


def test_dynamodb_throttled_transaction_is_unavailable():
    from kvstore.dynamodb import cancellation_error

    assert isinstance(cancellation_error([{"Code": "None"}, {"Code": "ThrottlingError"}]), StoreUnavailable)
    assert cancellation_error([{"Code": "ValidationError"}]) is None


def test_dynamodb_unreachable_endpoint_is_unavailable(aws_env):
    from kvstore.dynamodb import DynamoDBStore

    with socket.socket() as s:  # a loopback port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = DynamoDBStore("t", endpoint_url=f"http://127.0.0.1:{port}", max_retries=0)
    with pytest.raises(StoreUnavailable):
        store.get("P", "a")
    store.close()


def test_the_templates_table_is_the_one_the_dynamodb_backend_expects():
    import yaml

    from kvstore import dynamodb

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    template = yaml.load(open(Path(__file__).resolve().parents[2] / "template.yml"), Loader=Loader)  # noqa: S506
    table = template["Resources"]["FilingTable"]["Properties"]
    expected = dynamodb.table_definition()
    assert table["KeySchema"] == expected["KeySchema"]
    assert table["AttributeDefinitions"] == expected["AttributeDefinitions"]
    assert table["BillingMode"] == expected["BillingMode"]
    assert "GlobalSecondaryIndexes" not in table  # every lookup is an item of its own (records.py)
    assert table["TimeToLiveSpecification"] == {"AttributeName": dynamodb.TTL_ATTRIBUTE, "Enabled": True}
