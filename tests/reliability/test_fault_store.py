"""The fault-injecting store: without faults it passes the store contract; with them,
writes fail before or after being applied, at the given rate, and reads pass through."""
from __future__ import annotations

import pytest

from kvstore import StoreUnavailable, absent, open_store
from kvstore.faults import FaultyStore, split_url
from store import test_store_contract as contract

# The store contract, run once more on a failure-free faults+memory:// store (the
# backend-specific DynamoDB tests are left to tests/store).
for _name in dir(contract):
    if (_name.startswith("test_") and "dynamodb" not in _name) or _name == "partition":
        globals()[_name] = getattr(contract, _name)


@pytest.fixture
def store():
    s = open_store("faults+memory://?write_failure_rate=0")
    assert isinstance(s, FaultyStore)
    yield s
    s.close()


def test_split_url_keeps_the_inner_stores_options():
    assert split_url("faults+sqlite:////tmp/x.db?synchronous=off&write_failure_rate=0.2&seed=7") == (
        "sqlite:////tmp/x.db?synchronous=off", {"write_failure_rate": "0.2", "seed": "7"})
    assert split_url("faults+memory://?write_failure_rate=0") == ("memory://", {"write_failure_rate": "0"})
    with pytest.raises(ValueError):
        open_store("faults+memory://?write_failure_rate=2")


@pytest.mark.parametrize("after_share", [0.0, 1.0])
def test_writes_fail_before_or_after_being_applied(after_share, tmp_path):
    log = tmp_path / "faults.log"
    s = open_store(f"faults+memory://?write_failure_rate=1&after_share={after_share}&seed=1&log={log}")
    with pytest.raises(StoreUnavailable):
        s.put({"pk": "P", "sk": "a", "v": 1})
    with pytest.raises(StoreUnavailable):
        s.transact([contract.Put({"pk": "P", "sk": "b"}, absent())])
    applied = after_share == 1.0
    assert (s.get("P", "a") is not None) is applied and (s.get("P", "b") is not None) is applied
    kind = "after" if applied else "before"
    assert s.injected == {kind: 2}
    assert log.read_text().split("\n")[:2] == [f"{kind} put", f"{kind} transact"]


def test_a_refused_condition_is_reported_as_such():
    s = open_store("faults+memory://?write_failure_rate=1&after_share=1")
    with pytest.raises(StoreUnavailable):
        s.put({"pk": "P", "sk": "a", "v": 1})
    with pytest.raises(contract.ConditionFailed):
        s.put({"pk": "P", "sk": "a", "v": 2}, absent())
    assert s.get("P", "a")["v"] == 1


def test_the_rate_is_respected_and_seeded():
    def run(seed):
        s = open_store(f"faults+memory://?write_failure_rate=0.2&seed={seed}")
        outcomes = []
        for n in range(2000):
            try:
                s.put({"pk": "P", "sk": str(n)})
                outcomes.append(True)
            except StoreUnavailable:
                outcomes.append(False)
        return outcomes, s
    first, s = run(7)
    assert first == run(7)[0]
    assert 300 < first.count(False) < 500
    assert 0.35 < s.injected["after"] / sum(s.injected.values()) < 0.65
    # reads never fail, and exactly the successes and the "after" failures were written
    assert len(list(s.query_all("P"))) == first.count(True) + s.injected["after"]
