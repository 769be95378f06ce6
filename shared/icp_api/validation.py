"""Request bodies: JSON objects checked field by field against a small schema."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from icp_filing.errors import DomainError, invalid
from kvstore.base import number_problem

MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class Field:
    kind: str                      # "string" | "integer" | "number" | "boolean" | "object"
    required: bool = False
    max_length: int | None = None  # strings; the body's own limit bounds the rest
    fields: Mapping[str, "Field"] = field(default_factory=dict)  # objects

    def accepts(self, value: Any) -> bool:
        if self.kind == "string":
            return isinstance(value, str)
        if self.kind == "integer":
            return isinstance(value, int) and not isinstance(value, bool)
        if self.kind == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if self.kind == "boolean":
            return isinstance(value, bool)
        if self.kind == "object":
            return isinstance(value, dict)
        raise ValueError(self.kind)


Schema = Mapping[str, Field]

_KIND_ZH = {"string": "字符串", "integer": "整数", "number": "数字", "boolean": "布尔值", "object": "对象"}


def read_body(environ: dict) -> bytes:
    """The request body, at most MAX_BODY_BYTES (``payload_too_large`` past that, whether
    or not a Content-Length announced it: a chunked body is read and counted)."""
    cached = environ.get("icp.body")
    if cached is None:
        declared = (environ.get("CONTENT_LENGTH") or "").strip()
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


def validate(body: Mapping[str, Any], schema: Schema, prefix: str = "") -> dict[str, Any]:
    """Missing, wrong-typed or unknown fields are ``invalid_request`` naming the field."""
    for name in body:
        if name not in schema:
            raise invalid(prefix + name, "未知字段。", "unknown field.")
    for name, spec in schema.items():
        path = prefix + name
        if name not in body:
            if spec.required:
                raise invalid(path, "缺少必填字段。", "is required.")
            continue
        value = body[name]
        if not spec.accepts(value):
            raise invalid(path, f"应为{_KIND_ZH[spec.kind]}。", f"must be a{'n' if spec.kind[0] in 'aeiou' else ''} {spec.kind}.")
        if spec.kind in ("integer", "number") and number_problem(value) is not None:
            # What the store cannot hold exactly (DynamoDB's numbers) is refused, not rounded.
            raise invalid(path, "数值超出可存储范围（0，或绝对值在 1e-130 到 1e126 之间，最多 38 位有效数字）。",
                          "cannot be stored: use 0, or a magnitude between 1e-130 and 1e126 with at most "
                          "38 significant digits.")
        if spec.kind == "string" and spec.max_length is not None and len(value) > spec.max_length:
            raise invalid(path, f"长度不能超过 {spec.max_length}。", f"must be at most {spec.max_length} characters.")
        if spec.kind == "object":
            validate(value, spec.fields, prefix=path + ".")
    return dict(body)
