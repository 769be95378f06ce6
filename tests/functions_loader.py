"""Tests import a function's module the way the local gateway loads it."""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

from icp_api.gateway import load_function
from icp_api.routes import load_functions

TEMPLATE = Path(__file__).resolve().parents[1] / "template.yml"


def function_module(function_id: str) -> ModuleType:
    return load_function(TEMPLATE, load_functions(TEMPLATE)[function_id])
