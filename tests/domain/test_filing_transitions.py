"""The filing state machine is one table (filings.TRANSITIONS), and it is domain.md's."""
from __future__ import annotations

from icp_filing import cancellation, filings

DOMAIN_MD = {   # action: (from, to), as domain.md, "Filings", states them
    "approve": ({"in_review"}, "approved"),
    "reject": ({"in_review"}, "rejected"),
    "revoke_access": ({"approved"}, "access_revoked"),
    "restore_access": ({"access_revoked"}, "approved"),
    "cancel:subject_request": ({"approved", "access_revoked"}, "cancelled"),
    "cancel:domain_expired": ({"approved", "access_revoked"}, "cancelled"),
    "cancel:illegal_content": ({"approved", "access_revoked"}, "cancelled"),
    "cancel:access_not_renewed": ({"access_revoked"}, "cancelled"),
}


def test_the_table_is_domain_mds():
    assert {a: (set(t.sources), t.target) for a, t in filings.TRANSITIONS.items()} == DOMAIN_MD


def test_every_cancel_reason_has_its_row():
    assert {r.action for r in cancellation.REASONS.values()} == {a for a in DOMAIN_MD if a.startswith("cancel:")}


def test_final_statuses_lead_nowhere():
    for transition in filings.TRANSITIONS.values():
        assert not transition.sources & {"rejected", "cancelled"}
