"""Fixtures shared by every test: store backends, configuration, tokens."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("ICP_JWT_SECRET", "test-secret-not-for-production-0123456789")

from kvstore import open_store  # noqa: E402

BACKENDS = ["memory", "sqlite"]


def make_store_url(backend: str, tmp_path) -> str:
    if backend == "memory":
        return "memory://"
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'icp.db'}"
    raise ValueError(backend)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    return make_store_url(request.param, tmp_path)


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()
