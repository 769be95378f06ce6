"""Measuring an FAQ answerer on a question set (``scripts/faq-eval``, the tests, the baseline).

A question set is JSON lines ``{"q": question, "expect": [ids]}``: any listed id
is a right answer; an empty list means the question is not covered and the
answerer must abstain.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

# An answerer: question -> (entry id or None when it abstains, score).
Answerer = Callable[[str], "tuple[Optional[str], float]"]


@dataclass(frozen=True)
class Case:
    question: str
    expect: tuple[str, ...]

    @property
    def in_scope(self) -> bool:
        return bool(self.expect)


@dataclass(frozen=True)
class Outcome:
    case: Case
    got: str | None
    score: float

    @property
    def right(self) -> bool:
        return self.got in self.case.expect if self.case.in_scope else self.got is None


@dataclass
class Report:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)

    def _count(self, in_scope: bool) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if o.case.in_scope == in_scope]
        return sum(o.right for o in chosen), len(chosen)

    @property
    def top1(self) -> float:
        right, total = self._count(True)
        return right / total if total else 1.0

    @property
    def abstention(self) -> float:
        right, total = self._count(False)
        return right / total if total else 1.0

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.right]

    def to_dict(self) -> dict[str, Any]:
        in_right, in_total = self._count(True)
        out_right, out_total = self._count(False)
        return {
            "name": self.name,
            "in_scope": {"total": in_total, "correct": in_right, "top1": round(self.top1, 4)},
            "out_of_scope": {"total": out_total, "abstained": out_right, "abstention": round(self.abstention, 4)},
            "misses": [
                {"q": o.case.question, "expect": list(o.case.expect), "got": o.got, "score": round(o.score, 3)}
                for o in self.misses
            ],
        }


def load_cases(path: str | Path) -> list[Case]:
    cases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            cases.append(Case(item["q"], tuple(item["expect"])))
    return cases


def evaluate(name: str, cases: Iterable[Case], answerer: Answerer) -> Report:
    report = Report(name)
    for case in cases:
        got, score = answerer(case.question)
        report.outcomes.append(Outcome(case, got, score))
    return report


def faq_answerer(question: str) -> tuple[str | None, float]:
    """The project's own answerer, as an ``Answerer``."""
    from . import answer
    best = answer(question).best
    return (best.id, best.score) if best else (None, 0.0)
