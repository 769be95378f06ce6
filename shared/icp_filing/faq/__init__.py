"""Answer FAQ: the filing FAQ's entries, and the one that answers a question.

    from icp_filing.faq import entries, answer
    answer("备案号被注销了还能恢复吗").best.id   # 'filing-number-restore'
    answer("how do I reset my password").best   # None: not covered, no guess

The entries live in ``knowledge_base.json`` (Chinese and English, with the
eligibility reason codes each one explains). Two readers pick the entry: the
concept lexicon (``matcher``), which decides whenever it has the evidence, and
beside it a character n-gram model trained on paraphrases (``model``), which
may answer where the lexicon abstains, when it is confident, the question is
about one of the entry's topics and the lexicon has nothing against that entry.
Answers are in the asker's language and script (``script``: Simplified,
English, or Traditional converted with OpenCC's data at development time).
Everything is loaded on first use and kept for the life of the process.
Standard library only: this runs in every function's cold start.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple

from .lexicon import CONCEPTS
from .matcher import SUGGESTION, Matcher, Profile, parse_signals
from .model import NONE, NgramModel
from .script import base, question_language, reply_language, to_traditional

if TYPE_CHECKING:
    from ..access import Caller
    from ..context import Context
    from .matcher import Reading

__all__ = ["Answer", "Entry", "Match", "answer", "answer_with_diagnosis", "entries", "entry", "reply_language"]

KNOWLEDGE_BASE = Path(__file__).with_name("knowledge_base.json")
MAX_ALTERNATIVES = 3
# The model's probability for an entry needed to answer where the lexicon abstains.
# No question of the dev and the older held-out sets changes answer between 0.5 and
# 0.85; short uncovered questions that name only a topic ("备案号能卖吗", "服务号被别人
# 用了") reach 0.6 to 0.7, the paraphrases it is right on mostly 0.8 and more.
MODEL_THRESHOLD = 0.75


@dataclass(frozen=True)
class Entry:
    id: str
    questions: Mapping[str, str]
    answers: Mapping[str, str]
    reason_codes: tuple[str, ...]

    def question(self, lang: str = "zh") -> str:
        """In ``lang``: zh, en, or a Traditional form (zh-Hant, zh-HK)."""
        return to_traditional(self.questions[base(lang)], lang)

    def answer(self, lang: str = "zh") -> str:
        return to_traditional(self.answers[base(lang)], lang)


@dataclass(frozen=True)
class Match:
    id: str
    question: str
    score: float                # 0..1
    answer: str | None = None   # alternatives carry none


@dataclass(frozen=True)
class Answer:
    best: Match | None          # None: no entry answers the question
    alternatives: list[Match]   # up to MAX_ALTERNATIVES other entries, best first

    def to_dict(self) -> dict[str, Any]:
        """The shape of ``POST /v1/faq/answer`` (without ``diagnosis``)."""
        best = self.best
        return {
            "answer": None if best is None else {
                "id": best.id, "question": best.question, "answer": best.answer, "score": round(best.score, 3),
            },
            "alternatives": [
                {"id": m.id, "question": m.question, "score": round(m.score, 3)} for m in self.alternatives
            ],
        }


class _KnowledgeBase(NamedTuple):
    entries: tuple[Entry, ...]
    by_id: Mapping[str, Entry]
    profiles: tuple[Profile, ...]


@lru_cache(maxsize=None)
def _knowledge_base() -> _KnowledgeBase:
    data = json.loads(KNOWLEDGE_BASE.read_text(encoding="utf-8"))
    loaded, profiles = [], []
    for item in data["entries"]:
        entry = Entry(item["id"], dict(item["question"]), dict(item["answer"]), tuple(item["reason_codes"]))
        loaded.append(entry)
        match = item["match"]
        profiles.append(Profile(
            entry.id, frozenset(match["topics"]), parse_signals(match["signals"]),
            (*entry.questions.values(), *entry.answers.values()),
        ))
    return _KnowledgeBase(tuple(loaded), {e.id: e for e in loaded}, tuple(profiles))


@lru_cache(maxsize=None)
def _matcher() -> Matcher:
    return Matcher(_knowledge_base().profiles, CONCEPTS)


@lru_cache(maxsize=None)
def _model() -> NgramModel:
    return NgramModel.load()


@lru_cache(maxsize=None)
def _topics() -> dict[str, frozenset[str]]:
    return {p.entry_id: p.topics for p in _knowledge_base().profiles}


def entries() -> list[Entry]:
    """Every entry, in the knowledge base's order."""
    return list(_knowledge_base().entries)


def entry(entry_id: str) -> Entry | None:
    return _knowledge_base().by_id.get(entry_id)


def answer(question: str, lang: str | None = None) -> Answer:
    """The entry that answers ``question`` (or none), and up to three others worth offering.

    ``lang``: the language of the texts (zh, en, zh-Hant, zh-HK); None: the
    question's own (English for English, Traditional for Traditional)."""
    if lang is None:
        lang = question_language(question)
    by_id = _knowledge_base().by_id
    best = None
    ranked = []
    chosen: Entry | None
    if isinstance(question, str):
        reading = _matcher().assess(question)
        ranked = reading.ranked
        best_rank = next((r for r in ranked if r.answerable), None)
        if best_rank is not None:
            chosen, score = by_id[best_rank.entry_id], best_rank.score
        elif reading.found:
            chosen, score = _model_choice(reading)
        else:
            chosen = None
        if chosen is not None:
            best = Match(chosen.id, chosen.question(lang), score, chosen.answer(lang))
    # Only entries with evidence of their own are worth offering; the topic alone is not.
    alternatives = [
        Match(r.entry_id, by_id[r.entry_id].question(lang), r.score)
        for r in ranked if (best is None or r.entry_id != best.id) and r.evidence >= SUGGESTION
    ][:MAX_ALTERNATIVES]
    return Answer(best, alternatives)


def _model_choice(reading: "Reading") -> tuple[Entry | None, float]:
    """The model's entry where the lexicon abstained, and its probability: confident,
    about one of the entry's topics, and not an entry the lexicon's signals count against."""
    if not any(evidence >= 0 for evidence in reading.evidence.values()):
        return None, 0.0  # every entry about its topics is vetoed (off-topic questions): no need to ask
    probabilities = _model().probabilities(reading.text)
    best = max(probabilities, key=probabilities.__getitem__)
    p = probabilities[best]
    if best == NONE or p < MODEL_THRESHOLD:
        return None, 0.0
    if not _topics()[best] & reading.found or reading.evidence.get(best, -1.0) < 0:
        return None, 0.0
    return _knowledge_base().by_id[best], p


def answer_with_diagnosis(ctx: "Context", caller: "Caller | None", question: str, resource_id: str | None,
                          lang: str | None = None) -> dict[str, Any]:
    """The answer, and, when the caller names a resource it may ask about, that
    resource's live eligibility: "why can't I apply?" answered for the caller's own
    server. Anonymous callers, unknown resources and malformed ids get no diagnosis
    (the answer itself never fails on them); another customer's resource is
    ``not_owner``, as check eligibility says. ``lang`` as for ``answer``; the
    diagnosis's messages and remedies are in the same language and script."""
    from ..eligibility import check
    from ..errors import DomainError

    if lang is None:
        lang = question_language(question)
    result = answer(question, lang).to_dict()
    if resource_id is not None and caller is not None:
        try:
            diagnosis = check(ctx, caller, resource_id).to_dict(base(lang))
        except DomainError:
            pass
        else:
            for reason in diagnosis.get("reasons", ()):
                for key in ("message", "remedy"):
                    if isinstance(reason.get(key), str):
                        reason[key] = to_traditional(reason[key], lang)
            result["diagnosis"] = diagnosis
    return result
