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
