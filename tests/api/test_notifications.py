"""Notifications: the owner hears of each change that affects it, newest first."""
from __future__ import annotations

from datetime import timedelta

from .conftest import NOW, error_code
from .filing_support import Filer, ok


def test_each_change_notifies_the_owner_newest_first(api, clock):
    filer = Filer(api)
    filing = filer.submit(domain="news.example.com")
    fid = filing["filing_id"]
    steps = [lambda: api.regulator.post(f"/v1/filings/{fid}/approve"),
             lambda: api.operator.post(f"/v1/filings/{fid}/access-revocation", {"reason": "missing_info"}),
             lambda: filer.me.post(f"/v1/filings/{fid}/access", {"service_number": filer.new_sn()}),
             lambda: filer.me.post(f"/v1/filings/{fid}/cancel", {"reason": "subject_request"})]
    for minutes, step in enumerate(steps, start=1):
        clock.set(NOW + timedelta(minutes=minutes))
        ok(step())
    notes = filer.me.get("/v1/notifications").json["notifications"]
    assert [n["kind"] for n in notes] == ["filing_cancelled", "access_restored", "access_revoked", "filing_approved"]
    assert all(set(n) == {"notification_id", "kind", "resource_id", "filing_id", "message", "created_at"}
               for n in notes)
    assert notes[0]["created_at"] == "2026-11-30T08:04:00Z" and notes[-1]["filing_id"] == fid
    assert "news.example.com" in notes[-1]["message"] and "浙ICP备2026000001号-1" in notes[-1]["message"]
    english = api.as_("alice", lang="en").get("/v1/notifications").json["notifications"]
    assert english[-1]["message"].startswith("The filing of news.example.com was approved")


def test_rejection_is_notified(api):
    filer = Filer(api)
    filing = filer.submit()
    ok(api.regulator.post(f"/v1/filings/{filing['filing_id']}/reject", {"reason": "名称不符"}))
    [note] = filer.me.get("/v1/notifications").json["notifications"]
    assert note["kind"] == "filing_rejected" and "名称不符" in note["message"]


def test_notifications_are_per_account(api):
    Filer(api).in_state("approved")
    assert api.as_("mallory").get("/v1/notifications").json == {"notifications": [], "next_cursor": None}
    response = api.operator.get("/v1/notifications")
    assert response.status_code == 403 and error_code(response) == "forbidden"


def test_reasons_are_told_in_words(api):
    filer = Filer(api)
    filing = filer.in_state("approved")
    ok(api.operator.post(f"/v1/filings/{filing['filing_id']}/access-revocation", {"reason": "missing_info"}))
    zh = filer.me.get("/v1/notifications").json["notifications"][0]["message"]
    en = api.as_("alice", lang="en").get("/v1/notifications").json["notifications"][0]["message"]
    assert "备案信息缺失" in zh and "missing_info" not in zh
    assert "the filing information was incomplete" in en
