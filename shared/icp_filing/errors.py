"""The one exception type of the domain: a refusal with a stable code."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from .customer_notices import error_message, reasons_told
from .reasons import ERRORS, Text


class DomainError(Exception):
    """A request the rules refuse. ``code`` is one of reasons.ERRORS.

    ``field`` names the offending input field, ``detail`` says more (in both
    languages), and ``reasons`` carries the codes of failing eligibility rules (of a
    resource whose ``product`` may pick product-specific FAQ entries). ``facts`` are
    what the words depend on (customer_notices.reasons_told): ``quota`` ({limit,
    issued, remaining}, also shown in the error), ``requested`` and the product's
    configured minimums.
    """

    def __init__(self, code: str, *, field: str | None = None, detail: Text | None = None,
                 reasons: Sequence[str] | None = None, product: str | None = None,
                 fields: Sequence[tuple[str, Text | None]] | None = None,
                 facts: Mapping[str, Any] | None = None):
        if code not in ERRORS:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        # Every bad input field with what is wrong with it (``field``/``detail``: the first).
        self.fields = list(fields) if fields else ([(field, detail)] if field is not None else [])
        if self.fields and field is None:
            field, detail = self.fields[0] if len(self.fields) == 1 else (self.fields[0][0], None)
        self.field = field
        self.detail = detail
        self.reasons = list(reasons) if reasons is not None else None
        self.product = product
        self.facts = dict(facts or {})
        super().__init__(code if field is None else f"{code}: {field}")

    @property
    def quota(self) -> dict[str, int] | None:
        """What the refusal shows of the resource's quota: only when the quota is among
        its reasons (http-api.md: a ``quota_exhausted`` error carries it)."""
        if self.code != "quota_exhausted" and "quota_exhausted" not in (self.reasons or ()):
            return None
        return self.facts.get("quota")

    def message(self, lang: str) -> str:
        text = error_message(self.code, lang, self.facts) or ERRORS[self.code].in_(lang)
        if len(self.fields) > 1:
            return text + " " + ("; " if lang == "en" else "；").join(
                f"{name}: {self._problem(problem, lang)}" for name, problem in self.fields)
        if self.field is not None:
            text += f" ({'field' if lang == 'en' else '字段'}: {self.field})"
        if self.detail is not None:
            text += " " + self.detail.in_(lang)
        return text

    def described_fields(self, lang: str) -> list[dict[str, str]] | None:
        """``[{field, message}]`` of every bad input field, None when no field is at fault."""
        if not self.fields:
            return None
        return [{"field": name, "message": self._problem(problem, lang)} for name, problem in self.fields]

    def _problem(self, problem: Text | None, lang: str) -> str:
        return (problem or ERRORS[self.code]).in_(lang)

    def described_reasons(self, lang: str) -> list[dict[str, str]] | None:
        if self.reasons is None:
            return None
        return reasons_told(self.reasons, lang, self.product, self.facts)


def invalid(field: str, zh: str, en: str, code: str = "invalid_request") -> DomainError:
    return DomainError(code, field=field, detail=Text(zh, en))


def raise_all(problems: Sequence[DomainError]) -> None:
    """Refuse with every bad field at once (all of one code), or do nothing when there are none."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise DomainError(problems[0].code, fields=[f for p in problems for f in p.fields])
