"""The in-process API of tests/api, on the same backends."""
from api.conftest import api, clock, ctx, store_url  # noqa: F401 - fixtures
