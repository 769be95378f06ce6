"""The races run on every backend, PostgreSQL included."""
from __future__ import annotations

from typing import Callable

import pytest

from conftest import STORE_BACKENDS


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request: pytest.FixtureRequest, store_url_for: Callable[[str], str]) -> str:
    return store_url_for(request.param)
