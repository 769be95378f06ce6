"""Answer FAQ: the knowledge base, its link to the eligibility reasons, and the answerer."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from icp_filing import faq
from icp_filing.faq import answer, entries, entry
from icp_filing.faq.evaluation import evaluate, faq_answerer, load_cases
from icp_filing.faq.lexicon import CONCEPTS
from icp_filing.reasons import PRODUCT_FAQ_IDS, REASONS

PROJECT = Path(__file__).resolve().parents[2]
OWN_SET = Path(__file__).with_name("questions.jsonl")
# Written before the matcher was tuned for them, each scored as it stood first:
# the cannot-apply family ("why can't I get a service number?") and its near misses.
# The third, written blind (by someone who never saw the code), covers every entry in
# Simplified, Traditional, English, with typos and described situations.
HELDOUT_SETS = (Path(__file__).with_name("heldout_cannot_apply.jsonl"),
                Path(__file__).with_name("heldout_cannot_apply_2.jsonl"),
                Path(__file__).with_name("heldout_3.jsonl"),
                # Issue 16's second round: validation sets A and B written before reading held-out
                # set 4's questions (A tuned on after its first score, B scored once after the
                # tuning), C after it (scored once, then tuned on); README, FAQ answers.
                Path(__file__).with_name("validation_i16.jsonl"),
                Path(__file__).with_name("validation_i16_b.jsonl"),
                Path(__file__).with_name("validation_i16_c.jsonl"),
                Path(__file__).with_name("heldout_4.jsonl"))
DEV_SET = Path(os.environ.get("ICP_FAQ_DEV_SET", Path(__file__).with_name("dev_questions.jsonl")))
# The FAQ document the answers were written from is not part of the project: the
# check that our answers do not copy it runs where it is laid beside the checkout
# (or ICP_FAQ_SEED names it) and skips elsewhere.
SEED = Path(os.environ.get("ICP_FAQ_SEED", PROJECT.parent / "shared" / "seeds" / "icp-filing-faq.txt"))

IDS = {
    "filing-number-cancellation-causes", "filing-number-restore", "filing-number-validity",
    "service-number-definition", "service-number-iot-package", "service-number-without-server",
    "service-number-no-fileable-ip", "service-number-no-apply-button", "service-number-reuse",
    "service-number-after-cancel", "service-number-used-up",
}

# Floors: what the answerer achieves (100% on both sets when written), rounded down.
DEV_FLOORS = (0.95, 0.90)
OWN_FLOORS = (0.97, 0.95)
# 100% on the three held-out sets once tuned; first scored: the second 91.5% / 87.0%, the
# third 85.1% / 98.2% (README, FAQ answers).
HELDOUT_FLOORS = (0.97, 0.95)
# The fourth, written blind: first scored 92.9% / 97.8% (below the 97% target), then
# tuned on (issue 16's second round): held to the held-out floors since (HELDOUT_SETS).
# The fifth, written blind after that round (by a helper who read only the seed FAQ and the
# entry titles), committed alone and scored once at 80abd93: 98.0% / 100%. It has not been
# tuned on: it is the estimate for unseen questions, held to the targets.
BLIND_SET = Path(__file__).with_name("heldout_5.jsonl")
BLIND_FLOORS = (0.97, 0.95)


# ---- the knowledge base

def test_knowledge_base_has_exactly_the_eleven_entries():
    ids = [e.id for e in entries()]
    assert len(ids) == len(set(ids)) == 11
    assert set(ids) == IDS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_entry_has_a_question_and_an_answer_in_each_language(lang):
    han = re.compile(r"[\u4e00-\u9fff]")
    for e in entries():
        assert e.question(lang).strip() and e.answer(lang).strip()
        assert bool(han.search(e.answer(lang))) == (lang == "zh"), e.id
        assert bool(han.search(e.question(lang))) == (lang == "zh"), e.id


def test_every_reason_faq_id_is_an_entry_that_lists_the_reason():
    for code, reason in REASONS.items():
        assert entry(reason.faq_id) is not None, code
        assert code in entry(reason.faq_id).reason_codes, (code, reason.faq_id)
    for (code, product), faq_id in PRODUCT_FAQ_IDS.items():
        assert code in entry(faq_id).reason_codes, (code, product, faq_id)


def test_entry_reason_codes_are_valid_codes_that_point_back():
    for e in entries():
        for code in e.reason_codes:
            assert code in REASONS, (e.id, code)
            points_here = REASONS[code].faq_id == e.id or any(
                c == code and faq_id == e.id for (c, _), faq_id in PRODUCT_FAQ_IDS.items()
            )
            assert points_here, (e.id, code)


@pytest.mark.parametrize("entry_id, zh, en", [
    ("service-number-no-apply-button", ["3 个月"], ["3 months"]),
    ("service-number-iot-package", ["6 个月", "90 元"], ["6 months", "90 yuan"]),
])
def test_answers_state_the_seed_thresholds(entry_id, zh, en):
    for text in zh:
        assert text in entry(entry_id).answer("zh")
    for text in en:
        assert text in entry(entry_id).answer("en")


def test_answers_are_in_the_projects_own_words():
    if not SEED.exists():
        pytest.skip(f"no seed document at {SEED} (set ICP_FAQ_SEED to check the answers against it)")
    seed = SEED.read_text(encoding="utf-8")

    def longest_copied(text: str) -> str:
        best = ""
        for i in range(len(text)):
            j = i + len(best) + 1
            while j <= len(text) and text[i:j] in seed:
                best, j = text[i:j], j + 1
        return best

    for e in entries():
        assert len(longest_copied(e.answer("zh"))) <= 12, e.id


def test_entry_signals_name_only_lexicon_concepts():
    data = json.loads(faq.KNOWLEDGE_BASE.read_text(encoding="utf-8"))
    for item in data["entries"]:
        for key in item["match"]["signals"]:
            assert set(key.split("+")) <= set(CONCEPTS), (item["id"], key)


# ---- the answerer on question sets

def _check_floors(path: Path, floors: tuple[float, float]) -> None:
    report = evaluate(path.name, load_cases(path), faq_answerer)
    misses = [(o.case.question, o.got) for o in report.misses]
    assert report.top1 >= floors[0], misses
    assert report.abstention >= floors[1], misses


def test_dev_set_accuracy_and_abstention_floors():
    assert DEV_SET.exists(), f"the dev question set is expected at {DEV_SET} (or set ICP_FAQ_DEV_SET)"
    _check_floors(DEV_SET, DEV_FLOORS)


def test_own_set_accuracy_and_abstention_floors():
    _check_floors(OWN_SET, OWN_FLOORS)


@pytest.mark.parametrize("path", HELDOUT_SETS, ids=lambda p: p.stem)
def test_heldout_set_accuracy_and_abstention_floors(path):
    _check_floors(path, HELDOUT_FLOORS)


def test_blind_set_meets_the_targets():
    _check_floors(BLIND_SET, BLIND_FLOORS)


@pytest.mark.parametrize("path, in_scope, out_of_scope", [
    (HELDOUT_SETS[0], 60, 25), (HELDOUT_SETS[1], 40, 20), (HELDOUT_SETS[2], 121, 55), (HELDOUT_SETS[-1], 99, 45),
    (BLIND_SET, 99, 45),
], ids=lambda v: v.stem if isinstance(v, Path) else str(v))
def test_heldout_sets_are_large_enough(path, in_scope, out_of_scope):
    cases = load_cases(path)
    assert sum(c.in_scope for c in cases) >= in_scope
    assert sum(not c.in_scope for c in cases) >= out_of_scope
    assert all(set(c.expect) <= IDS for c in cases)


def test_own_set_is_large_and_covers_every_entry():
    cases = load_cases(OWN_SET)
    assert len(cases) >= 150
    assert sum(not c.in_scope for c in cases) >= 50
    for entry_id in IDS:
        assert sum(entry_id in c.expect for c in cases) >= 6, entry_id


# ---- how people really ask

@pytest.mark.parametrize("question, expected", [
    ("備案號會一直有效嗎", "filing-number-validity"),
    ("備案號被註銷後可以恢復嗎", "filing-number-restore"),
    ("為什麼申請備案服務號的頁面沒有申請按鈕", "service-number-no-apply-button"),
    ("我的雲伺服器只有內網IP，能拿來做備案嗎", "service-number-no-fileable-ip"),
    ("ｉｏｔ套餐包 備案服務號", "service-number-iot-package"),
    ("备按号为啥被吊销了", "filing-number-cancellation-causes"),
    ("备案号被注消了能回复吗", "filing-number-restore"),
    ("服物号是干什么用的", "service-number-definition"),
    ("申请服务号的按扭是灰色的点不了", "service-number-no-apply-button"),
    ("物连网套参包可以备按吗", "service-number-iot-package"),
    ("服务号可以服用吗", "service-number-reuse"),
    ("服务号用玩了怎么办", "service-number-used-up"),
    ("Can I reuse a servcie numebr for another domain?", "service-number-reuse"),
    ("what is 备案服务号", "service-number-definition"),
    ("ECS no public IP, 可以备案吗", "service-number-no-fileable-ip"),
])
def test_traditional_typos_and_mixed_language(question, expected):
    best = answer(question).best
    assert best is not None and best.id == expected, question


@pytest.mark.parametrize("question", [
    "", "   ", "\n\t ", "？？？", "\x00\x01\x02", "\ud800", "😀" * 40, "asdfghjkl qwerty",
    "a" * 1_000_000, "服务号" * 100_000, "ICP", "备案", "服务号",
    "备案审核要多久", "ICP备案和ICP许可证是一回事吗", "怎么注销备案号", "How do I reset my RAM password?",
])
def test_abstains_without_exceptions_on_empty_garbage_long_and_uncovered(question):
    result = answer(question)
    assert result.best is None
    assert result.to_dict()["answer"] is None


@pytest.mark.parametrize("question", [
    "为什么我申请不了备案服务号？", "我的服务器为什么不能申请服务号", "服务号申请不了", "为什么没法申请备案服务号",
    "why can't I apply for a service number?", "申请服务号失败是什么原因", "I can't get a service number for my server",
    "服务号一直申请失败", "申請不到備案服務號", "my ECS is not eligible for ICP service number", "提示不满足备案条件",
    "服务器不符合备案要求怎么办", "ECS不能备案是怎么回事",
])
def test_why_cannot_i_apply_is_answered_by_the_apply_button_entry(question):
    # What the API's live diagnosis is asked with a resource id: it must have an answer.
    best = answer(question).best
    assert best is not None and best.id == "service-number-no-apply-button", question


@pytest.mark.parametrize("question, expected", [
    ("没有公网IP，申请不了服务号", "service-number-no-fileable-ip"),
    ("物联网套餐包为什么申请不了服务号", "service-number-iot-package"),
    ("服务号用完了，申请不了新的", "service-number-used-up"),
    ("我没买服务器，申请不到服务号", "service-number-without-server"),
])
def test_cannot_apply_with_a_named_cause_goes_to_that_causes_entry(question, expected):
    best = answer(question).best
    assert best is not None and best.id == expected, question


@pytest.mark.parametrize("question", [
    "怎么申请备案服务号", "申请服务号的具体步骤是什么", "备案审核要多久", "为什么不能申请发票",
    "备案主体不符合要求怎么办", "备案号申请不下来怎么办",
])
def test_cannot_apply_near_misses_abstain(question):
    assert answer(question).best is None, question


def test_a_long_rambling_question_is_still_answered():
    question = ("我们公司去年在阿里云买了台ECS放官网，当时图便宜选的按量付费，现在老板让赶紧把网站备案做了，"
                "我在备案系统里找了半天，服务号那一栏什么都没有，也没看到可以点的地方，客服电话一直占线，"
                "想问下到底是哪里出了问题？") * 3
    assert answer(question).best.id == "service-number-no-apply-button"


# ---- the answer's shape

def test_english_answers_when_lang_is_en():
    result = answer("备案号被注销了还能恢复吗", lang="en")
    restore = entry("filing-number-restore")
    assert result.best.id == restore.id
    assert result.best.question == restore.question("en")
    assert result.best.answer == restore.answer("en")
    assert all(m.question == entry(m.id).question("en") for m in result.alternatives)


def test_an_english_question_gets_english_unless_another_language_is_asked():
    result = answer("Is a filing number valid forever?")
    assert result.best.id == "filing-number-validity"
    assert result.best.answer == entry("filing-number-validity").answer("en")
    assert answer("Is a filing number valid forever?", lang="zh").best.answer == \
        entry("filing-number-validity").answer("zh")


def test_simplified_is_the_default_for_chinese_and_anything_else():
    assert answer("备案号会过期吗").best.answer == entry("filing-number-validity").answer("zh")
    mixed = answer("what is 备案服务号")
    assert mixed.best.answer == entry("service-number-definition").answer("zh")


def test_to_dict_has_the_contract_shape():
    result = answer("为什么提示服务号数量超限，没办法再申请了？")
    body = result.to_dict()
    assert set(body) == {"answer", "alternatives"}
    assert set(body["answer"]) == {"id", "question", "answer", "score"}
    assert 0 < body["answer"]["score"] <= 1
    assert len(body["alternatives"]) <= 3
    scores = [body["answer"]["score"]]
    for alternative in body["alternatives"]:
        assert set(alternative) == {"id", "question", "score"}
        assert alternative["id"] != body["answer"]["id"]
        scores.append(alternative["score"])
    assert scores == sorted(scores, reverse=True)
    json.dumps(body)


def test_no_alternatives_are_offered_without_evidence():
    assert answer("今天上海最高气温多少度").alternatives == []


@pytest.mark.slow
def test_the_runtime_path_needs_only_the_standard_library():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from icp_filing.faq import answer, entries\n"
        "entries(); answer('备案号有效期多久')\n"
        "banned = {'jieba', 'numpy', 'flask', 'boto3', 'sqlite3', 'yaml', 'opencc', 'pypinyin'}\n"
        "print(sorted(banned & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(PROJECT / "shared")],
                         check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
