"""The one exception type of the domain: a refusal with a stable code."""
from __future__ import annotations

from typing import Sequence

from .reasons import ERRORS, Text, describe


class DomainError(Exception):
    """A request the rules refuse. ``code`` is one of reasons.ERRORS.

    ``field`` names the offending input field, ``detail`` says more (in both
    languages), and ``reasons`` carries the codes of failing eligibility rules (of a
    resource whose ``product`` may pick product-specific FAQ entries).
    """

    def __init__(self, code: str, *, field: str | None = None, detail: Text | None = None,
                 reasons: Sequence[str] | None = None, product: str | None = None):
        if code not in ERRORS:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        self.field = field
        self.detail = detail
        self.reasons = list(reasons) if reasons is not None else None
        self.product = product
        super().__init__(code if field is None else f"{code}: {field}")

    def message(self, lang: str) -> str:
        text = ERRORS[self.code].in_(lang)
        if self.field is not None:
            text += f" ({'field' if lang == 'en' else '字段'}: {self.field})"
        if self.detail is not None:
            text += " " + self.detail.in_(lang)
        return text


    def described_reasons(self, lang: str) -> list[dict[str, str]] | None:
        if self.reasons is None:
            return None
        return describe(self.reasons, lang, self.product)


def invalid(field: str, zh: str, en: str, code: str = "invalid_request") -> DomainError:
    return DomainError(code, field=field, detail=Text(zh, en))
