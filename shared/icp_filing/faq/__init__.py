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
from typing import TYPE_CHECKING, Any, Callable, Mapping, NamedTuple

from .lexicon import CONCEPTS
from .matcher import SUGGESTION, Matcher, Profile, parse_signals
from .model import NONE, NgramModel
from .script import base, question_language, reply_language, to_traditional

if TYPE_CHECKING:
    from ..access import Caller
    from ..context import Context
    from .matcher import Reading
    from .normalize import Text

__all__ = ["Answer", "Entry", "Match", "answer", "answer_with_diagnosis", "entries", "entry", "reply_language"]

KNOWLEDGE_BASE = Path(__file__).with_name("knowledge_base.json")
MAX_ALTERNATIVES = 3
# How the lexicon and the model share the decision (``decide``). Chosen by
# cross-validation (``scripts/faq-train --cv``: each training question scored by a
# model trained without it, every question set scored with the model that never saw
# it), not on a test set; see the README, FAQ answers.
LEXICON_SURE = 4.5      # lexicon evidence at which the model is not asked
MODEL_OVERRULE = 0.9    # the model's probability for another entry to overrule weak evidence
MODEL_NONE = 0.9        # the model's probability for "none" to make weak evidence abstain
MODEL_THRESHOLD = 0.75  # to answer where the lexicon abstains
MODEL_AGREE = 0.5       # the same, for an entry the lexicon has some evidence for


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
        chosen_id, score = decide(reading, _model().probabilities if reading.found else None, _topics())
        if chosen_id is not None:
            chosen = by_id[chosen_id]
            best = Match(chosen.id, chosen.question(lang), score, chosen.answer(lang))
    # Only entries with evidence of their own are worth offering; the topic alone is not.
    alternatives = [
        Match(r.entry_id, by_id[r.entry_id].question(lang), r.score)
        for r in ranked if (best is None or r.entry_id != best.id) and r.evidence >= SUGGESTION
    ][:MAX_ALTERNATIVES]
    return Answer(best, alternatives)


def decide(reading: "Reading", probabilities: "Callable[[Text], Mapping[str, float]] | None",
           topics: Mapping[str, frozenset[str]]) -> tuple[str | None, float]:
    """The entry that answers (or None) and its score, from the lexicon's reading and the
    model's probabilities (a function of the prepared text; None: no concept found, the
    model is not asked). Pure, so that ``scripts/faq-train --cv`` can replay it with
    models trained without the questions it scores.

    - The lexicon decides when its evidence is strong (``LEXICON_SURE``): the model
      is not asked.
    - Where its evidence is weak, the model is asked and may overrule it: another
      entry at ``MODEL_OVERRULE`` or more (about one of that entry's topics, and one
      the lexicon's signals do not count against), or "none" at ``MODEL_NONE`` or
      more (abstain).
    - Where the lexicon abstains, the model answers at ``MODEL_THRESHOLD`` or more,
      or at ``MODEL_AGREE`` when the lexicon has some evidence for that same entry.
    """
    best = next((r for r in reading.ranked if r.answerable), None)
    if best is not None and best.evidence >= LEXICON_SURE:
        return best.entry_id, best.score
    if probabilities is None or not any(e >= 0 for e in reading.evidence.values()):
        # nothing found, or every entry about the question's topics vetoed (off-topic questions)
        return (best.entry_id, best.score) if best is not None else (None, 0.0)
    p = probabilities(reading.text)
    top = max(p, key=p.__getitem__)
    if best is not None:
        if top == NONE and p[top] >= MODEL_NONE:
            return None, 0.0
        if top != best.entry_id and top != NONE and p[top] >= MODEL_OVERRULE and _allowed(top, reading, topics):
            return top, p[top]
        return best.entry_id, best.score
    if top == NONE or not _allowed(top, reading, topics):
        return None, 0.0
    needed = MODEL_AGREE if reading.evidence.get(top, 0.0) > 0 else MODEL_THRESHOLD
    return (top, p[top]) if p[top] >= needed else (None, 0.0)


def _allowed(entry_id: str, reading: "Reading", topics: Mapping[str, frozenset[str]]) -> bool:
    """The model may pick an entry only about one of its topics, and not against the lexicon's veto."""
    return bool(topics[entry_id] & reading.found) and reading.evidence.get(entry_id, -1.0) >= 0


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
