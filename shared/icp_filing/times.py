"""Times are RFC 3339 UTC strings on the wire and in the store (``2026-11-30T08:00:00Z``),
aware datetimes in code. The canonical form sorts lexicographically in time order,
which the store's sort keys rely on."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})")
# Four-digit years keep the text form sortable, and leave room for grace periods.
MIN_YEAR, MAX_YEAR = 1970, 9000


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse(text: str) -> datetime:
    """An RFC 3339 date-time with a zone (``Z`` or ``+08:00``); ValueError otherwise."""
    if not isinstance(text, str) or not RFC3339.fullmatch(text):
        raise ValueError("not an RFC 3339 date-time")
    value = datetime.fromisoformat(text if text[-1] != "z" and "t" not in text else text.upper())
    if value.tzinfo is None:
        raise ValueError("an RFC 3339 date-time needs a zone")
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"the year must be {MIN_YEAR}..{MAX_YEAR}")
    return value


def parse_stored(text: str) -> datetime:
    """A time this service wrote itself (canonical, already checked)."""
    return datetime.fromisoformat(text)


def format(value: datetime) -> str:  # noqa: A001 - mirrors datetime.isoformat
    """Canonical text, to the second (sub-second parts are dropped)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_precise(value: datetime) -> str:
    """To the microsecond, for sort keys that must keep events of one second in order."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
