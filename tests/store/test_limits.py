"""DynamoDB's limits, enforced by every backend alike (so that what passes locally does
not become a 500 on the real service), and the store methods get_many / purge_expired.
moto is lenient on some limits (GetItem with an oversize key): these tests assert the
project's own check, which runs before any call."""
from __future__ import annotations

import pytest

from kvstore import Check, Delete, Put, absent
from kvstore.base import MAX_ITEM_BYTES, MAX_PK_BYTES, MAX_SK_BYTES


def long_text(n_bytes: int) -> str:
    return "键" * (n_bytes // 3) + "k" * (n_bytes % 3)  # 3-byte characters: bytes, not characters, count


def test_keys_at_the_limit_are_accepted(store):
    pk, sk = long_text(MAX_PK_BYTES), long_text(MAX_SK_BYTES)
    store.put({"pk": pk, "sk": sk, "v": 1})
    assert store.get(pk, sk)["v"] == 1
    assert store.get_many([(pk, sk)])[(pk, sk)]["v"] == 1


@pytest.mark.parametrize("pk, sk", [(long_text(MAX_PK_BYTES + 1), "s"), ("p", long_text(MAX_SK_BYTES + 1))],
                         ids=["pk over 2048 bytes", "sk over 1024 bytes"])
def test_keys_over_the_limit_are_refused_by_every_operation(store, pk, sk):
    with pytest.raises(ValueError, match="bytes"):
        store.put({"pk": pk, "sk": sk})
    with pytest.raises(ValueError, match="bytes"):
        store.get(pk, sk)
    with pytest.raises(ValueError, match="bytes"):
        store.delete(pk, sk)
    with pytest.raises(ValueError, match="bytes"):
        store.get_many([("p", "ok"), (pk, sk)])
    for op in (Put({"pk": pk, "sk": sk}), Delete(pk, sk), Check(pk, sk, absent())):
        with pytest.raises(ValueError, match="bytes"):
            store.transact([Put({"pk": "p", "sk": "other"}), op])
    assert store.get("p", "other") is None  # nothing of a refused transaction was written
    if len(pk.encode()) > MAX_PK_BYTES:
        with pytest.raises(ValueError, match="bytes"):
            store.query(pk)


def test_an_item_over_400_kb_is_refused_and_one_just_under_is_stored(store):
    with pytest.raises(ValueError, match="over"):
        store.put({"pk": "p", "sk": "big", "blob": "x" * MAX_ITEM_BYTES})
    with pytest.raises(ValueError, match="over"):
        store.transact([Put({"pk": "p", "sk": "big", "blob": "x" * MAX_ITEM_BYTES})])
    assert store.get("p", "big") is None
    fits = "x" * (MAX_ITEM_BYTES - 1024)
    store.put({"pk": "p", "sk": "fits", "blob": fits})
    assert store.get("p", "fits")["blob"] == fits


@pytest.mark.parametrize("value", [1e-300, -1e-131, 1e126, 10 ** 126, 10 ** 38 + 1, float("inf")],
                         ids=["1e-300", "-1e-131", "1e126", "10**126", "39 digits", "inf"])
def test_numbers_dynamodb_cannot_hold_are_refused(store, value):
    with pytest.raises(ValueError):
        store.put({"pk": "p", "sk": "n", "v": value})
    with pytest.raises(ValueError):
        store.put({"pk": "p", "sk": "n", "nested": {"list": [1, value]}})
    assert store.get("p", "n") is None


@pytest.mark.parametrize("value", [0, 0.0, 1e-130, 9.99e125, 10 ** 37, -(10 ** 38 - 1), 89.9])
def test_numbers_within_the_range_round_trip(store, value):
    store.put({"pk": "p", "sk": "n", "v": value})
    assert store.get("p", "n")["v"] == value


def test_get_many_reads_what_exists_across_batches_of_100(store):
    keys = [(f"P{n % 3}", f"s{n:04d}") for n in range(250)]
    for n, (pk, sk) in enumerate(keys):
        if n % 5:
            store.put({"pk": pk, "sk": sk, "n": n})
    found = store.get_many(keys + keys[:10])  # a key asked twice is read once
    assert set(found) == {key for n, key in enumerate(keys) if n % 5}
    assert all(found[key]["n"] == n for n, key in enumerate(keys) if n % 5)
    assert store.get_many([]) == {}


def test_purge_expired_deletes_only_items_whose_ttl_has_passed(store):
    for n in range(5):
        store.put({"pk": "IDEMPOTENCY#x", "sk": f"old{n}", "ttl": 1000 + n})
    store.put({"pk": "IDEMPOTENCY#x", "sk": "new", "ttl": 5000})
    store.put({"pk": "RES#1", "sk": "RESOURCE", "v": 1})           # no ttl: kept for good
    store.put({"pk": "RES#1", "sk": "text-ttl", "ttl": "1000"})     # not a number: not an expiry
    if store.url.startswith("dynamodb"):
        assert store.purge_expired(4000) == 0  # the table's TTL specification does it
        return
    assert store.purge_expired(4000, limit=3) == 3
    assert store.purge_expired(4000) == 2
    assert store.purge_expired(4000) == 0
    assert [i["sk"] for i in store.query_all("IDEMPOTENCY#x")] == ["new"]
    assert store.get("RES#1", "RESOURCE") and store.get("RES#1", "text-ttl")
