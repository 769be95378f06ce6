"""Lists (http-api.md, "Lists"): GET /v1/resources, GET /v1/filings, GET /v1/notifications.

Paging across pages, ordering, filters, every role, and cursors that cannot be
carried into another query, on every store backend.
"""
from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest

from conftest import STORE_BACKENDS

from .conftest import API_BACKENDS, NOW, error_code
from .filing_support import Filer, ok


@pytest.fixture(params=[b if b in API_BACKENDS else pytest.param(b, marks=pytest.mark.slow) for b in STORE_BACKENDS])
def store_url(request, store_url_for):
    """Lists read index items every backend keeps in its own way (pages, cursors, shards):
    they run on all of them; the fast suite takes memory and SQLite, CI the rest."""
    return store_url_for(request.param)


def all_pages(session, path: str, key: str, limit: int, **params) -> tuple[list[dict], int]:
    """Every item of a list read ``limit`` at a time, and how many pages it took."""
    items, cursor, pages = [], None, 0
    while True:
        query = {**params, "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        response = session.get(path, query_string=query)
        assert response.status_code == 200, response.json
        body = response.json
        assert set(body) == {key, "next_cursor"}
        assert len(body[key]) <= limit
        items += body[key]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages
        assert body[key], "a page with a next cursor has items"


# Resources.

def test_a_customer_lists_their_own_resources_by_id_across_pages(api):
    for rid in ("i-5", "i-1", "i-4", "i-2", "i-3"):
        api.resource(rid, owner="alice")
    api.resource("i-0", owner="bob")
    resources, pages = all_pages(api.as_("alice"), "/v1/resources", "resources", limit=2)
    assert [r["resource_id"] for r in resources] == ["i-1", "i-2", "i-3", "i-4", "i-5"]
    assert pages == 3
    assert resources[0] == {"resource_id": "i-1", "owner": "alice", "product": "ecs", "billing": "subscription",
                            "term_months": 12, "order_amount": 0, "public_bandwidth_mbps": 5,
                            "region": "cn-hangzhou", "expires_at": "2027-06-01T00:00:00Z", "status": "running"}
    assert api.as_("carol").get("/v1/resources").json == {"resources": [], "next_cursor": None}


@pytest.mark.parametrize("role", ["operator", "regulator"])
def test_staff_list_every_accounts_resources_in_id_order_or_one_owners(api, role):
    ids = [f"i-{n:02d}" for n in range(11)]
    for n, rid in enumerate(ids):
        api.resource(rid, owner=("alice", "bob", "carol")[n % 3])
    staff = api.as_("staff-1", role)
    everything, pages = all_pages(staff, "/v1/resources", "resources", limit=4)
    assert [r["resource_id"] for r in everything] == ids and pages == 3
    bobs, _ = all_pages(staff, "/v1/resources", "resources", limit=2, owner="bob")
    assert [r["resource_id"] for r in bobs] == ids[1::3]
    assert staff.get("/v1/resources").json["next_cursor"] is None  # 11 fit the default page of 50


def test_a_resource_moved_to_another_owner_moves_list(api):
    api.resource("i-1", owner="alice")
    api.resource("i-1", owner="bob")
    assert api.as_("alice").get("/v1/resources").json["resources"] == []
    assert [r["resource_id"] for r in api.as_("bob").get("/v1/resources").json["resources"]] == ["i-1"]
    assert [r["owner"] for r in api.operator.get("/v1/resources").json["resources"]] == ["bob"]


def test_a_customer_may_name_only_themselves_as_owner(api):
    api.resource("i-1", owner="alice")
    alice = api.as_("alice")
    assert [r["resource_id"] for r in alice.get("/v1/resources?owner=alice").json["resources"]] == ["i-1"]
    response = alice.get("/v1/resources?owner=bob")
    assert response.status_code == 403 and error_code(response) == "forbidden"


# Filings.

def submitted_over_time(api, clock, filer: Filer, count: int) -> list[str]:
    """``count`` filings, a minute apart, in submission order."""
    ids = []
    for n in range(count):
        clock.set(NOW + timedelta(minutes=n))
        ids.append(filer.submit()["filing_id"])
    return ids


def test_a_customer_lists_their_filings_newest_first_across_pages(api, clock):
    alice = Filer(api, "alice")
    ids = submitted_over_time(api, clock, alice, 5)
    Filer(api, "bob").submit()
    filings, pages = all_pages(alice.me, "/v1/filings", "filings", limit=2)
    assert [f["filing_id"] for f in filings] == ids[::-1] and pages == 3
    assert filings[0]["status"] == "in_review" and filings[0]["subject"]["id_number_masked"].count("*") == 11


@pytest.mark.parametrize("role", ["operator", "regulator"])
def test_staff_list_every_filing_newest_first_or_one_owners(api, clock, role):
    alice, bob = Filer(api, "alice"), Filer(api, "bob")
    ids = []
    for n in range(6):
        clock.set(NOW + timedelta(minutes=n))
        ids.append((alice if n % 2 else bob).submit()["filing_id"])
    staff = api.as_("staff-1", role)
    everything, pages = all_pages(staff, "/v1/filings", "filings", limit=4)
    assert [f["filing_id"] for f in everything] == ids[::-1] and pages == 2
    alices, _ = all_pages(staff, "/v1/filings", "filings", limit=1, owner="alice")
    assert [f["filing_id"] for f in alices] == ids[1::2][::-1]


def test_the_review_queue_is_oldest_first_and_follows_each_decision(api, clock):
    alice, bob = Filer(api, "alice"), Filer(api, "bob")
    ids = []
    for n in range(5):
        clock.set(NOW + timedelta(minutes=n))
        ids.append((alice, bob)[n % 2].submit()["filing_id"])
    regulator = api.regulator
    queue, pages = all_pages(regulator, "/v1/filings", "filings", limit=2, status="in_review")
    assert [f["filing_id"] for f in queue] == ids and pages == 3
    ok(regulator.post(f"/v1/filings/{ids[0]}/approve"))
    ok(regulator.post(f"/v1/filings/{ids[3]}/reject", {"reason": "名称不符"}))
    queue, _ = all_pages(regulator, "/v1/filings", "filings", limit=2, status="in_review")
    assert [f["filing_id"] for f in queue] == [ids[1], ids[2], ids[4]]
    approved = regulator.get("/v1/filings?status=approved").json["filings"]
    assert [(f["filing_id"], f["filing_number"]) for f in approved] == [(ids[0], "浙ICP备2026000001号-1")]
    assert [f["filing_id"] for f in regulator.get("/v1/filings?status=rejected").json["filings"]] == [ids[3]]
    # An owner's list filtered by status, for staff and for the owner.
    assert [f["filing_id"] for f in regulator.get("/v1/filings?status=in_review&owner=bob").json["filings"]] == \
        [ids[1]]
    assert [f["filing_id"] for f in bob.me.get("/v1/filings?status=rejected").json["filings"]] == [ids[3]]
    assert [f["filing_id"] for f in alice.me.get("/v1/filings?status=in_review").json["filings"]] == [ids[2], ids[4]]


def test_every_status_list_follows_the_filing(api, clock):
    filer = Filer(api)
    statuses = ["in_review", "approved", "rejected", "access_revoked", "cancelled"]
    by_status = {}
    for n, status in enumerate(statuses):
        clock.set(NOW + timedelta(minutes=n))
        by_status[status] = filer.in_state(status)["filing_id"]
    for status, fid in by_status.items():
        listed = api.operator.get("/v1/filings", query_string={"status": status}).json["filings"]
        assert [(f["filing_id"], f["status"]) for f in listed] == [(fid, status)], status
        mine = filer.me.get("/v1/filings", query_string={"status": status}).json["filings"]
        assert [f["filing_id"] for f in mine] == [fid], status
    assert len(filer.me.get("/v1/filings").json["filings"]) == 5


# Notifications.

def test_notifications_page_newest_first(api, clock):
    filer = Filer(api)
    ids = submitted_over_time(api, clock, filer, 5)
    for n, fid in enumerate(ids):
        clock.set(NOW + timedelta(hours=1, minutes=n))
        ok(api.regulator.post(f"/v1/filings/{fid}/reject", {"reason": f"理由{n}"}))
    notes, pages = all_pages(filer.me, "/v1/notifications", "notifications", limit=2)
    assert [n["filing_id"] for n in notes] == ids[::-1] and pages == 3
    assert filer.me.get("/v1/notifications").json["next_cursor"] is None


# Cursors and parameters.

def first_cursor(session, path: str, **params) -> str:
    cursor = session.get(path, query_string={"limit": "1", **params}).json["next_cursor"]
    assert isinstance(cursor, str)
    return cursor


def test_a_cursor_cannot_be_carried_into_another_accounts_list(api, clock):
    alice, mallory = Filer(api, "alice"), Filer(api, "mallory")
    submitted_over_time(api, clock, alice, 2)
    submitted_over_time(api, clock, mallory, 2)
    for path in ("/v1/filings", "/v1/resources", "/v1/notifications"):
        if path == "/v1/resources":
            api.resource("i-alice-2", owner="alice")
        if path == "/v1/notifications":
            for fid in [f["filing_id"] for f in alice.me.get("/v1/filings").json["filings"]]:
                ok(api.regulator.post(f"/v1/filings/{fid}/approve"))
        alices = first_cursor(alice.me, path)
        response = mallory.me.get(path, query_string={"cursor": alices})
        assert response.status_code == 400 and error_code(response) == "invalid_request", path
        assert response.json["error"]["field"] == "cursor"


def test_a_cursor_belongs_to_its_own_query(api, clock):
    filer = Filer(api)
    submitted_over_time(api, clock, filer, 3)
    regulator = api.regulator
    queue_cursor = first_cursor(regulator, "/v1/filings", status="in_review")
    assert regulator.get("/v1/filings", query_string={"status": "in_review", "cursor": queue_cursor}).status_code == 200
    for other in ({}, {"status": "approved"}, {"owner": "alice", "status": "in_review"}):
        response = regulator.get("/v1/filings", query_string={**other, "cursor": queue_cursor})
        assert response.status_code == 400 and error_code(response) == "invalid_request", other
    # Another staff account, even of the same role, cannot reuse it either.
    response = api.as_("bureau-2", "regulator").get("/v1/filings",
                                                    query_string={"status": "in_review", "cursor": queue_cursor})
    assert response.status_code == 400
    # A filings cursor is not a resources cursor.
    assert regulator.get("/v1/resources", query_string={"cursor": queue_cursor}).status_code == 400


def test_a_forged_cursor_is_refused(api, clock):
    alice, bob = Filer(api, "alice"), Filer(api, "bob")
    submitted_over_time(api, clock, alice, 2)
    submitted_over_time(api, clock, bob, 2)
    cursor = first_cursor(alice.me, "/v1/filings")
    payload, tag = cursor.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["after"] = "9999"  # move the position
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=") + "." + tag
    for bad in (forged, cursor[:-2], cursor + "x", "garbage", "a.b.c", "", "é" * 10, "x" * 5000):
        response = alice.me.get("/v1/filings", query_string={"cursor": bad})
        assert response.status_code == 400 and error_code(response) == "invalid_request", bad


@pytest.mark.parametrize("query, field", [
    ({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"), ({"limit": "x"}, "limit"), ({"limit": "-1"}, "limit"),
    ({"limit": ""}, "limit"), ({"limit": "1.5"}, "limit"), ({"status": "done"}, "status"),
    ({"owner": "a/b"}, "owner"), ({"sort": "asc"}, "sort"),
])
def test_bad_parameters_are_invalid_requests_naming_them(api, query, field):
    response = api.operator.get("/v1/filings", query_string=query)
    assert response.status_code == 400 and error_code(response) == "invalid_request"
    assert response.json["error"]["field"] == field


def test_a_parameter_given_twice_is_refused(api):
    response = api.operator.get("/v1/resources?limit=1&limit=2")
    assert response.status_code == 400 and response.json["error"]["field"] == "limit"


def test_limits_of_the_page_size(api):
    for n in range(3):
        api.resource(f"i-{n}", owner="alice")
    assert len(api.operator.get("/v1/resources?limit=100").json["resources"]) == 3
    assert len(api.operator.get("/v1/resources?limit=1").json["resources"]) == 1


@pytest.mark.parametrize("path", ["/v1/resources", "/v1/filings", "/v1/notifications"])
def test_lists_need_a_token(api, path):
    response = api.anonymous.get(path)
    assert response.status_code == 401 and error_code(response) == "unauthenticated"


@pytest.mark.parametrize("role", ["operator", "regulator"])
def test_notifications_are_a_customers_list_only(api, role):
    response = api.as_("staff-1", role).get("/v1/notifications")
    assert response.status_code == 403 and error_code(response) == "forbidden"


def test_an_unreadable_query_is_an_invalid_request(api):
    response = api.operator.get("/v1/filings?status=%ff")
    assert response.status_code == 400 and error_code(response) == "invalid_request"
    # Operations that take no parameters do not read the query at all.
    assert api.operator.get("/v1/resources/i-none?x=%ff").status_code == 404
