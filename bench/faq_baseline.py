"""A plain baseline for the FAQ answerer: jieba tokens + BM25, for comparison only.

Each knowledge-base entry is one document: its questions and answers in Chinese
and English. A question is tokenised by jieba (lower-cased, punctuation and
spaces dropped) and scored with Okapi BM25; the best entry is the answer when its
score reaches a threshold. The threshold is fitted on one question set (the dev
set) by maximising the mean of in-scope top-1 accuracy and out-of-scope
abstention, and then applied unchanged to the others.

jieba is imported only here; the service never needs it.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from typing import Sequence

import jieba

from icp_filing.faq import entries
from icp_filing.faq.evaluation import Case, Report, evaluate

jieba.setLogLevel(logging.WARNING)
_TOKEN = re.compile(r"\w", re.UNICODE)


def tokenize(text: str) -> list[str]:
    return [t for t in (w.strip().lower() for w in jieba.lcut(text)) if t and _TOKEN.search(t)]


class BM25:
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(d) for d in documents]
        self.lengths = [len(d) for d in documents]
        self.average = sum(self.lengths) / len(self.lengths)
        df = Counter(t for d in self.docs for t in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: Sequence[str]) -> list[float]:
        result = []
        for doc, length in zip(self.docs, self.lengths):
            norm = self.k1 * (1 - self.b + self.b * length / self.average)
            result.append(sum(
                self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm) for t in query if t in doc
            ))
        return result


class Baseline:
    def __init__(self) -> None:
        self.ids = [e.id for e in entries()]
        self.bm25 = BM25([
            tokenize(" ".join((e.question("zh"), e.question("en"), e.answer("zh"), e.answer("en"))))
            for e in entries()
        ])
        self.threshold = 0.0

    def top(self, question: str) -> tuple[str, float]:
        scores = self.bm25.scores(tokenize(question))
        best = max(range(len(scores)), key=scores.__getitem__)
        return self.ids[best], scores[best]

    def __call__(self, question: str) -> tuple[str | None, float]:
        entry_id, score = self.top(question)
        return (entry_id, score) if score >= self.threshold and score > 0 else (None, score)

    def fit_threshold(self, cases: Sequence[Case]) -> float:
        """The threshold that maximises (top-1 + abstention) / 2 on ``cases``."""
        tops = [self.top(c.question) for c in cases]
        candidates = sorted({s for _, s in tops} | {0.0})
        best_value, best_threshold = -1.0, 0.0
        for threshold in candidates:
            self.threshold = threshold
            report = evaluate("fit", cases, self)
            value = (report.top1 + report.abstention) / 2
            if value > best_value:
                best_value, best_threshold = value, threshold
        self.threshold = best_threshold
        return best_threshold


def baseline_reports(
    fit_on: Sequence[Case], sets: dict[str, Sequence[Case]],
) -> tuple[float, dict[str, Report], dict[str, Report]]:
    """The fitted threshold, the reports with it, and the reports of a baseline that never abstains."""
    baseline = Baseline()
    threshold = baseline.fit_threshold(fit_on)
    fitted = {name: evaluate(name, cases, baseline) for name, cases in sets.items()}
    baseline.threshold = 0.0
    ranking_only = {name: evaluate(name, cases, baseline) for name, cases in sets.items()}
    return threshold, fitted, ranking_only
