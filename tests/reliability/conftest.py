"""Figures of the reliability suites, printed after the run (and written to
$ICP_RELIABILITY_REPORT as JSON when that is set)."""
from __future__ import annotations

import json
import os

FIGURES: dict[str, dict] = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for suite, figures in FIGURES.items():
        shown = {k: v for k, v in figures.items() if k != "problems"}
        terminalreporter.write_line(f"{suite}: {json.dumps(shown, ensure_ascii=False, sort_keys=True)}")
    path = os.environ.get("ICP_RELIABILITY_REPORT")
    if path:
        with open(path, "w") as out:
            json.dump(FIGURES, out, ensure_ascii=False, indent=2, sort_keys=True)
