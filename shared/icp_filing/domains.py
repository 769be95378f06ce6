"""Website domains as a filing records them: valid host names, internationalised
names allowed (IDNA 2008 with UTS 46 mapping: case and width folded), stored
lower-case in Unicode (NFC), compared by their IDNA (punycode) form. A domain is
rejected, not repaired, when it carries a scheme, path, port or space."""
from __future__ import annotations

import unicodedata

import idna

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
        raise _bad("域名为空或含有协议、路径、端口或空白。",
                   "The domain is empty or carries a scheme, path, port or space.")
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
    return unicodedata.normalize("NFC", unicode_form), key
