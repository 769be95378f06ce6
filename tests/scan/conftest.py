"""The expiry scan's rules on memory and SQLite: its reads are sort-key ranges of the
store contract (tests/store, every backend), and its writes the same transactions."""
from api.conftest import store_url  # noqa: F401 - fixture: the API's backends
