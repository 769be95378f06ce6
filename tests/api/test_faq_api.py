"""Answer FAQ over HTTP: the answer, the entries, and the live diagnosis."""
from __future__ import annotations

import pytest

from .conftest import error_code

ANSWER = "/v1/faq/answer"


def test_anyone_may_ask(api):
    response = api.anonymous.post(ANSWER, {"question": "备案号被注销了还能恢复吗"})
    assert response.status_code == 200
    body = response.json
    assert body["answer"]["id"] == "filing-number-restore"
    assert set(body["answer"]) == {"id", "question", "answer", "score"} and 0 < body["answer"]["score"] <= 1
    assert all(set(a) == {"id", "question", "score"} for a in body["alternatives"])
    assert "diagnosis" not in body


def test_off_topic_questions_get_no_answer(api):
    body = api.anonymous.post(ANSWER, {"question": "今天上海最高气温多少度"}).json
    assert body["answer"] is None


def test_english_answers_on_request(api):
    body = api.as_("alice", lang="en").post(ANSWER, {"question": "Can a service number be reused?"}).json
    assert body["answer"]["id"] == "service-number-reuse" and body["answer"]["answer"].isascii()


def test_every_entry_is_listed(api):
    entries = api.anonymous.get("/v1/faq").json["entries"]
    assert len(entries) == 11 and all(set(e) == {"id", "question"} for e in entries)
    assert "service-number-definition" in {e["id"] for e in entries}


def test_the_owner_gets_a_live_diagnosis_of_the_named_resource(api):
    api.resource("i-1", billing="pay_as_you_go")
    body = api.as_("alice").post(ANSWER, {"question": "为什么我申请不了备案服务号？", "resource_id": "i-1"}).json
    assert body["answer"] is not None
    assert body["diagnosis"]["resource_id"] == "i-1" and body["diagnosis"]["eligible"] is False
    assert [r["code"] for r in body["diagnosis"]["reasons"]] == ["pay_as_you_go"]


def test_another_customer_learns_only_not_owner(api):
    api.resource("i-1")
    body = api.as_("mallory").post(ANSWER, {"question": "为什么看不到申请按钮", "resource_id": "i-1"}).json
    assert body["diagnosis"] == {"resource_id": "i-1", "eligible": False, "reasons": body["diagnosis"]["reasons"]}
    assert [r["code"] for r in body["diagnosis"]["reasons"]] == ["not_owner"]


@pytest.mark.parametrize("resource_id", ["i-none", "../etc"])
def test_no_diagnosis_without_a_known_resource(api, resource_id):
    body = api.as_("alice").post(ANSWER, {"question": "服务号用完了怎么办", "resource_id": resource_id}).json
    assert "diagnosis" not in body and body["answer"]["id"] == "service-number-used-up"


def test_no_diagnosis_for_anonymous_callers(api):
    api.resource("i-1")
    body = api.anonymous.post(ANSWER, {"question": "服务号用完了怎么办", "resource_id": "i-1"}).json
    assert "diagnosis" not in body


def test_a_presented_token_must_be_valid(api):
    response = api.client.post(ANSWER, json={"question": "x"}, headers={"Authorization": "Bearer junk"})
    assert response.status_code == 401 and error_code(response) == "unauthenticated"


@pytest.mark.parametrize("body, field", [({}, "question"), ({"question": 5}, "question"),
                                         ({"question": "x", "resource_id": 7}, "resource_id"),
                                         ({"question": "x", "extra": 1}, "extra"),
                                         ({"question": "问" * 4001}, "question")])
def test_bad_questions_are_invalid_request(api, body, field):
    response = api.anonymous.post(ANSWER, body)
    assert response.status_code == 400 and response.json["error"]["field"] == field


def test_an_empty_question_has_no_answer(api):
    assert api.anonymous.post(ANSWER, {"question": "   "}).json["answer"] is None


# ---- the asker's language and script

def _entry_text(entry_id: str, lang: str) -> tuple[str, str]:
    from icp_filing.faq import entry
    return entry(entry_id).question(lang), entry(entry_id).answer(lang)


def test_a_traditional_question_gets_a_traditional_answer(api):
    body = api.anonymous.post(ANSWER, {"question": "備案號被註銷後還能恢復嗎"}).json
    assert body["answer"]["id"] == "filing-number-restore"
    assert (body["answer"]["question"], body["answer"]["answer"]) == _entry_text("filing-number-restore", "zh-Hant")
    assert "備案號" in body["answer"]["answer"] and "备案号" not in body["answer"]["answer"]


@pytest.mark.parametrize("header, lang", [
    ("zh-TW", "zh-Hant"), ("zh-HK", "zh-HK"), ("zh-Hant", "zh-Hant"), ("zh-Hant-TW,zh;q=0.8", "zh-Hant"),
    ("zh-MO", "zh-HK"),
])
def test_accept_language_asks_for_traditional(api, header, lang):
    body = api.as_("alice", lang=header).post(ANSWER, {"question": "服务器的备案服务号用完了怎么办"}).json
    assert body["answer"]["id"] == "service-number-used-up"
    assert body["answer"]["answer"] == _entry_text("service-number-used-up", lang)[1]
    assert "服務號" in body["answer"]["answer"] and "服务号" not in body["answer"]["answer"]


@pytest.mark.parametrize("header, expected", [
    (None, "en"), ("zh-CN", "zh"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("zh-TW", "zh-Hant"), ("en-US", "en"),
    ("fr-FR", "en"), ("zh", "zh"),
])
def test_an_english_question_is_answered_in_english_unless_the_caller_asked_otherwise(api, header, expected):
    body = api.as_("alice", lang=header).post(ANSWER, {"question": "Can a service number be reused?"}).json
    assert body["answer"]["id"] == "service-number-reuse"
    assert body["answer"]["answer"] == _entry_text("service-number-reuse", expected)[1]


def test_the_diagnosis_speaks_the_answers_script(api):
    api.resource("i-1", billing="pay_as_you_go")
    body = api.as_("alice").post(ANSWER, {"question": "為什麼我申請不了備案服務號？", "resource_id": "i-1"}).json
    reason = body["diagnosis"]["reasons"][0]
    assert reason["code"] == "pay_as_you_go"
    assert "按量付費" in reason["message"] and "费" not in reason["message"] + reason["remedy"]
    assert "計費" in reason["remedy"]


def test_the_entry_list_in_traditional_on_request(api):
    entries = api.as_("alice", lang="zh-TW").get("/v1/faq").json["entries"]
    by_id = {e["id"]: e["question"] for e in entries}
    assert by_id["service-number-definition"] == _entry_text("service-number-definition", "zh-Hant")[0]
    assert "備案服務號" in by_id["service-number-definition"]
