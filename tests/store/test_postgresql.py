"""What only the PostgreSQL backend has: its URL forms, its schema, connections that
break and come back, and the race on an item that does not exist yet."""
from __future__ import annotations

import threading
import uuid

import pytest

from kvstore import Put, StoreUnavailable, TransactionCanceled, absent, open_store

pytestmark = pytest.mark.slow


def fresh_table() -> str:
    return f"icp_test_{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize("url, conninfo, table, create", [
    ("postgresql://icp@db.example:5433/filings", "postgresql://icp@db.example:5433/filings", "icp_items", False),
    ("postgres://u:p@h/d?table=t1&create=true&sslmode=require", "postgresql://u:p@h/d?sslmode=require", "t1", True),
    ("postgresql:///d?host=/var/run/postgresql", "postgresql:///d?host=%2Fvar%2Frun%2Fpostgresql", "icp_items", False),
])
def test_url_forms(url, conninfo, table, create):
    from kvstore.postgresql import parse_url

    assert parse_url(url) == (conninfo, table, create)


def test_the_stores_url_never_shows_the_password():
    from kvstore.postgresql import open_postgresql

    store = open_postgresql("postgresql://icp:s3cr%40t@db:5432/icp?create=true")
    assert store.url == "postgresql://icp:***@db:5432/icp?create=true" and "s3cr" not in store.url
    assert open_postgresql("postgresql://icp@db/icp").url == "postgresql://icp@db/icp"


@pytest.mark.parametrize("url", ["postgresql://h:5432/", "postgresql://h/d?table=Robert%27);DROP", "mysql://h/d"])
def test_bad_urls_are_refused(url):
    from kvstore.postgresql import parse_url

    with pytest.raises(ValueError):
        parse_url(url)


def test_a_unix_socket_url_reaches_the_server(postgres_cluster):
    store = open_store(postgres_cluster.url(fresh_table(), socket_dir=True))
    store.put({"pk": "P", "sk": "a", "v": 1})
    assert store.get("P", "a") == {"pk": "P", "sk": "a", "v": 1}
    store.close()


def test_without_create_a_missing_table_is_unavailable_and_says_so(postgres_cluster):
    store = open_store(postgres_cluster.url(fresh_table(), create=False))
    with pytest.raises(StoreUnavailable, match="create=true"):
        store.get("P", "a")
    store.close()


def test_a_broken_connection_is_replaced(postgres_cluster):
    # Given a warm store whose connection the server dropped (an idle timeout, a failover)
    store = open_store(postgres_cluster.url(fresh_table()))
    store.put({"pk": "P", "sk": "a", "v": 1})
    admin = open_store(postgres_cluster.url(fresh_table()))
    [idle] = store._idle  # the connection the instance keeps between requests
    pid = idle.info.backend_pid
    admin.get("P", "a")
    [admin_conn] = admin._idle
    admin_conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    # When it is used again, reads and writes go through on a new connection
    assert store.get("P", "a")["v"] == 1
    [idle] = store._idle
    assert idle.info.backend_pid != pid
    admin_conn.execute("SELECT pg_terminate_backend(%s)", (idle.info.backend_pid,))
    store.put({"pk": "P", "sk": "a", "v": 2})
    assert store.get("P", "a")["v"] == 2
    assert len(store._idle) == 1
    store.close()
    admin.close()


def test_an_unreachable_server_is_unavailable(postgres_cluster):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = open_store(f"postgresql://postgres@127.0.0.1:{port}/postgres?connect_timeout=2")
    with pytest.raises(StoreUnavailable):
        store.get("P", "a")


def test_threads_that_come_and_go_reuse_idle_connections(postgres_cluster):
    # scripts/serve runs each client connection on a thread of its own
    store = open_store(postgres_cluster.url(fresh_table()))
    for n in range(40):
        worker = threading.Thread(target=store.put, args=({"pk": "P", "sk": f"k{n}"},))
        worker.start()
        worker.join()
    assert len(store._idle) == 1
    store.close()
    assert store._idle == []


def test_racing_inserts_of_one_absent_item_admit_exactly_one(postgres_cluster):
    # A row lock cannot guard a row that does not exist yet; the key's advisory lock does.
    url = postgres_cluster.url(fresh_table())
    store = open_store(url)
    winners, losers, start = [], [], threading.Barrier(8)

    def insert(n: int) -> None:
        start.wait()
        try:
            store.transact([Put({"pk": "P", "sk": "only", "by": n}, absent()), Put({"pk": "P", "sk": f"log{n}"})])
            winners.append(n)
        except TransactionCanceled as err:
            assert err.failed == [0]
            losers.append(n)

    threads = [threading.Thread(target=insert, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1 and len(losers) == 7
    assert store.get("P", "only")["by"] == winners[0]
    assert [i["sk"] for i in store.query("P", prefix="log").items] == [f"log{winners[0]}"]
    store.close()


def test_get_many_and_purge_expired(postgres_cluster):
    store = open_store(postgres_cluster.url(fresh_table()))
    store.transact([Put({"pk": "P", "sk": f"k{i}", "ttl": 100 + i}) for i in range(5)]
                   + [Put({"pk": "P", "sk": "forever"}), Put({"pk": "P", "sk": "odd", "ttl": "soon"})])
    assert set(store.get_many([("P", "k0"), ("P", "forever"), ("P", "missing"), ("P", "k0")])) == {
        ("P", "k0"), ("P", "forever")}
    assert store.get_many([]) == {}
    assert store.purge_expired(102.5, limit=2) == 2  # the two soonest
    assert store.purge_expired(102.5) == 1
    assert store.purge_expired(102.5) == 0
    assert [i["sk"] for i in store.query("P").items] == ["forever", "k3", "k4", "odd"]
    store.close()


def test_a_transaction_that_waits_too_long_for_a_lock_is_retryable(postgres_cluster, monkeypatch):
    from kvstore import postgresql
    from kvstore.postgresql import key_lock

    monkeypatch.setattr(postgresql, "LOCK_TIMEOUT_MS", 200)
    url = postgres_cluster.url(fresh_table())
    store, holder = open_store(url), open_store(url)
    store.put({"pk": "P", "sk": "a", "v": 1})
    # Given another writer holding the item's lock
    held = holder._conn()
    held.execute("SELECT pg_advisory_lock(%s)", (key_lock("P", "a"),))
    # Then a transaction on it gives up, retryable and with no failed condition; a single write is a 503
    with pytest.raises(TransactionCanceled) as info:
        store.transact([Put({"pk": "P", "sk": "a", "v": 2}), Put({"pk": "P", "sk": "b"})])
    assert info.value.retryable and info.value.failed == []
    with pytest.raises(StoreUnavailable):
        store.put({"pk": "P", "sk": "a", "v": 3})
    # and reads take no lock; nothing was written
    assert store.get("P", "a")["v"] == 1 and store.get("P", "b") is None
    held.execute("SELECT pg_advisory_unlock_all()")
    held.close()
    store.put({"pk": "P", "sk": "a", "v": 4})
    assert store.get("P", "a")["v"] == 4
    store.close()
    holder.close()


def test_values_come_back_exactly_as_written(postgres_cluster):
    # json, not jsonb: jsonb would read 1e16 back as an int and refuse a NUL character.
    # (1.5e125: near the largest magnitude every backend stores, DynamoDB's 1e126.)
    store = open_store(postgres_cluster.url(fresh_table()))
    item = {"pk": "P", "sk": "a", "f": 1e16, "g": 1.5e125, "neg_zero": -0.0, "nul": "a\x00b", "emoji": "备案 🙂"}
    store.put(item)
    got = store.get("P", "a")
    assert got == item and type(got["f"]) is float and type(got["g"]) is float
    assert str(got["neg_zero"]) == "-0.0"
    store.close()
