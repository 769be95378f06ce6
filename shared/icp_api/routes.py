"""The routing table, read from template.yml (the single source of truth).

The gateway (API Gateway in the cloud, ``scripts/serve`` locally) routes a request
to a function by it; each function's Flask app routes to its views by the same
table, so that a plain WSGI host can call a function directly.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATE_NAME = "template.yml"
# What the layer build writes from template.yml, so that a cold function reads
# its routes without importing a YAML parser.
COMPILED_NAME = "routes.json"


@dataclass(frozen=True)
class Route:
    function_id: str   # logical id of the function in template.yml
    event_id: str      # logical id of the event: the operation's name
    method: str
    path: str          # /v1/resources/{resource_id}

    @property
    def flask_rule(self) -> str:
        # {name+} is the gateway's greedy parameter (the rest of the path, slashes included).
        rule = re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\+\}", r"<path:\1>", self.path)
        return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", r"<\1>", rule)

    @property
    def route_key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Function:
    function_id: str
    code_uri: str
    handler: str
    routes: tuple[Route, ...]
    schedules: tuple[str, ...]   # event ids of Schedule / ScheduleV2 events
    timeout: float | None = None  # seconds the function may run (Timeout), if the template says


def _read_template(template: Path) -> dict:
    import yaml

    class TemplateLoader(yaml.SafeLoader):
        """Reads CloudFormation's short-form tags (!Ref, !Sub, !GetAtt...) as plain values."""

    def any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return {suffix: loader.construct_scalar(node)}
        if isinstance(node, yaml.SequenceNode):
            return {suffix: loader.construct_sequence(node, deep=True)}
        if isinstance(node, yaml.MappingNode):
            return {suffix: loader.construct_mapping(node, deep=True)}
        raise yaml.constructor.ConstructorError(None, None, f"unexpected node under !{suffix}", node.start_mark)

    TemplateLoader.add_multi_constructor("!", any_tag)
    with open(template, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=TemplateLoader)  # noqa: S506 - a SafeLoader subclass


def find_template(start: str | os.PathLike | None = None) -> Path:
    """``ICP_TEMPLATE``, else the nearest template.yml above ``start``, else the routes
    compiled from it beside this package (in the Lambda layer)."""
    if os.environ.get("ICP_TEMPLATE"):
        return Path(os.environ["ICP_TEMPLATE"])
    candidates = []
    if start is not None:
        here = Path(start).resolve()
        candidates += [p / TEMPLATE_NAME for p in [here, *here.parents]]
    package = Path(__file__).resolve().parent
    candidates += [package / COMPILED_NAME] + [p / TEMPLATE_NAME for p in package.parents]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("template.yml not found (set ICP_TEMPLATE)")


@lru_cache(maxsize=8)
def load_functions(template: Path) -> dict[str, Function]:
    """The functions of a template.yml, or of the routes.json compiled from one."""
    if template.name == COMPILED_NAME:
        with open(template, encoding="utf-8") as fh:
            return {f["function_id"]: Function(**{**f, "routes": tuple(Route(**r) for r in f["routes"]),
                                                  "schedules": tuple(f["schedules"])})
                    for f in json.load(fh)}
    doc = _read_template(template)
    handler_default = (doc.get("Globals", {}).get("Function", {}) or {}).get("Handler", "app.handler")
    timeout_default = (doc.get("Globals", {}).get("Function", {}) or {}).get("Timeout")
    functions: dict[str, Function] = {}
    for logical_id, resource in (doc.get("Resources") or {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource.get("Properties") or {}
        routes, schedules = [], []
        for event_id, event in (props.get("Events") or {}).items():
            kind, event_props = event.get("Type"), event.get("Properties") or {}
            if kind in ("HttpApi", "Api"):
                routes.append(Route(logical_id, event_id, str(event_props["Method"]).upper(), event_props["Path"]))
            elif kind in ("Schedule", "ScheduleV2"):
                schedules.append(event_id)
        timeout = props.get("Timeout", timeout_default)
        functions[logical_id] = Function(logical_id, props.get("CodeUri", "."), props.get("Handler", handler_default),
                                         tuple(routes), tuple(schedules),
                                         float(timeout) if isinstance(timeout, (int, float)) else None)
    return functions


def function_of(function_id: str, template: Path) -> Function:
    functions = load_functions(template)
    if function_id not in functions:
        raise KeyError(f"{function_id} is not a function of {template}")
    return functions[function_id]


def routes_of(function_id: str, template: Path) -> tuple[Route, ...]:
    return function_of(function_id, template).routes


def compile_routes(template: Path, target: Path) -> None:
    """Write the template's functions and routes as JSON (the layer build calls this)."""
    target.write_text(json.dumps([asdict(f) for f in load_functions(template).values()], indent=1))
