"""FAQ answers in the asker's language and script, the n-gram model beside the lexicon,
and the generated data files (hant.json, model.json) against their sources."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from icp_filing import faq
from icp_filing.faq import answer, entries, entry
from icp_filing.faq.model import MODEL, NgramModel
from icp_filing.faq.script import (HANT, TRADITIONAL, is_traditional, question_language, reply_language,
                                   to_traditional)
from icp_filing.reasons import REASONS

PROJECT = Path(__file__).resolve().parents[2]


# ---- which language an answer is in

@pytest.mark.parametrize("question, expected", [
    ("备案号会过期吗", "zh"), ("備案號會過期嗎", "zh-Hant"), ("does a filing number expire?", "en"),
    ("what is 备案服务号", "zh"), ("what is 備案服務號", "zh-Hant"), ("", "zh"), ("123？", "zh"),
    ("我的雲伺服器只有內網IP，能拿來做備案嗎", "zh-Hant"), ("ECS no public IP, 可以备案吗", "zh"),
])
def test_the_question_decides_when_the_caller_did_not(question, expected):
    assert question_language(question) == expected
    assert reply_language(None, question) == expected


@pytest.mark.parametrize("accept, question, expected", [
    ("en", "備案號會過期嗎", "en"),                 # English asked for: English whatever the question
    ("zh-CN", "does it expire?", "zh"),             # a script asked for: that script
    ("zh-TW", "备案号会过期吗", "zh-Hant"),
    ("zh-HK", "备案号会过期吗", "zh-HK"), ("zh-MO", "备案号会过期吗", "zh-HK"),
    ("zh-Hant", "备案号会过期吗", "zh-Hant"), ("zh-Hans", "備案號會過期嗎", "zh"),
    ("zh", "備案號會過期嗎", "zh-Hant"),             # Chinese without a script: the question's script
    ("zh", "does it expire?", "zh"),
    ("fr-FR, *", "does it expire?", "en"),          # neither language named: the question decides
    ("en;q=0.5, zh-TW;q=0.9", "does it expire?", "zh-Hant"),
    ("zh-TW;q=0, en", "備案號會過期嗎", "en"),
])
def test_accept_language_decides_when_it_names_chinese_or_english(accept, question, expected):
    assert reply_language(accept, question) == expected


@pytest.mark.parametrize("text, traditional", [
    ("備案服務號可以重複使用嗎", True), ("备案服务号可以重复使用吗", False), ("ECS", False),
    ("服務号", False), ("網站備案没了", True),
])
def test_script_detection(text, traditional):
    assert is_traditional(text) is traditional


# ---- Traditional texts

@pytest.mark.parametrize("lang", TRADITIONAL)
def test_every_entry_reads_in_each_traditional_form(lang):
    for e in entries():
        for text, simplified in ((e.question(lang), e.question("zh")), (e.answer(lang), e.answer("zh"))):
            assert text != simplified and len(text) == len(simplified), e.id
            assert not is_traditional(simplified) and is_traditional(text), (e.id, text)


def test_hong_kong_forms_differ_where_they_should_and_the_wording_stays():
    # 每臺服务器 (Taiwan's standard) is 每台 in Hong Kong's; no Taiwan software phrases (注销 is not 登出).
    assert "每臺伺服器" not in entry("service-number-used-up").answer("zh-Hant")
    assert "每臺服務器" in entry("service-number-used-up").answer("zh-Hant")
    assert "每台服務器" in entry("service-number-used-up").answer("zh-HK")
    for e in entries():
        assert "登出" not in e.answer("zh-Hant") and "伺服器" not in e.answer("zh-Hant")


def test_every_reason_text_is_converted_as_opencc_did():
    import json
    variants = json.loads(HANT.read_text(encoding="utf-8"))["variants"]
    for reason in REASONS.values():
        for text in (reason.message.zh, reason.remedy.zh):
            for lang in TRADITIONAL:
                assert to_traditional(text, lang) == variants[lang]["texts"][text]


def test_a_region_tag_given_directly_picks_its_form():
    used_up = entry("service-number-used-up")
    assert used_up.answer("zh-TW") == used_up.answer("zh-Hant") != used_up.answer("zh")
    assert used_up.answer("zh-MO") == used_up.answer("zh-HK")
    assert used_up.answer("zh-CN") == used_up.answer("zh")
    assert answer("服务号用完了怎么办", lang="zh-TW").best.answer == used_up.answer("zh-Hant")


def test_a_text_not_converted_beforehand_falls_back_to_opencc_characters():
    text = "该实例还可以申请 2 个备案服务号，已申请的服务号不会退还。"
    converted = to_traditional(text, "zh-Hant")
    assert converted == "該實例還可以申請 2 個備案服務號，已申請的服務號不會退還。"
    assert to_traditional(text, "zh") == text and to_traditional(text, "en") == text


@pytest.mark.parametrize("traditional, simplified", [
    ("評估減少", "评估减少"), ("脫離", "脱离"), ("帳號", "账号"), ("衆", "众"),   # beyond a hand-written table
])
def test_questions_are_folded_with_opencc_s_character_table(traditional, simplified):
    from icp_filing.faq.normalize import canonical_chars
    assert canonical_chars(traditional) == canonical_chars(simplified)


@pytest.mark.slow
def test_hant_json_is_what_opencc_makes_of_the_current_texts():
    # Fails when a knowledge-base or reason text changed without `scripts/faq-hant`
    # (it also rewrites t2s.txt, the table questions are folded with).
    result = subprocess.run([sys.executable, str(PROJECT / "scripts" / "faq-hant"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---- the model beside the lexicon

@pytest.mark.slow
def test_model_json_is_what_training_makes_of_the_paraphrases():
    result = subprocess.run([sys.executable, str(PROJECT / "scripts" / "faq-train"), "--check"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_model_is_small_and_loads_with_the_standard_library_alone():
    # How long it takes is the benchmark's to say (bench/cold_warm.py --function faq, README),
    # not a timed test's: what a test can hold is what makes it cheap, a small file and no
    # third-party import (numpy trains it; inference must not need it).
    assert MODEL.stat().st_size < 160_000
    model = NgramModel.load(MODEL)
    assert model.classes[-1] == "none" and set(model.classes[:-1]) == {e.id for e in entries()}
    probe = ("import sys; from icp_filing.faq.model import MODEL, NgramModel;"
             "NgramModel.load(MODEL); print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in"
             " ('numpy', 'opencc', 'jieba', 'yaml', 'flask', 'boto3', 'botocore'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(Path(faq.__file__).parents[2])}).stdout.strip()
    assert loaded == ""


def test_the_model_is_not_asked_where_the_lexicon_is_sure():
    reading = faq._matcher().assess("备案号被注销了还能恢复吗")
    assert reading.ranked[0].evidence >= faq.LEXICON_SURE

    def never(_text):
        raise AssertionError("the model was asked")
    assert faq.decide(reading, never, faq._topics())[0] == "filing-number-restore"
    # Here the lexicon abstains and the model, confident, answers.
    for question in ("备案号是不是办一次就行了", "拿到备案号之后还要年年弄吗"):
        assert not any(r.answerable for r in faq._matcher().assess(question).ranked)
        best = answer(question).best
        assert best.id == "filing-number-validity" and best.score >= faq.MODEL_THRESHOLD


def _probabilities(best: str, p: float):
    rest = (1 - p) / 11
    return lambda _text: {c: (p if c == best else rest) for c in faq._model().classes}


def test_where_the_lexicon_is_unsure_the_model_may_overrule_it_or_make_it_abstain():
    # Enough evidence to answer the definition, not enough to be sure; nothing against reuse.
    reading = faq._matcher().assess("备案服务号是什么？")
    best = next(r for r in reading.ranked if r.answerable)
    assert best.entry_id == "service-number-definition" and best.evidence < faq.LEXICON_SURE
    topics = faq._topics()
    other = "service-number-reuse"
    assert reading.evidence[other] >= 0
    assert faq.decide(reading, _probabilities(other, 0.95), topics)[0] == other
    assert faq.decide(reading, _probabilities(other, faq.MODEL_OVERRULE - 0.05), topics)[0] == best.entry_id
    assert faq.decide(reading, _probabilities("none", 0.95), topics)[0] is None
    # An entry the lexicon counts against (restore, with a service number in the question) is never chosen.
    assert reading.evidence["filing-number-restore"] < 0
    assert faq.decide(reading, _probabilities("filing-number-restore", 0.99), topics)[0] == best.entry_id


def test_where_the_lexicon_abstains_the_model_needs_less_when_the_lexicon_leans_its_way():
    reading = faq._matcher().assess("is my filing number still ok")
    assert not any(r.answerable for r in reading.ranked)
    topics = faq._topics()
    leaning = [e for e, v in reading.evidence.items() if v > 0]
    neutral = [e for e, v in reading.evidence.items() if v == 0]
    p = (faq.MODEL_AGREE + faq.MODEL_THRESHOLD) / 2
    for entry_id in leaning:
        assert faq.decide(reading, _probabilities(entry_id, p), topics)[0] == entry_id
    for entry_id in neutral:
        assert faq.decide(reading, _probabilities(entry_id, p), topics)[0] is None
    assert leaning or neutral


@pytest.mark.parametrize("question", [
    "申请不了企业邮箱", "为什么无法购买包年包月的ECS", "ECS怎么续费",
    # a topic and little else: the model leans to the topic's commonest entry, below its threshold
    "备案号能卖吗", "备案号多少钱一个", "服务号被别人用了",
])
def test_the_model_does_not_answer_questions_without_an_entrys_topic(question):
    assert answer(question).best is None


# ---- the misroutes the issue names

@pytest.mark.parametrize("question", [
    "服务号都用过了，还能再申请吗", "我的服务号已经全部用掉了还能再用吗", "服务号都用了还能申请新的吗",
    "服務號都用完了還能再申請嗎", "I have used up all service numbers on my server",
])
def test_used_up_is_not_reuse(question):
    assert answer(question).best.id == "service-number-used-up", question


@pytest.mark.parametrize("question", [
    "how long is a service number valid", "服务号的有效期是多久", "服务号会过期吗", "服務號的有效期多久",
])
def test_service_number_validity_is_not_the_filing_number_validity_entry(question):
    # The seed says nothing about how long a service number stays usable: no entry answers it.
    assert answer(question).best is None, question


@pytest.mark.parametrize("question", [
    "the site is down since the filing was cancelled, how do I get it back online",
    "备案没了网站打不开了，怎么才能重新上线", "網站因為備案被註銷打不開了，要怎麼恢復",
])
def test_a_situation_described_rather_than_named(question):
    assert answer(question).best.id == "filing-number-restore", question
