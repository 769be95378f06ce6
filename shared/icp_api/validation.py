"""Request bodies: JSON objects checked field by field against a small schema."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence
from urllib.parse import parse_qs

from icp_filing.errors import DomainError, invalid
from icp_filing.reasons import Text
from kvstore.base import number_problem

MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class Field:
    """One field of a request body. openapi.yaml states the same constraints (a test
    compares them field by field), so that a request the document accepts is not
    refused here, and the reverse."""

    kind: str                      # "string" | "integer" | "number" | "boolean" | "object"
    required: bool = False
    max_length: int | None = None  # strings; the body's own limit bounds the rest
    min_length: int | None = None
    enum: Sequence[str] | None = None
    minimum: float | None = None   # numbers, inclusive
    maximum: float | None = None
    pattern: str | None = None     # strings, the whole value must match
    # Declared here so the document states them, checked by the domain (not by `problem`),
    # so that they are reported with its other checks, under the codes the contract gives
    # them (invalid_domain, invalid_id_number...):
    # - a named format (openapi.yaml's `format`): a pattern cannot say "a correct check
    #   character" or "a region this deployment serves", a name can, and tools that
    #   generate requests (schemathesis) are taught it (tests/contract/formats.py);
    format: str | None = None
    # - numbers strictly between these two are refused (openapi.yaml: `not:
    #   {exclusiveMinimum, exclusiveMaximum}`): "0, or at least the smallest real amount".
    not_between: tuple[float, float] | None = None
    fields: Mapping[str, "Field"] = field(default_factory=dict)  # objects

    def problem(self, value: Any) -> Text | None:
        """What is wrong with a value of the right type, or None."""
        if self.kind == "string":
            if self.min_length is not None and len(value) < self.min_length:
                return (Text("不能为空。", "must not be empty.") if self.min_length == 1 else
                        Text(f"长度至少为 {self.min_length}。", f"must be at least {self.min_length} characters."))
            if self.max_length is not None and len(value) > self.max_length:
                return Text(f"长度不能超过 {self.max_length}。", f"must be at most {self.max_length} characters.")
            if self.enum is not None and value not in self.enum:
                return Text("应为 " + " / ".join(self.enum) + " 之一。", "must be one of " + ", ".join(self.enum) + ".")
            if self.pattern is not None and not re.fullmatch(self.pattern, value):
                return Text("格式不正确。", "is malformed.")
        if self.kind in ("integer", "number"):
            low = self.minimum if self.minimum is not None else -math.inf
            high = self.maximum if self.maximum is not None else math.inf
            if not low <= value <= high:
                return Text(f"应在 {_num(low)}..{_num(high)} 之间。", f"must be {_num(low)}..{_num(high)}.")
        return None

    def accepts(self, value: Any) -> bool:
        if self.kind == "string":
            return isinstance(value, str)
        if self.kind == "integer":  # JSON Schema: 15.0 is an integer (a number without a fraction)
            return ((isinstance(value, int) and not isinstance(value, bool))
                    or (isinstance(value, float) and value.is_integer()))
        if self.kind == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if self.kind == "boolean":
            return isinstance(value, bool)
        if self.kind == "object":
            return isinstance(value, dict)
        raise ValueError(self.kind)


Schema = Mapping[str, Field]


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)

_KIND_ZH = {"string": "字符串", "integer": "整数", "number": "数字", "boolean": "布尔值", "object": "对象"}


def read_body(environ: dict) -> bytes:
    """The request body, at most MAX_BODY_BYTES (``payload_too_large`` past that, whether
    or not a Content-Length announced it: a chunked body is read and counted)."""
    cached = environ.get("icp.body")
    if cached is None:
        declared = (environ.get("CONTENT_LENGTH") or "").strip()
        try:
            if declared.isdigit():
                if int(declared) > MAX_BODY_BYTES:
                    raise DomainError("payload_too_large")
                cached = environ["wsgi.input"].read(int(declared))
            elif environ.get("wsgi.input_terminated"):  # chunked: the server ends the stream
                cached = environ["wsgi.input"].read(MAX_BODY_BYTES + 1)
                if len(cached) > MAX_BODY_BYTES:
                    raise DomainError("payload_too_large")
            else:  # no length and no chunking: HTTP says there is no body
                cached = b""
        except TimeoutError:  # the server's read timeout: the client stopped sending
            raise DomainError("invalid_request", field="body",
                              detail=Text("请求体未在时限内发送完。", "The body did not arrive in time.")) from None
        environ["icp.body"] = cached
    return cached


def language(accept: str | None) -> str:
    """``en`` when the caller prefers English to Chinese (Accept-Language, q-values and
    region tags understood: ``en-US`` is English, ``zh-CN`` Chinese); Chinese otherwise."""
    best, best_q = "zh", -1.0
    for part in (accept or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("zh", "en"):
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = primary, q
    return best


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """An empty body is ``{}``; anything but a JSON object is ``invalid_json``."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise DomainError("invalid_json") from None
    if not isinstance(value, dict):
        raise DomainError("invalid_json")
    return value


def validate(body: Mapping[str, Any], schema: Schema) -> dict[str, Any]:
    """The body when it fits the schema; else ``invalid_request`` naming every missing,
    wrong-typed, unknown or out-of-range field (``fields``), not just the first."""
    problems = _problems(body, schema, "")
    if problems:
        raise DomainError("invalid_request", fields=problems)
    return _as_declared(body, schema)


def _as_declared(body: Mapping[str, Any], schema: Schema) -> dict[str, Any]:
    """The checked body with each integer field an int (a JSON 15.0 is read as 15)."""
    out = dict(body)
    for name, spec in schema.items():
        if name in out:
            if spec.kind == "integer":
                out[name] = int(out[name])
            elif spec.kind == "object":
                out[name] = _as_declared(out[name], spec.fields)
    return out


def _problems(body: Mapping[str, Any], schema: Schema, prefix: str) -> list[tuple[str, Text]]:
    found = [(prefix + name, Text("未知字段。", "unknown field.")) for name in body if name not in schema]
    for name, spec in schema.items():
        path = prefix + name
        if name not in body:
            if spec.required:
                found.append((path, Text("缺少必填字段。", "is required.")))
            continue
        value = body[name]
        if not spec.accepts(value):
            found.append((path, Text(f"应为{_KIND_ZH[spec.kind]}。",
                                     f"must be a{'n' if spec.kind[0] in 'aeiou' else ''} {spec.kind}.")))
        elif spec.kind == "object":
            found += _problems(value, spec.fields, path + ".")
        elif spec.kind in ("integer", "number") and number_problem(value) is not None:
            # What the store cannot hold exactly (DynamoDB's numbers) is refused, not rounded.
            found.append((path, Text("数值超出可存储范围（0，或绝对值在 1e-130 到 1e126 之间，最多 38 位有效数字）。",
                                     "cannot be stored: use 0, or a magnitude between 1e-130 and 1e126 with at most "
                                     "38 significant digits.")))
        else:
            problem = spec.problem(value)
            if problem is not None:
                found.append((path, problem))
    return found


def query_args(query_string: str) -> dict[str, list[str]]:
    """A URL's query parameters, every value of each (blank ones kept)."""
    try:
        return parse_qs(query_string, keep_blank_values=True, errors="strict", max_num_fields=100)
    except (ValueError, UnicodeDecodeError):
        raise invalid("query", "查询参数无法解析。", "The query string cannot be read.") from None


def query_params(query: Mapping[str, list[str]], allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters a list takes, each at most once; any other is ``invalid_request``."""
    for name, values in query.items():
        if name not in allowed:
            raise invalid(name, "未知的查询参数。", "unknown query parameter.")
        if len(values) != 1:
            raise invalid(name, "只能出现一次。", "must be given once.")
    return {name: values[0] for name, values in query.items()}
