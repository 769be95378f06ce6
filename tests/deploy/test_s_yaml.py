"""s.yaml (Serverless Devs, Function Compute 3.0) says what template.yml says: it is
what scripts/gen-s-yaml generates, every function is deployed, every route reaches
its function through the custom domain (as FC matches routes), the scan is timed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from icp_api.fc3 import Router
from icp_api.routes import load_functions

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yml"
# API Gateway's authorizer has no place on FC: there each function verifies tokens itself.
AUTHORIZERS = {"AuthorizerFunction"}
FUNCTIONS = {fid: f for fid, f in load_functions(TEMPLATE).items() if fid not in AUTHORIZERS}
ROUTES = [r for f in FUNCTIONS.values() for r in f.routes]
S_YAML = yaml.safe_load((ROOT / "s.yaml").read_text(encoding="utf-8"))
FC_FUNCTIONS = {r["props"]["functionName"]: r["props"] for r in S_YAML["resources"].values() if r["component"] == "fc3"}
[DOMAIN] = [r["props"] for r in S_YAML["resources"].values() if r["component"] == "fc3-domain"]
SAMPLE = {"resource_id": "i-1", "filing_id": "F-1", "sn": "SN1", "proxy+": "app.js"}


def test_s_yaml_is_what_the_template_generates():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen-s-yaml"), "--check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_gateway_authorizer_is_not_deployed_to_fc():
    assert all(p["code"] != f"./build/fc/{fid}" for p in FC_FUNCTIONS.values() for fid in AUTHORIZERS)
    # ... and it is the template's only authorizer (a new one would need the same thought).
    from icp_api.routes import _read_template

    auth = _read_template(TEMPLATE)["Resources"]["HttpApi"]["Properties"]["Auth"]["Authorizers"]
    assert {spec["FunctionArn"]["Ref"].split(".")[0] for spec in auth.values()} == AUTHORIZERS


def fc_name(function_id: str) -> str:
    [name] = [n for n, p in FC_FUNCTIONS.items() if p["code"] == f"./build/fc/{function_id}"]
    return name


@pytest.mark.parametrize("function_id", sorted(FUNCTIONS))
def test_every_function_is_an_fc_function(function_id):
    props = FC_FUNCTIONS[fc_name(function_id)]
    function = FUNCTIONS[function_id]
    assert props["handler"] == function.handler and props["runtime"].startswith("python3.")
    # The secret and the store URL (it holds the database password) are never in the file.
    assert props["environmentVariables"]["ICP_JWT_SECRET"].startswith("${env(")
    assert props["environmentVariables"]["ICP_STORE_URL"].startswith("${env(")
    triggers = {t["triggerType"]: t for t in props.get("triggers", [])}
    if function.routes:
        assert set(triggers["http"]["triggerConfig"]["methods"]) == {r.method for r in function.routes}
    if function.schedules:
        assert triggers["timer"]["triggerConfig"]["enable"] is True
        assert triggers["timer"]["triggerConfig"]["cronExpression"] == "@every 1h"  # template: rate(1 hour)


def domain_target(path: str) -> dict | None:
    """FC's custom-domain rule: an exact path first, else the longest matching prefix/*."""
    routes = DOMAIN["routeConfig"]["routes"]
    exact = [r for r in routes if r["path"] == path]
    if exact:
        return exact[0]
    prefixes = [r for r in routes if r["path"].endswith("*") and path.startswith(r["path"][:-1])]
    return max(prefixes, key=lambda r: len(r["path"]), default=None)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.event_id)
def test_every_route_reaches_its_function_through_the_domain(route):
    path = route.path.format(**SAMPLE)
    target = domain_target(path)
    assert target is not None and route.method in target["methods"]
    props = FC_FUNCTIONS[target["functionName"]]
    [http] = [t for t in props["triggers"] if t["triggerType"] == "http"]
    assert route.method in http["triggerConfig"]["methods"]
    if props["code"] == "./build/fc/ApiRouterFunction":
        # The router hands the event on to the function the template names.
        assert Router(TEMPLATE).function_for(route.method, path) == route.function_id
    else:
        assert target["functionName"] == fc_name(route.function_id)


def test_the_domain_routes_nothing_the_template_does_not_declare():
    for rule in DOMAIN["routeConfig"]["routes"]:
        prefix = rule["path"].rstrip("*")
        assert any(r.path == rule["path"] or (rule["path"].endswith("*") and r.path.startswith(prefix))
                   for r in ROUTES), rule
