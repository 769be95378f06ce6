"""SnapStart: a restored snapshot renews what it must not share with its siblings."""
from __future__ import annotations

import random
import sys
import types

from icp_api import auth, runtime
from icp_filing.config import load
from icp_filing.context import Context
from kvstore.memory import MemoryStore


def test_after_restore_the_store_caches_and_random_state_are_renewed(monkeypatch):
    monkeypatch.setenv("ICP_STORE_URL", "memory://")
    runtime.use(Context(store=MemoryStore(), config=load({})))
    before = runtime.context()
    auth._verified[("token", "secret")] = (None, 0.0)  # type: ignore[assignment]
    random.seed(7)
    snapshot_draw = random.random()
    random.seed(7)
    runtime.renew_after_restore()
    assert not auth._verified
    assert random.random() != snapshot_draw  # reseeded from the OS, not the snapshot's state
    assert runtime.context() is not before  # a new store client on next use
    runtime.use(None)


def test_the_hook_is_registered_with_the_runtime_when_snapstart_initialises(monkeypatch):
    registered = []
    fake = types.ModuleType("snapshot_restore_py")
    fake.register_after_restore = registered.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", fake)
    monkeypatch.setattr(runtime, "_hook_registered", False)
    monkeypatch.delenv("AWS_LAMBDA_INITIALIZATION_TYPE", raising=False)
    runtime.register_after_restore()
    assert registered == []  # not a SnapStart function: nothing to register
    monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
    runtime.register_after_restore()
    runtime.register_after_restore()
    assert registered == [runtime.renew_after_restore]
