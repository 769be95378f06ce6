"""The per-process domain context: the store chosen by ``ICP_STORE_URL``, the
configuration from the environment, the clock. Created on first use and then
kept for the life of the process (a warm function reuses its connection)."""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from icp_filing.config import load
from icp_filing.context import Context
from kvstore import open_store

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STORE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'icp.db'}"

_lock = threading.Lock()
_context: Context | None = None


def store_url() -> str:
    return os.environ.get("ICP_STORE_URL") or DEFAULT_STORE_URL


def context() -> Context:
    global _context
    if _context is None:
        with _lock:
            if _context is None:
                # One structured line per request and per scan (ICP_LOG_LEVEL=WARNING silences them).
                logging.getLogger("icp").setLevel(os.environ.get("ICP_LOG_LEVEL", "INFO"))
                _context = Context(store=open_store(store_url()), config=load())
    return _context


def use(ctx: Context | None) -> None:
    """Replace the process's context (tests, benchmarks); None forgets it."""
    global _context
    with _lock:
        if _context is not None and ctx is not _context:
            _context.store.close()
        _context = ctx


def renew_after_restore() -> None:
    """What a Lambda SnapStart snapshot must not carry over into its restored copies:
    the store's client (its connections and credentials belong to the snapshotted
    instance), verified-token caches (checked against the clock, but kept small and
    fresh), and the random module's state (every copy would draw the same jitter)."""
    import random

    from . import auth

    use(None)
    auth._verified.clear()
    random.seed()


_hook_registered = False


def register_after_restore() -> None:
    """Register ``renew_after_restore`` with the Lambda runtime's SnapStart hooks, once,
    in functions that SnapStart initialises (Lambda then sets AWS_LAMBDA_INITIALIZATION_TYPE)."""
    global _hook_registered
    if _hook_registered or os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") != "snap-start":
        return
    from snapshot_restore_py import register_after_restore as register  # the managed runtime's (3.12+)

    register(renew_after_restore)
    _hook_registered = True


register_after_restore()  # every function imports this module: the scan, and each FunctionApp
