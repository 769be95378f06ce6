"""Subject ID numbers: the resident ID of an individual (GB 11643, ISO 7064 MOD 11-2
check character) and the unified social credit code of an enterprise (GB 32100).
The full number is kept in the store only; everything shown carries it masked."""
from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path

INDIVIDUAL, ENTERPRISE = "individual", "enterprise"
SUBJECT_TYPES = (INDIVIDUAL, ENTERPRISE)

_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_CHECK = "10X98765432"
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize(id_number: str) -> str:
    return id_number.strip().upper()


def resident_id_valid(number: str, today: date | None = None) -> bool:
    """18 characters: 17 digits (with a real birth date at 7..14) and the check character."""
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > (today or date.today()):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _RESIDENT_WEIGHTS))
    return number[17] == _RESIDENT_CHECK[total % 11]


@lru_cache(maxsize=1)
def _area_codes() -> frozenset[str]:
    """Every GB/T 2260 division code of any revision since 1980 (scripts/build-data makes
    the file from a maintained package): an ID keeps the code it was issued under, even
    after its division was merged or renamed."""
    path = Path(__file__).resolve().parent / "data" / "area_codes.txt"
    with open(path, encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))


def area_code_exists(code: str) -> bool:
    return code in _area_codes()


def credit_code_valid(number: str) -> bool:
    """18 characters of the GB 32100 alphabet; digits 3..8 are the division code."""
    if len(number) != 18 or any(c not in _USCC_CHARSET for c in number) or not number[2:8].isdigit():
        return False
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(number[:17], _USCC_WEIGHTS))
    return number[17] == _USCC_CHARSET[(31 - total % 31) % 31]


def valid(subject_type: str, number: str, allow_list: frozenset[str] = frozenset()) -> bool:
    if number in allow_list and len(number) == 18:
        return True  # a few legal early codes fail the checksum (they are 18 characters still)
    if subject_type == INDIVIDUAL:
        return resident_id_valid(number) and area_code_exists(number[:6])
    return credit_code_valid(number)


def masked(number: str) -> str:
    """The first 3 and last 4 characters, ``*`` for each one between."""
    return number[:3] + "*" * max(len(number) - 7, 0) + number[-4:]


def subject_key(number: str) -> str:
    """How the store addresses a subject. It keeps the number out of key listings and
    logs; it is no protection (ID numbers are few enough to hash them all), which is
    why the store itself is the boundary the full number never leaves."""
    return hashlib.sha256(number.encode()).hexdigest()[:32]
