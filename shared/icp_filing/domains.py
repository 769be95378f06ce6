"""Website domains as a filing records them: valid host names, internationalised
names allowed (IDNA 2008 with UTS 46 mapping: case and width folded), stored
lower-case in Unicode (NFC), compared by their IDNA (punycode) form. A domain is
rejected, not repaired, when it carries a scheme, path, port or space.

Names no website can be filed under are refused too: special-use names (RFC 6761,
6762, 7686, 8375: .localhost, .local, .test, ...), names that spell an address
(0x7f.0x0.0x0.0x1, 127.0.0.1.nip.io, 127-0-0-1.sslip.io), and labels that mix
scripts beyond what UTS 39's "highly restrictive" level allows (Latin with
Chinese, Japanese or Korean is fine; Latin with a Cyrillic "а" is not) or that
are written entirely in look-alikes of Latin letters (Cyrillic "раураl")."""
from __future__ import annotations

import bisect
import json
import re
import unicodedata
from functools import lru_cache

import idna

from . import names

from .errors import DomainError, invalid

_FORBIDDEN = set(" \t\r\n/:?#@\\[]%")
MAX_LENGTH = 253
_FULL_STOPS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _bad(zh: str, en: str) -> DomainError:
    return invalid("domain", zh, en, code="invalid_domain")


def normalize(raw: str) -> tuple[str, str]:
    """``(unicode_form, ascii_key)``; ``invalid_domain`` when it is not a bare domain name."""
    # The IDNA label separators (。．｡) are full stops too (UTS 46 maps them so).
    text = unicodedata.normalize("NFC", raw).translate(_FULL_STOPS)
    if not text or any(c in _FORBIDDEN or unicodedata.category(c)[0] in "CZ" for c in text):
        raise _bad("域名为空或含有协议、路径、端口或空白。", "The domain is empty or carries a scheme, path, port or space.")
    if text.endswith("."):
        text = text[:-1]  # the root's dot, once
    if text.count(".") < 1:
        raise _bad("域名至少包含两级。", "A domain needs at least two labels.")
    if "" in text.split("."):
        raise _bad("域名含有空的标签。", "The domain has an empty label.")
    try:
        key = idna.encode(text, uts46=True, std3_rules=True, transitional=False).decode("ascii")
        unicode_form = idna.decode(key)
    except (idna.IDNAError, UnicodeError, ValueError):
        raise _bad("域名含有无效的字符或标签。", "The domain has an invalid character or label.") from None
    labels = key.split(".")
    if len(key) > MAX_LENGTH or len(labels) < 2 or "" in labels or labels[-1].isdigit():
        raise _bad("域名过长或顶级域无效。", "The domain is too long or its top-level label is not valid.")
    unicode_form = unicodedata.normalize("NFC", unicode_form)
    _check_fileable(key, unicode_form)
    return unicode_form, key


# Special-use top-level names (RFC 6761 .test .localhost .invalid .example, RFC 6762
# .local, RFC 7686 .onion, RFC 8375 home.arpa and .arpa itself, and the de-facto
# .localdomain, .internal, .lan, .home): nothing public resolves there.
SPECIAL_USE_TLDS = frozenset({"test", "localhost", "invalid", "example", "local", "localdomain", "onion", "arpa",
                              "internal", "lan", "home", "corp", "intranet", "private"})
# Public wildcard DNS services whose names resolve to the address they spell.
ADDRESS_ECHO_SUFFIXES = ("nip.io", "sslip.io", "xip.io", "traefik.me", "localtest.me", "lvh.me", "vcap.me")
_HEX_LABEL = re.compile(r"0x[0-9a-f]+")
_DASHED_IPV4 = re.compile(r"(\d{1,3}-){3}\d{1,3}")
# UTS 39 "highly restrictive": one script, or Latin with Han and Japanese kana, with
# Han and Bopomofo, or with Han and Hangul (Common and Inherited go with anything).
_ALLOWED_SCRIPT_SETS = (frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}), frozenset({"LATIN", "HAN", "BOPOMOFO"}),
                        frozenset({"LATIN", "HAN", "HANGUL"}))
_NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED"})


def _check_fileable(key: str, unicode_form: str) -> None:
    labels = key.split(".")
    if labels[-1] in SPECIAL_USE_TLDS or key == "localhost":
        raise _bad("特殊用途域名（如 .localhost、.local、.test）不能备案。",
                   "A special-use name (such as .localhost, .local, .test) cannot be filed.")
    if any(key == s or key.endswith("." + s) for s in ADDRESS_ECHO_SUFFIXES) or _spells_an_address(labels):
        raise _bad("域名是 IP 地址的写法，不能备案。", "The domain spells an IP address and cannot be filed.")
    for label in unicode_form.split("."):
        if not label.isascii():
            _check_scripts(label)


def _spells_an_address(labels: list[str]) -> bool:
    """Hex labels (0x7f), a dashed address (127-0-0-1), or four decimal labels in a row
    that read as a dotted IPv4 address (127.0.0.1.example.com)."""
    if any(_HEX_LABEL.fullmatch(label) or _DASHED_IPV4.fullmatch(label) for label in labels):
        return True
    run = 0
    for label in labels:
        run = run + 1 if label.isdigit() and len(label) <= 3 and int(label) <= 255 else 0
        if run == 4:
            return True
    return False


@lru_cache(maxsize=1)
def _script_table() -> tuple[list[int], list[int], list[str]]:
    """Unicode's scripts as range starts, ends and names (scripts/build-data makes the file
    from a maintained package), read when a first non-ASCII label needs it."""
    with open(names.DATA / "scripts.json", encoding="utf-8") as fh:
        data = json.load(fh)
    ranges = data["ranges"]
    return [r[0] for r in ranges], [r[1] for r in ranges], [data["scripts"][r[2]] for r in ranges]


def script_of(char: str) -> str:
    starts, ends, scripts = _script_table()
    i = bisect.bisect_right(starts, ord(char)) - 1
    return scripts[i] if i >= 0 and ord(char) <= ends[i] else "UNKNOWN"


def _scripts(label: str) -> set[str]:
    return {script_of(c) for c in label} - _NEUTRAL_SCRIPTS


def _check_scripts(label: str) -> None:
    scripts = _scripts(label)
    if len(scripts) > 1 and not any(scripts <= allowed for allowed in _ALLOWED_SCRIPT_SETS):
        raise _bad("域名的一个标签混用了多种文字（如拉丁字母中夹杂西里尔字母），不能备案。",
                   "A label of the domain mixes scripts (such as Latin with Cyrillic letters) and cannot be filed.")
    lookalikes = names.lookalikes()
    letters = [c for c in label if unicodedata.category(c)[0] == "L"]
    if scripts and scripts.isdisjoint({"LATIN", "HAN", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"}) \
            and letters and all(c in lookalikes for c in letters):
        raise _bad("域名的一个标签全部由形似拉丁字母的字符组成，不能备案。",
                   "A label of the domain is made entirely of look-alikes of Latin letters and cannot be filed.")
