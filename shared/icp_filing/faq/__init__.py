"""Answer FAQ: the filing FAQ's entries, and the one that answers a question.

    from icp_filing.faq import entries, answer
    answer("备案号被注销了还能恢复吗").best.id   # 'filing-number-restore'
    answer("how do I reset my password").best   # None: not covered, no guess

The entries live in ``knowledge_base.json`` (Chinese and English, with the
eligibility reason codes each one explains); ``matcher`` picks the entry. Both
are loaded on first use and kept for the life of the process. Standard library
only: this runs in every function's cold start.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple

from ..reasons import DEFAULT_LANGUAGE
from .lexicon import CONCEPTS
from .matcher import SUGGESTION, Matcher, Profile, parse_signals

if TYPE_CHECKING:
    from ..access import Caller
    from ..context import Context

__all__ = ["Answer", "Entry", "Match", "answer", "answer_with_diagnosis", "entries", "entry"]

KNOWLEDGE_BASE = Path(__file__).with_name("knowledge_base.json")
MAX_ALTERNATIVES = 3


def _language(lang: str | None) -> str:
    return "en" if (lang or DEFAULT_LANGUAGE).lower().startswith("en") else "zh"


@dataclass(frozen=True)
class Entry:
    id: str
    questions: Mapping[str, str]
    answers: Mapping[str, str]
    reason_codes: tuple[str, ...]

    def question(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.questions[_language(lang)]

    def answer(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.answers[_language(lang)]


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


def entries() -> list[Entry]:
    """Every entry, in the knowledge base's order."""
    return list(_knowledge_base().entries)


def entry(entry_id: str) -> Entry | None:
    return _knowledge_base().by_id.get(entry_id)


def answer(question: str, lang: str = DEFAULT_LANGUAGE) -> Answer:
    """The entry that answers ``question`` (or none), and up to three others worth offering."""
    ranked = _matcher().rank(question) if isinstance(question, str) else []
    by_id = _knowledge_base().by_id
    best_rank = next((r for r in ranked if r.answerable), None)
    best = None
    if best_rank is not None:
        chosen = by_id[best_rank.entry_id]
        best = Match(chosen.id, chosen.question(lang), best_rank.score, chosen.answer(lang))
    # Only entries with evidence of their own are worth offering; the topic alone is not.
    alternatives = [
        Match(r.entry_id, by_id[r.entry_id].question(lang), r.score)
        for r in ranked if r is not best_rank and r.evidence >= SUGGESTION
    ][:MAX_ALTERNATIVES]
    return Answer(best, alternatives)


def answer_with_diagnosis(ctx: "Context", caller: "Caller | None", question: str, resource_id: str | None,
                          lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The answer, and, when the caller names a resource it may ask about, that
    resource's live eligibility: "why can't I apply?" answered for the caller's own
    server. Anonymous callers, unknown resources and malformed ids get no diagnosis
    (the answer itself never fails on them); another customer's resource is
    ``not_owner``, as check eligibility says."""
    from ..eligibility import check
    from ..errors import DomainError

    result = answer(question, lang).to_dict()
    if resource_id is not None and caller is not None:
        try:
            result["diagnosis"] = check(ctx, caller, resource_id).to_dict(lang)
        except DomainError:
            pass
    return result
