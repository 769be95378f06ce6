"""The scheduled function: both event formats through scripts/invoke, "now" from
the event, the invocation's remaining time as the budget."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from functions_loader import function_module
from icp_api import runtime
from icp_filing import resource_updates
from icp_filing.config import load
from icp_filing.context import Context
from kvstore import open_store
from local.conftest import run_script, script_env

EXPIRED = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
           "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2026-10-01T00:00:00Z"}

EVENTBRIDGE = {"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event",
               "source": "aws.events", "account": "123456789012", "time": "2026-11-30T08:00:00Z",
               "region": "cn-north-1", "resources": ["arn:aws-cn:events:cn-north-1:123456789012:rule/hourly"],
               "detail": {}}
FC_TIMER = {"triggerTime": "2026-11-30T08:00:00Z", "triggerName": "hourly", "payload": ""}


def prepared_store(tmp_path) -> tuple[dict, str]:
    env = script_env(tmp_path)
    store = open_store(env["ICP_STORE_URL"])
    for n in range(3):
        resource_updates.upsert(Context(store, load()), f"i-{n}", EXPIRED, "operator:test")
    store.close()
    return env, env["ICP_STORE_URL"]


@pytest.mark.slow  # scripts/invoke processes
@pytest.mark.parametrize("event", [EVENTBRIDGE, FC_TIMER], ids=["eventbridge", "fc-timer"])
def test_invoke_runs_the_scan_with_the_events_time(tmp_path, event):
    env, url = prepared_store(tmp_path)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    result = run_script("invoke", "ExpiryScanFunction", "--event", str(path), env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"released": 3, "access_revoked": 0, "cancelled": 0, "reminded": 0,
                                         "purged": 0, "complete": True}
    assert '"expiry_scan"' in result.stderr  # and logged
    store = open_store(url)
    released = store.query("NOTIFY#alice").items[0]
    assert released["kind"] == "resource_released" and released["created_at"] == "2026-11-30T08:00:00Z"
    again = run_script("invoke", "ExpiryScanFunction", "--event", "-", env=env, stdin=json.dumps(event))
    assert json.loads(again.stdout)["released"] == 0


@pytest.mark.slow  # a scripts/invoke process
def test_before_the_grace_period_nothing_is_released(tmp_path):
    env, _ = prepared_store(tmp_path)
    early = {**EVENTBRIDGE, "time": "2026-10-10T00:00:00Z"}
    result = run_script("invoke", "ExpiryScanFunction", "--event", "-", env=env, stdin=json.dumps(early))
    assert json.loads(result.stdout)["released"] == 0


@pytest.fixture
def scan(store):
    runtime.use(Context(store, load()))
    yield function_module("ExpiryScanFunction")
    runtime.use(None)


@pytest.mark.parametrize("event, expected", [
    (EVENTBRIDGE, datetime(2026, 11, 30, 8, tzinfo=timezone.utc)),
    (FC_TIMER, datetime(2026, 11, 30, 8, tzinfo=timezone.utc)),
    (json.dumps(FC_TIMER).encode(), datetime(2026, 11, 30, 8, tzinfo=timezone.utc)),   # FC hands over bytes
    ({"time": "2026-11-30T16:00:00+08:00"}, datetime(2026, 11, 30, 8, tzinfo=timezone.utc)),
    ({}, None), (b"", None), ({"time": "not a time"}, None), ([], None),
])
def test_now_comes_from_the_event(scan, event, expected):
    assert scan.scan_time(event) == expected


class ContextWithTime:
    def __init__(self, remaining_ms: int):
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def test_the_scan_stops_before_the_invocation_runs_out(scan, store):
    resource_updates.upsert(Context(store, load()), "i-1", EXPIRED, "operator:test")
    assert scan.handler(EVENTBRIDGE, ContextWithTime(5_000))["complete"] is False  # under the 10 s reserve
    assert scan.handler(EVENTBRIDGE, ContextWithTime(60_000)) == {
        "released": 1, "access_revoked": 0, "cancelled": 0, "reminded": 0, "purged": 0, "complete": True}
