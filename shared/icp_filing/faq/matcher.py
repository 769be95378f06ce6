"""Scoring a question against the knowledge base, and deciding when not to answer.

A question is reduced (``normalize``) and the lexicon's concepts found in it. Each
entry describes itself by weighted signals, a signal being a set of concepts that
must all be present (``CANCEL+RESTORE``); an entry's evidence is the sum of its
signals that fire, negative ones included. The answer is the entry with the most
evidence, provided that

- the question is about one of the entry's topics (service numbers, filing
  numbers, filing at all), and
- the evidence reaches ``THRESHOLD``: one distinguishing signal, or several weak
  ones together; the topic alone never does;

otherwise the matcher abstains. Near-miss filing questions (review time,
documents, licences...) carry the OFF_TOPIC concept, which counts against every
entry. A character-bigram TF-IDF similarity to the entry's own texts breaks ties
and adds to the score, but cannot make an entry the answer on its own.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable, Mapping, NamedTuple, Sequence

from .lexicon import OFF_TOPIC, TOPICS
from .normalize import Speller, Text, canonical_chars, compact, prepare, stem, words

MAX_QUESTION_CHARS = 2000   # the rest of a longer question is not read
THRESHOLD = 3.0             # evidence an entry needs to be the answer
SUGGESTION = 1.5            # evidence an entry needs to be offered as an alternative
OFF_TOPIC_PENALTY = 3.0
SIMILARITY_WEIGHT = 2.0     # a perfect n-gram match adds this much to the evidence
SCALE = 3.0                 # score = 1 - exp(-(evidence + similarity) / SCALE)

_LETTERS = re.compile(r"[a-z]+")


class Signal(NamedTuple):
    concepts: frozenset[str]
    weight: float


class Profile(NamedTuple):
    """How one entry is recognised: its topics, its signals and its own texts."""

    entry_id: str
    topics: frozenset[str]
    signals: tuple[Signal, ...]
    texts: tuple[str, ...]


class Ranked(NamedTuple):
    entry_id: str
    evidence: float
    score: float        # 0..1

    @property
    def answerable(self) -> bool:
        return self.evidence >= THRESHOLD


class Reading(NamedTuple):
    text: Text
    found: frozenset[str]
    ranked: list[Ranked]
    evidence: dict[str, float]


def parse_signals(signals: Mapping[str, float]) -> tuple[Signal, ...]:
    """``{"CANCEL+RESTORE": 3}`` -> signals."""
    return tuple(Signal(frozenset(key.split("+")), float(weight)) for key, weight in signals.items())


class ConceptFinder:
    """Finds the lexicon's concepts in a prepared question."""

    def __init__(self, concepts: Mapping[str, Sequence[str]]) -> None:
        substrings: list[tuple[str, str]] = []
        phrases: list[tuple[str, str]] = []
        compact_patterns: list[tuple[re.Pattern[str], str]] = []
        word_patterns: list[tuple[re.Pattern[str], str]] = []
        vocabulary: set[str] = set()
        pairs = [(concept, form) for concept, forms in concepts.items() for form in forms]
        # One pass over all the forms at once: the index is built in every cold start.
        folded = canonical_chars("\n".join(form for _, form in pairs)).split("\n")
        for (concept, form), canonical in zip(pairs, folded):
            if form.startswith("re:"):
                compact_patterns.append((re.compile(canonical[3:]), concept))
            elif form.startswith("rw:"):
                # Its words are stemmed like the question's: "have" reads "hav".
                pattern = _LETTERS.sub(lambda w: stem(w.group()), form[3:])
                word_patterns.append((re.compile(pattern), concept))
                vocabulary.update(w for w in _LETTERS.findall(pattern) if len(w) > 2)
            elif form.isascii():
                tokens = words(canonical)
                vocabulary.update(tokens)
                phrases.append((" " + " ".join(tokens) + " ", concept))
            else:
                substrings.append((compact(canonical), concept))
        self.concepts = frozenset(concepts)
        self.speller = Speller(vocabulary)
        self._substrings = tuple(substrings)
        self._phrases = tuple(phrases)
        self._compact_patterns = tuple(compact_patterns)
        self._word_patterns = tuple(word_patterns)

    def find(self, text: Text) -> frozenset[str]:
        found: set[str] = set()
        haystack = text.compact
        for form, concept in self._substrings:
            if form in haystack:
                found.add(concept)
        if text.words.strip():
            for phrase, concept in self._phrases:
                if phrase in text.words:
                    found.add(concept)
            for pattern, concept in self._word_patterns:
                if concept not in found and pattern.search(text.words):
                    found.add(concept)
        for pattern, concept in self._compact_patterns:
            if concept not in found and pattern.search(haystack):
                found.add(concept)
        return frozenset(found)


def _features(text: Text) -> Counter[str]:
    """Character bigrams of the Chinese clauses, plus the English words."""
    features: Counter[str] = Counter()
    for clause in text.compact.split("|"):
        features.update(map(str.__add__, clause, clause[1:]))
    features.update(text.words.split())
    return features


class Matcher:
    def __init__(self, profiles: Iterable[Profile], concepts: Mapping[str, Sequence[str]]) -> None:
        self.profiles = tuple(profiles)
        self.finder = ConceptFinder(concepts)
        for profile in self.profiles:
            unknown = {c for s in profile.signals for c in s.concepts} - self.finder.concepts
            unknown |= profile.topics - set(TOPICS)
            if unknown:
                raise ValueError(f"{profile.entry_id}: unknown concepts {sorted(unknown)}")
        documents = [_features(prepare(" | ".join(p.texts))) for p in self.profiles]
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(document.keys())
        n = len(documents)
        self._idf = {f: math.log(1 + n / df) for f, df in frequency.items()}
        self._vectors = [self._unit(document) for document in documents]

    def _unit(self, features: Counter[str]) -> dict[str, float]:
        vector = {f: (1 + math.log(c)) * self._idf[f] for f, c in features.items() if f in self._idf}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {f: v / norm for f, v in vector.items()}

    def read(self, question: str) -> tuple[Text, frozenset[str]]:
        """The question as matched, and the concepts found in it."""
        text = prepare(question[:MAX_QUESTION_CHARS], self.finder.speller)
        return text, self.finder.find(text)

    def rank(self, question: str) -> list[Ranked]:
        """Entries with some evidence for the question, best first."""
        return self.assess(question).ranked

    def assess(self, question: str) -> Reading:
        """The question as read, its concepts, the ranking, and each entry's evidence
        (entries whose topic the question is about; negative where the lexicon knows
        the question is not theirs)."""
        text, found = self.read(question)
        if not found:
            return Reading(text, found, [], {})
        penalty = OFF_TOPIC_PENALTY if OFF_TOPIC in found else 0.0
        query = None
        ranked: list[tuple[float, Ranked]] = []
        evidences: dict[str, float] = {}
        for profile, vector in zip(self.profiles, self._vectors):
            if not profile.topics & found:
                continue
            evidence = sum(s.weight for s in profile.signals if s.concepts <= found) - penalty
            evidences[profile.entry_id] = evidence
            if evidence <= 0:
                continue
            if query is None:
                query = self._unit(_features(text))
            similarity = sum(w * vector.get(f, 0.0) for f, w in query.items())
            total = evidence + SIMILARITY_WEIGHT * similarity
            ranked.append((total, Ranked(profile.entry_id, evidence, 1.0 - math.exp(-total / SCALE))))
        ranked.sort(key=lambda pair: -pair[0])
        return Reading(text, found, [r for _, r in ranked], evidences)
