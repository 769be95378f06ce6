"""Which language and script an FAQ answer is written in, and its Traditional text.

Reply languages: ``zh`` (Simplified, the default), ``en``, and two Traditional
forms converted with OpenCC's data: ``zh-Hant`` (OpenCC ``s2tw``: Taiwan's
character standard, also what zh-TW gets) and ``zh-HK`` (``s2hk``, also for
zh-MO). Not OpenCC's Taiwan phrase table (``s2twp``): it rewrites words for
software, 注销 -> 登出 ("log out") and 实例 -> 例項, which would misstate a
cancelled filing; the wording stays the knowledge base's.

The conversion is done at development time (``scripts/faq-hant``, which needs
the ``opencc`` package) for every text an answer can show: the entries'
questions and answers and the eligibility reasons' messages and remedies. The
result ships as ``hant.json`` and is read on the first Traditional answer, so
the runtime needs no converter (a Simplified or English answer never reads
it). A text not in it (a message someone added
without regenerating) is converted character by character with OpenCC's
character table for the characters those texts use; a test keeps the file in
step with its sources.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .normalize import TRADITIONAL_CHARS

HANT = Path(__file__).with_name("hant.json")
SIMPLIFIED = Path(__file__).with_name("simplified.txt")
TRADITIONAL = ("zh-Hant", "zh-HK")
LANGUAGES = ("zh", "en", *TRADITIONAL)

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(HANT.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """Characters only Traditional writing uses (OpenCC's t2s changes them; ``normalize``
    has them loaded) and only Simplified writing uses (its s2t changes them); a
    character in both tells nothing."""
    simplified = frozenset(SIMPLIFIED.read_text(encoding="utf-8").strip())
    return TRADITIONAL_CHARS - simplified, simplified - TRADITIONAL_CHARS


def is_traditional(text: str) -> bool:
    """More characters only Traditional writing uses than characters only Simplified uses."""
    traditional, simplified = _script_chars()
    t = s = 0
    for char in text:
        if char in traditional:
            t += 1
        elif char in simplified:
            s += 1
    return t > s


def question_language(question: str) -> str:
    """The language a question is written in: English when it has letters and no
    Chinese at all (a question mixing both is Chinese: the asker reads it), else
    Chinese in the question's script."""
    if not isinstance(question, str):
        return "zh"
    if not _HAN.search(question):
        return "en" if _LETTER.search(question) else "zh"
    return "zh-Hant" if is_traditional(question) else "zh"


def _chinese_tag(subtags: list[str]) -> str | None:
    """``zh-TW``/``zh-Hant`` -> zh-Hant; ``zh-HK``/``zh-MO`` -> zh-HK; ``zh-CN``/``zh-Hans`` -> zh;
    bare ``zh`` -> None (no script asked)."""
    rest = [t.lower() for t in subtags[1:]]
    if "hans" in rest or any(r in ("cn", "sg", "my") for r in rest):
        return "zh"
    if any(r in ("hk", "mo") for r in rest):
        return "zh-HK"
    if "tw" in rest or "hant" in rest:
        return "zh-Hant"
    return None


def requested_language(accept: str | None) -> tuple[str | None, bool]:
    """What Accept-Language asks for: (``zh``/``en``/``zh-Hant``/``zh-HK``, or None when it
    names neither Chinese nor English; whether it named a script or region for Chinese).
    By q-value, the first listed winning ties, as ``icp_api.validation.language`` reads it."""
    best, best_q, scripted = None, -1.0, False
    for part in (accept or "").split(","):
        tag, _, params = part.strip().partition(";")
        subtags = tag.strip().split("-")
        primary = subtags[0].lower()
        if primary not in ("zh", "en"):
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0 or q <= best_q:
            continue
        if primary == "en":
            best, best_q, scripted = "en", q, False
        else:
            chinese = _chinese_tag(subtags)
            best, best_q, scripted = chinese or "zh", q, chinese is not None
    return best, scripted


def reply_language(accept: str | None, question: str = "") -> str:
    """The language of the answer. Accept-Language, when it names Chinese or English,
    decides the language (a caller who asked for one gets it); a Chinese tag with a
    script or region (zh-TW, zh-HK, zh-MO, zh-Hant, zh-CN, zh-Hans) decides the script too.
    Otherwise the question decides: English questions get English, Traditional
    questions Traditional (``zh-Hant``), anything else Simplified."""
    asked, scripted = requested_language(accept)
    if asked == "en" or scripted:
        return asked  # type: ignore[return-value]
    own = question_language(question)
    if asked == "zh":
        return "zh-Hant" if own == "zh-Hant" else "zh"
    return own


def base(lang: str | None) -> str:
    """``en`` or ``zh``: the language the knowledge base and the reasons are written in."""
    return "en" if (lang or "zh").lower().startswith("en") else "zh"


def to_traditional(text: str, lang: str) -> str:
    """``text`` (Simplified) in the Traditional form ``lang`` (zh-Hant, zh-HK, or a tag
    naming one: zh-TW, zh-MO, zh-Hant-HK...); other languages unchanged."""
    if lang not in TRADITIONAL and lang.lower().startswith("zh-"):
        lang = _chinese_tag(lang.split("-")) or lang
    if lang not in TRADITIONAL or not text:
        return text
    variant = _data()["variants"][lang]
    converted = variant["texts"].get(text)
    if converted is not None:
        return converted
    chars = variant["chars"]
    return "".join(chars.get(c, c) for c in text)
