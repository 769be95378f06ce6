"""Fixtures shared by every test: store backends, configuration, tokens."""
from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlencode

import pytest

os.environ.setdefault("ICP_JWT_SECRET", "test-secret-" + "x" * 64)

from kvstore import open_store

# dynamodb-mock: moto's mock_aws, in this process only.
# dynamodb-server: moto's server on a loopback port, reachable from subprocesses too.
BACKENDS = ["memory", "sqlite", "dynamodb-mock", "dynamodb-server"]
# postgresql: a real PostgreSQL 15 server the session starts (postgres_cluster.py). The
# store contract, the races and the crash test run on it; the API suites on one module.
STORE_BACKENDS = BACKENDS + ["postgresql"]
CROSS_PROCESS_BACKENDS = ["sqlite", "dynamodb-server", "postgresql"]

AWS_REGION = "us-east-1"
# Dummy credentials, so that boto3 neither finds nor probes for real ones.
AWS_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": AWS_REGION,
    "AWS_REGION": AWS_REGION,
}


def make_store_url(backend: str, tmp_path: Path, moto_endpoint: str | None = None,
                   postgres: Any = None) -> str:
    """A URL for a fresh, empty store of ``backend``.

    dynamodb-mock needs moto's mock_aws active where the store is opened;
    dynamodb-server needs ``moto_endpoint``, the URL of a running moto server;
    postgresql needs ``postgres``, a running ``postgres_cluster.Cluster``.
    """
    if backend == "postgresql":
        if postgres is None:
            raise ValueError("postgresql needs a running cluster")
        return postgres.url(f"icp_test_{uuid.uuid4().hex[:12]}")  # a table per store
    if backend == "memory":
        return "memory://"
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'icp.db'}"
    if backend in ("dynamodb-mock", "dynamodb-server"):
        # A table per store: the server outlives each test, and it shares moto's state with
        # mock_aws, which wipes every table (the server's too) when it starts and stops.
        # moto on a busy machine can take seconds to answer: a longer read timeout than
        # the service's default (2 s, fit for DynamoDB's milliseconds).
        options = {"region": AWS_REGION, "create": "true", "read_timeout": "5"}
        if backend == "dynamodb-server":
            if moto_endpoint is None:
                raise ValueError("dynamodb-server needs the endpoint of a moto server")
            options["endpoint_url"] = moto_endpoint
        return f"dynamodb://icp-test-{uuid.uuid4().hex[:12]}?{urlencode(options)}"
    raise ValueError(backend)


@pytest.fixture(scope="session")
def _serialized_moto() -> Iterator[None]:
    """Make moto's DynamoDB handle one request at a time, as if each were atomic.

    moto is not thread-safe: a transaction checks its conditions and writes without a
    lock, and one whose condition fails restores a snapshot of the whole table, undoing
    writes made meanwhile by other threads. Real DynamoDB serializes writes to an item,
    which is what the store contract relies on.
    """
    from moto.dynamodb.responses import DynamoHandler

    lock = threading.Lock()
    call_action = DynamoHandler.call_action

    def serialized(self: Any) -> Any:
        with lock:
            return call_action(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DynamoHandler, "call_action", serialized)
        yield


@pytest.fixture(scope="session")
def moto_server(_serialized_moto: None) -> Iterator[str]:
    """The endpoint URL of a moto server on a free loopback port, shared by the session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()  # the port the OS picked
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Any]:
    """A PostgreSQL 15 server for the session, on a free loopback port and a socket."""
    import postgres_cluster as pg

    reason = pg.available()
    if reason:
        pytest.skip(reason)
    cluster = pg.Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in AWS_TEST_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def moto_mock(_serialized_moto: None, aws_env: None) -> Iterator[None]:
    from moto import mock_aws

    with mock_aws():
        yield


@pytest.fixture
def store_url_for(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """``store_url_for(backend)``: a fresh store URL, with whatever that backend needs set up."""

    def url_for(backend: str) -> str:
        endpoint, postgres = None, None
        if backend == "postgresql":
            postgres = request.getfixturevalue("postgres_cluster")
        elif backend == "dynamodb-mock":
            request.getfixturevalue("moto_mock")
        elif backend == "dynamodb-server":
            request.getfixturevalue("aws_env")
            endpoint = request.getfixturevalue("moto_server")
        return make_store_url(backend, tmp_path, endpoint, postgres)

    return url_for


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, store_url_for: Callable[[str], str]) -> str:
    return store_url_for(request.param)


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()
