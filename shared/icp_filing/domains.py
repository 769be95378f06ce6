"""Website domains as a filing records them: valid host names, IDNA allowed, stored
lower-case in Unicode (NFC), compared by their IDNA (punycode) form. A domain is
rejected, not repaired, when it carries a scheme, path, port or space."""
from __future__ import annotations

import re
import unicodedata
from encodings import idna

from .errors import invalid

_LDH = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_FORBIDDEN = set(" \t\r\n/:?#@\\[]%")


def _bad(zh: str, en: str):
    return invalid("domain", zh, en, code="invalid_domain")


def normalize(raw: str) -> tuple[str, str]:
    """``(unicode_form, ascii_key)``; ``invalid_domain`` when it is not a bare domain name."""
    text = unicodedata.normalize("NFC", raw)
    if not text or any(c in _FORBIDDEN for c in text) or any(unicodedata.category(c)[0] == "C" for c in text):
        raise _bad("域名为空或含有协议、路径、端口或空白。", "The domain is empty or carries a scheme, path, port or space.")
    if text.endswith("."):
        text = text[:-1]
    labels = text.split(".")
    if len(labels) < 2:
        raise _bad("域名至少包含两级。", "A domain needs at least two labels.")
    ascii_labels, unicode_labels = [], []
    for label in labels:
        try:
            ascii_label = idna.ToASCII(label).decode("ascii").lower() if label else ""
            unicode_label = idna.ToUnicode(ascii_label)
        except (UnicodeError, ValueError):
            raise _bad("域名含有无效的标签。", "The domain has an invalid label.") from None
        if not _LDH.match(ascii_label):
            raise _bad("域名含有无效的标签。", "The domain has an invalid label.")
        ascii_labels.append(ascii_label)
        unicode_labels.append(unicodedata.normalize("NFC", unicode_label.lower()))
    key = ".".join(ascii_labels)
    if len(key) > 253 or ascii_labels[-1].isdigit():
        raise _bad("域名过长或顶级域无效。", "The domain is too long or its top-level label is not valid.")
    return ".".join(unicode_labels), key
