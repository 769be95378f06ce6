"""customer_notices as a pure function of the facts: every kind renders in both
languages, a notification stored before a fact was kept leaves that sentence out,
and counts read right in English."""
from __future__ import annotations

import pytest

from icp_filing.customer_notices import KINDS, error_message, message, reasons_told, supply_sentence

# What notifications stored before this module carried (the old facts per kind).
OLD_FACTS = {
    "filing_approved": {"domain": "a.example.com", "filing_number": "浙ICP备2026000001号-1"},
    "filing_rejected": {"domain": "a.example.com", "reason": "名称不符"},
    "access_revoked": {"domain": "a.example.com", "filing_number": "浙ICP备2026000001号-1",
                       "reason": "missing_info", "days": 30},
    "access_restored": {"domain": "a.example.com", "filing_number": "浙ICP备2026000001号-1"},
    "filing_cancelled": {"domain": "a.example.com", "filing_number": "浙ICP备2026000001号-1",
                         "reason": "subject_request"},
    "resource_released": {"resource_id": "i-1"},
    "renewal_reminder": {"resource_id": "i-1", "expires_at": "2026-12-06T08:00:00Z"},
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_old_notifications_render_without_holes(kind, lang):
    text = message(kind, OLD_FACTS[kind], lang)
    assert text and "{" not in text and "None" not in text
    assert "a.example.com" in text or "i-1" in text
    # No claim about a number or a next step the old facts do not support.
    assert "可再次" not in text and "can be used" not in text


def test_english_counts_agree_with_their_nouns():
    one = {"resource_id": "i-1", "state": "ok", "unused": 1, "remaining": 1}
    assert "1 unused service number of" in supply_sentence(one, "en")
    assert "2 unused service numbers of" in supply_sentence({**one, "unused": 2}, "en")
    assert "Its 1 unused service number is void" in message("resource_released", {"resource_id": "i", "voided": 1}, "en")


@pytest.mark.parametrize("quota, requested, left_words", [({"limit": 5, "issued": 3, "remaining": 2}, 3, True),
                                                          ({"limit": 5, "issued": 5, "remaining": 0}, 1, False),
                                                          ({"limit": 5, "issued": 5, "remaining": 0}, None, False)])
def test_quota_words_follow_what_remains(quota, requested, left_words):
    facts = {"quota": quota, "requested": requested}
    for lang in ("zh", "en"):
        [told] = reasons_told(["quota_exhausted"], lang, "ecs", facts)
        error = error_message("quota_exhausted", lang, facts)
        used_up = "用完" if lang == "zh" else "used up"
        for text in (told["message"], error):
            assert (used_up in text) != left_words
            assert (str(quota["remaining"]) in text) if left_words else True


def test_filing_cancelled_refusals_advise_filing_anew_only_where_open():
    assert error_message("filing_cancelled", "zh", {"cancel_reason": "illegal_content"}) == "该备案已注销，不可恢复。"
    assert error_message("filing_cancelled", "zh", {"cancel_reason": "domain_expired"}) == "该备案已注销，不可恢复。"
    assert error_message("filing_cancelled", "zh", {"cancel_reason": "subject_request"}) is None  # the code's text
