"""Conditions on one item, evaluated atomically with the write they guard.

They are a small algebra that every backend can honour: the SQLite and memory
backends evaluate them in Python inside their write lock, the DynamoDB backend
renders them as a ConditionExpression. A comparison with a missing attribute (or
a missing item) is false, as in DynamoDB.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable, Mapping

Item = Mapping[str, Any]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class Condition:
    def holds(self, item: Item | None) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def __and__(self, other: "Condition") -> "Condition":
        return AllOf((self, other))

    def __or__(self, other: "Condition") -> "Condition":
        return AnyOf((self, other))


@dataclass(frozen=True)
class Absent(Condition):
    """The item does not exist."""

    def holds(self, item: Item | None) -> bool:
        return item is None


@dataclass(frozen=True)
class Exists(Condition):
    """The item exists."""

    def holds(self, item: Item | None) -> bool:
        return item is not None


@dataclass(frozen=True)
class Compare(Condition):
    attr: str
    op: str
    value: Any

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise ValueError(f"unknown comparison {self.op!r}")
        if self.attr in ("pk", "sk"):
            raise ValueError("compare key attributes with Absent/Exists")

    def holds(self, item: Item | None) -> bool:
        if item is None or self.attr not in item:
            return False
        have = item[self.attr]
        try:
            return bool(_OPS[self.op](have, self.value))
        except TypeError:
            return False


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def holds(self, item: Item | None) -> bool:
        return all(p.holds(item) for p in self.parts)


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def holds(self, item: Item | None) -> bool:
        return any(p.holds(item) for p in self.parts)


def absent() -> Condition:
    return Absent()


def exists() -> Condition:
    return Exists()


def attr_eq(attr: str, value: Any) -> Condition:
    return Compare(attr, "=", value)


def attr_lt(attr: str, value: Any) -> Condition:
    return Compare(attr, "<", value)


def attr_le(attr: str, value: Any) -> Condition:
    return Compare(attr, "<=", value)


def unchanged(item: Item | None, version_attr: str = "version") -> Condition:
    """Optimistic concurrency: the item is still as it was read."""
    if item is None:
        return Absent()
    return Compare(version_attr, "=", item[version_attr])
