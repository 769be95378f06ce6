"""A character n-gram classifier beside the concept lexicon: which entry a question
is about, learnt from many paraphrases rather than listed term by term.

The lexicon (``lexicon``, ``matcher``) knows the domain's terms and how they
combine; it cannot list every way a situation is described ("the site went
offline after the filing was cancelled"), nor every English or Traditional
phrasing. This model reads the same prepared text (``normalize.prepare``:
Traditional folded to Simplified, pinyin slips merged, English stemmed) as
character 1-3-grams of each clause and English words and word pairs, and scores
the eleven entries and "none of them" with a multinomial logistic regression.

It is trained at development time (``scripts/faq-train``, numpy) on the
paraphrases in ``scripts/faq_training/`` and the project's own question set;
the weights ship as ``model.json``. Inference here is the standard library only:
a dictionary lookup per feature and a softmax over twelve classes.
"""
from __future__ import annotations

import base64
import json
import math
import operator
from array import array
from collections.abc import Iterable
from pathlib import Path

from .normalize import Text

MODEL = Path(__file__).with_name("model.json")
NONE = "none"   # the class of questions no entry answers


def features(text: Text) -> set[str]:
    """Character 1-, 2- and 3-grams of each clause (its ends marked), English words and word pairs."""
    found: set[str] = set()
    for clause in text.compact.split("|"):
        if not clause:
            continue
        padded = "^" + clause + "$"
        found.update(clause)
        found.update(padded[i:i + 2] for i in range(len(padded) - 1))
        found.update(padded[i:i + 3] for i in range(len(padded) - 2))
    tokens = text.words.split()
    found.update("w:" + t for t in tokens)
    found.update(f"w:{a}_{b}" for a, b in zip(tokens, tokens[1:]))
    return found


class NgramModel:
    """Class probabilities for a prepared question.

    Shipped compactly, so that loading it costs little in a cold start: the
    vocabulary as one newline-separated string, the weights as int8 (a feature's
    weight for each class, feature after feature) in base64, with one scale."""

    def __init__(self, classes: Iterable[str], bias: Iterable[float], vocabulary: list[str],
                 weights: bytes, scale: float) -> None:
        self.classes = tuple(classes)
        self.bias = tuple(bias)
        n = len(self.classes)
        table = array("b", weights)
        if len(table) != len(vocabulary) * n:
            raise ValueError("model weights do not match its vocabulary and classes")
        # A feature's weights for every class as one tuple: a question adds a few dozen
        # of them element-wise (map), not one class at a time.
        # zip over one iterator n times: the rows as tuples, without slicing (4x faster to load).
        values = iter(table.tolist())
        self._rows = dict(zip(vocabulary, zip(*[values] * n)))
        self._scale = scale

    @classmethod
    def from_dict(cls, data: dict) -> NgramModel:
        return cls(data["classes"], data["bias"], data["vocabulary"].split("\n"),
                   base64.b64decode(data["weights"]), data["scale"])

    @classmethod
    def load(cls, path: Path = MODEL) -> NgramModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def probabilities(self, text: Text) -> dict[str, float]:
        rows = self._rows
        sums: list[int] = [0] * len(self.classes)
        count = 0
        for feature in features(text):
            row = rows.get(feature)
            if row is not None:
                sums = list(map(operator.add, sums, row))
                count += 1
        # Features are L2-normalised as in training: each present one counts 1/sqrt(count).
        scale = self._scale / math.sqrt(count) if count else 0.0
        logits = [b + s * scale for b, s in zip(self.bias, sums)]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}
