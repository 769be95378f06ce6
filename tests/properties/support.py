"""Shared pieces of the property tests: reproducible hypothesis settings and
independent generators of valid subject ID numbers (computed from the standards,
not from ``icp_filing.identity``)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from hypothesis import HealthCheck, Phase, settings

# Reproducible in CI: derandomized and no example database. No explain phase: on a
# failure it re-runs the test for minutes (the state machine) and imports libcst.
SETTINGS = dict(deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def fixed(max_examples: int, **more):
    return settings(max_examples=max_examples, **{**SETTINGS, **more})


NOW = datetime(2026, 6, 1, 4, 0, tzinfo=timezone.utc)   # 2026 in China Standard Time too
TODAY = date(2026, 6, 1)

RESIDENT_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))  # 7, 9, 10, 5, ... (ISO 7064 MOD 11-2)
RESIDENT_CHECK = "10X98765432"
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"          # GB 32100: no I, O, S, V, Z
USCC_WEIGHTS = tuple(3 ** i % 31 for i in range(17))  # 1, 3, 9, 27, 19, ... (GB 32100)


def resident_check(body17: str) -> str:
    """ISO 7064 MOD 11-2: the character making sum(a_i * 2^(17-i)) + check = 1 (mod 11)."""
    total = sum(int(d) * w for d, w in zip(body17, RESIDENT_WEIGHTS))
    return RESIDENT_CHECK[total % 11]


def resident_id(body17: str) -> str:
    return body17 + resident_check(body17)


def uscc_check(body17: str) -> str:
    total = sum(USCC.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC[(31 - total % 31) % 31]


def credit_code(body17: str) -> str:
    return body17 + uscc_check(body17)
