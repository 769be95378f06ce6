"""What every suite asserts at the end, and how it reports its figures."""
from __future__ import annotations

from .conftest import FIGURES


def finish(name: str, figures: dict, workload, servers=(), **extra) -> dict:
    figures.update(extra)
    figures["internal_errors_logged"] = sum(s.internal_errors() for s in servers)
    FIGURES[name] = figures
    problems = figures["problems"] + workload.log.violations
    assert not problems, "\n".join(problems[:40])
    assert figures["data_lost"] == 0 and figures["over_issued"] == 0
    assert figures["500"] == 0 and figures["internal_errors_logged"] == 0, figures
    return figures
