"""The expiry scan (domain.md, "Expiry scan"): each stage, idempotency, resumption
after a budget cut, renewal rescheduling, overlapping runs; on every backend."""
from __future__ import annotations

import itertools
import threading
from datetime import datetime, timedelta, timezone

import pytest

from api.filing_support import application
from icp_filing import expiry_scan, filings, notifications, resource_updates, resources, service_numbers
from icp_filing.access import Caller
from icp_filing.config import load
from icp_filing.context import Context

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
ALICE, BUREAU, OPERATOR = Caller("alice", "customer"), Caller("bureau", "regulator"), Caller("op", "operator")


def facts(expires_at: datetime, **changes) -> dict:
    return {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
            "public_bandwidth_mbps": 5, "region": "cn-hangzhou",
            "expires_at": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"), **changes}


class World:
    """A store, a movable clock, and shortcuts to put resources and filings in place."""

    def __init__(self, store):
        self.now = T0
        self.ctx = Context(store, load(), clock=lambda: self.now)

    def resource(self, rid: str, expires_at: datetime, **changes) -> None:
        resource_updates.upsert(self.ctx, rid, facts(expires_at, **changes), "operator:test")

    def sns(self, rid: str, n: int) -> list[str]:
        return [sn.service_number for sn in service_numbers.issue(self.ctx, ALICE, rid, n)[0]]

    def filing(self, rid: str, state: str) -> str:
        [sn] = self.sns(rid, 1)
        fid = filings.submit(self.ctx, ALICE, application(sn)).filing_id
        if state in ("approved", "access_revoked"):
            filings.approve(self.ctx, BUREAU, fid)
        if state == "access_revoked":
            filings.revoke_access(self.ctx, OPERATOR, fid, "missing_info")
        return fid

    def status(self, fid: str) -> str:
        return filings.load(self.ctx, fid).status

    def sn_status(self, number: str) -> str:
        return service_numbers.find(self.ctx, number).status

    def scan(self, at: datetime, budget: expiry_scan.Budget | None = None) -> dict:
        return expiry_scan.run(self.ctx, at, budget or expiry_scan.Budget.seconds(60)).to_dict()

    def notes(self, account: str = "alice") -> list[dict]:
        return notifications.of_account(self.ctx, account, "en")


@pytest.fixture
def world(store) -> World:
    return World(store)


NOTHING = {"released": 0, "access_revoked": 0, "cancelled": 0, "reminded": 0, "purged": 0, "complete": True}


def test_nothing_due_nothing_done(world):
    world.resource("i-1", T0 + 30 * DAY)
    assert world.scan(T0) == NOTHING


def test_release_after_the_grace_period(world):
    world.resource("i-1", T0 + DAY)
    pending, approved = world.filing("i-1", "in_review"), world.filing("i-1", "approved")
    spare = world.sns("i-1", 1)[0]
    assert world.scan(T0 + 16 * DAY - timedelta(seconds=1)) == NOTHING  # expired, still in grace
    summary = world.scan(T0 + 16 * DAY)                                 # now >= expires_at + 15 days
    assert summary == {**NOTHING, "released": 1, "access_revoked": 1}
    assert resources.load(world.ctx, "i-1").status == "released"
    assert world.status(pending) == "rejected" and world.status(approved) == "access_revoked"
    rejected_sn = filings.load(world.ctx, pending).service_number
    assert world.sn_status(spare) == "void" and world.sn_status(rejected_sn) == "void"  # given back, then void
    assert filings.load(world.ctx, approved).access_revoked_at == T0 + 16 * DAY
    kinds = [n["kind"] for n in world.notes()]
    assert kinds[:3] == ["resource_released", "access_revoked", "filing_rejected"]


def test_cancel_after_the_access_grace_period(world):
    world.resource("i-1", T0 + 365 * DAY)
    fid = world.filing("i-1", "access_revoked")               # revoked at T0
    assert world.scan(T0 + 30 * DAY - timedelta(seconds=1)) == NOTHING
    assert world.scan(T0 + 30 * DAY) == {**NOTHING, "cancelled": 1}
    filing = filings.load(world.ctx, fid)
    assert (filing.status, filing.cancel_reason) == ("cancelled", "access_not_renewed")
    assert world.sn_status(filing.service_number) == "void"
    assert world.notes()[0]["kind"] == "filing_cancelled"
    events = filings.history_of(world.ctx, BUREAU, fid)
    assert events[-2]["actor"] == "system:expiry-scan" and events[-2]["at"] == "2026-12-30T08:00:00Z"


def test_reaccess_takes_a_filing_off_the_cancellation_schedule(world):
    world.resource("i-1", T0 + 365 * DAY)
    fid = world.filing("i-1", "access_revoked")
    filings.reaccess(world.ctx, ALICE, fid, world.sns("i-1", 1)[0])
    assert world.scan(T0 + 31 * DAY) == NOTHING and world.status(fid) == "approved"


def test_release_then_cancel_in_one_run_order(world):
    world.now = T0 - 61 * DAY
    world.resource("i-1", T0 - 50 * DAY)                      # long expired by T0
    fid = world.filing("i-1", "approved")
    world.now = T0
    summary = world.scan(T0)
    # released now (revoking access now), so not yet cancelled: 30 days from now
    assert summary == {**NOTHING, "released": 1, "access_revoked": 1}
    assert world.scan(T0 + 30 * DAY) == {**NOTHING, "cancelled": 1} and world.status(fid) == "cancelled"


def test_renewal_reminders_once_per_resource_and_expiry(world):
    world.resource("i-1", T0 + 10 * DAY)
    world.resource("i-2", T0 + 5 * DAY)                       # backs nothing: no reminder
    world.resource("i-3", T0 + 6 * DAY, owner="bob")
    world.filing("i-1", "approved")
    [sn] = service_numbers.issue(world.ctx, Caller("bob", "customer"), "i-3", 1)[0]
    filings.submit(world.ctx, Caller("bob", "customer"), application(sn.service_number))
    assert world.scan(T0) == {**NOTHING, "reminded": 1}       # i-3 (in review), within 7 days
    assert world.scan(T0 + timedelta(hours=1)) == NOTHING       # once
    assert world.scan(T0 + 3 * DAY) == {**NOTHING, "reminded": 1}  # i-1 now within 7 days
    assert [n["kind"] for n in world.notes()] == ["renewal_reminder", "filing_approved"]
    assert [n["resource_id"] for n in world.notes("bob")] == ["i-3"]
    assert "2026-12-06T08:00:00Z" in world.notes("bob")[0]["message"]


def test_renewal_reschedules_release_and_reminders(world):
    world.resource("i-1", T0 + 3 * DAY)
    world.filing("i-1", "approved")
    assert world.scan(T0)["reminded"] == 1
    world.resource("i-1", T0 + 400 * DAY)                      # renewed
    assert world.scan(T0 + 20 * DAY) == NOTHING                # not released
    assert world.scan(T0 + 395 * DAY)["reminded"] == 1         # a reminder for the new expiry date
    assert world.scan(T0 + 416 * DAY)["released"] == 1


def test_a_scan_run_twice_at_the_same_time_changes_and_sends_nothing(world):
    world.resource("i-1", T0 - 20 * DAY)
    world.resource("i-2", T0 + 2 * DAY)
    world.filing("i-2", "approved")
    world.resource("i-3", T0 + 365 * DAY)
    world.now = T0 - 40 * DAY
    world.filing("i-3", "access_revoked")
    world.now = T0
    first = world.scan(T0)
    assert first == {**NOTHING, "released": 1, "cancelled": 1, "reminded": 1}
    notes = world.notes()
    assert world.scan(T0) == NOTHING and world.notes() == notes


def test_a_scan_cut_by_its_budget_is_resumed_by_the_next(world):
    for n in range(7):
        world.resource(f"i-{n}", T0 - 20 * DAY)
    ticks = itertools.count()
    budget = expiry_scan.Budget(lambda: 3 - next(ticks))      # room for three items
    first = world.scan(T0, budget)
    assert first == {**NOTHING, "released": 3, "complete": False}
    second = world.scan(T0)
    assert second == {**NOTHING, "released": 4}
    assert all(resources.load(world.ctx, f"i-{n}").status == "released" for n in range(7))


def test_overlapping_scans_do_each_change_once(world):
    for n in range(6):
        world.resource(f"i-{n}", T0 - 20 * DAY)
    results = []
    threads = [threading.Thread(target=lambda: results.append(world.scan(T0))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r["released"] for r in results) == 6
    assert len([n for n in world.notes() if n["kind"] == "resource_released"]) == 6


def test_an_operator_release_has_the_same_effects(world):
    world.resource("i-1", T0 + 100 * DAY)
    pending, approved = world.filing("i-1", "in_review"), world.filing("i-1", "approved")
    spare = world.sns("i-1", 1)[0]
    world.resource("i-1", T0 + 100 * DAY, status="released")
    assert world.status(pending) == "rejected" and world.status(approved) == "access_revoked"
    assert world.sn_status(spare) == "void"
    assert world.notes()[0]["kind"] == "resource_released"
    assert world.scan(T0 + 10 * DAY) == NOTHING                # its release is done
    assert world.scan(T0 + 30 * DAY) == {**NOTHING, "cancelled": 1}  # access not renewed in time


def test_the_scan_reads_only_what_is_due(world):
    """Far-future resources are never read: the scan's queries are sort-key ranges."""
    for n in range(30):
        world.resource(f"i-future-{n}", T0 + 200 * DAY)
    world.resource("i-due", T0 - 20 * DAY)
    reads = []
    store = world.ctx.store
    real_get = store.get

    def counting_get(pk, sk):
        reads.append(pk)
        return real_get(pk, sk)

    store.get = counting_get
    try:
        assert world.scan(T0)["released"] == 1
    finally:
        store.get = real_get
    assert not any("future" in pk for pk in reads)
