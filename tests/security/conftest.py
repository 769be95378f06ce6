"""The in-process API of tests/api, on every store backend."""
from api.conftest import api, clock, ctx  # noqa: F401 - fixtures
