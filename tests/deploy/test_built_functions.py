"""What `sam build` ships (.aws-sam/build): every function imports and answers one
event under the runtime's Python (3.13, -S: no site-packages) with only the built
layer on the path, without writing bytecode; and the layer holds bytecode of that
Python only, valid without its sources' timestamps, and nothing stray.

Uses the build CI just made; builds it (`sam build`) when it is missing or older than
the sources."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from icp_api.auth import issue_token

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / ".aws-sam" / "build"
SOURCES = [ROOT / "template.yml", ROOT / "Makefile", ROOT / "shared", ROOT / "functions"]


def lambda_python() -> str:
    explicit = os.environ.get("LAMBDA_PYTHON_BIN")
    if explicit:
        return explicit
    prefix = subprocess.run(["pyenv", "prefix", "3.13.0"], capture_output=True, text=True).stdout.strip()
    return f"{prefix}/bin/python3.13" if prefix else "python3.13"


def newest_source() -> float:
    return max(p.stat().st_mtime for root in SOURCES for p in ([root] if root.is_file() else root.rglob("*"))
               if "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def build() -> Path:
    marker = BUILD / "template.yaml"
    if not marker.exists() or marker.stat().st_mtime < newest_source():
        sam = shutil.which("sam")
        assert sam, "the SAM CLI is not installed: python3 -m pip install -r requirements-dev.txt"
        subprocess.run([sam, "build"], cwd=ROOT, check=True, capture_output=True, timeout=900,
                       env={**os.environ, "SAM_CLI_TELEMETRY": "0"})
    return BUILD


PROBE = r"""
import json, sys
task, layer, event = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path[:0] = [task, layer]
import app
response = app.handler(event, None)
print(json.dumps(response))
"""


def events(layer: Path) -> dict[str, dict]:
    """One event per built function: a route of each HTTP function as the gateway sends
    it behind the authorizer, a token for the authorizer, a time for the scan."""
    routes = json.loads((layer / "icp_api" / "routes.json").read_text())
    token = issue_token("alice", "customer")
    found = {}
    for function in routes:
        fid = function["function_id"]
        if function["routes"]:
            route = min(function["routes"], key=lambda r: r["method"] != "GET")  # a GET when there is one
            path = route["path"].replace("{", "").replace("}", "")
            found[fid] = {"version": "2.0", "routeKey": f"{route['method']} {route['path']}", "rawPath": path,
                          "rawQueryString": "",
                          "headers": {"host": "api.example.com", "content-type": "application/json"},
                          "body": "{}" if route["method"] != "GET" else None, "isBase64Encoded": False,
                          "requestContext": {"http": {"method": route["method"], "path": path, "sourceIp": "192.0.2.1"},
                                             "requestId": f"built-{fid}",
                                             "authorizer": {"lambda": {"sub": "alice", "role": "customer",
                                                                       "exp": int(time.time()) + 600}}}}
        elif function["schedules"]:
            found[fid] = {"time": "2026-12-01T00:00:00Z", "detail-type": "Scheduled Event"}
        else:  # the authorizer
            found[fid] = {"version": "2.0", "type": "REQUEST", "identitySource": [f"Bearer {token}"],
                          "headers": {"authorization": f"Bearer {token}"}, "routeKey": "GET /v1/eligibility"}
    return found


def test_every_built_function_answers_an_event_under_the_runtimes_python(build, tmp_path):
    layer = build / "SharedLayer" / "python"
    cases = events(layer)
    built = {p.name for p in build.iterdir() if p.is_dir() and p.name != "SharedLayer"}
    assert built == set(cases)
    before = {p for p in build.rglob("*.pyc")}
    env = {"PATH": os.environ["PATH"], "PYTHONDONTWRITEBYTECODE": "1", "ICP_AUTH_MODE": "gateway",
           "ICP_STORE_URL": f"sqlite:///{tmp_path / 'built.db'}", "ICP_JWT_SECRET": os.environ["ICP_JWT_SECRET"],
           "ICP_LOG_LEVEL": "WARNING"}
    for function_id, event in sorted(cases.items()):
        out = subprocess.run([lambda_python(), "-S", "-c", PROBE, str(build / function_id), str(layer),
                              json.dumps(event)],
                             env={**env, **({"ICP_AUTH_MODE": "jwt"} if function_id == "AnswerFaqFunction" else {})},
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, (function_id, out.stderr[-2000:])
        response = json.loads(out.stdout)
        if function_id == "AuthorizerFunction":
            assert response["isAuthorized"] is True and response["context"]["sub"] == "alice"
        elif function_id == "ExpiryScanFunction":
            assert response["complete"] is True
        else:
            assert response["statusCode"] < 500, (function_id, response)
            assert response["headers"]["X-Request-Id"] == f"built-{function_id}", function_id
            if response["headers"].get("Content-Type", "").startswith("application/json"):
                json.loads(response["body"])
            else:  # the console's page: /console sends the browser on to /console/
                assert function_id == "ConsoleFunction" and response["statusCode"] in (200, 308), response
    assert {p for p in build.rglob("*.pyc")} == before  # nothing compiled into the read-only code


@pytest.mark.parametrize("artifact", ["SharedLayer", "CheckEligibilityFunction", "AuthorizerFunction",
                                      "ExpiryScanFunction"])
def test_what_is_built_holds_the_runtimes_bytecode_only(build, artifact):
    tree = build / artifact
    sources = list(tree.rglob("*.py"))
    pycs = list(tree.rglob("*.pyc"))
    assert sources and pycs
    assert {p.name.split(".")[-2] for p in pycs} == {"cpython-313"}  # no other Python's, no opt- levels
    for pyc in pycs:
        flags = int.from_bytes(pyc.read_bytes()[4:8], "little")
        assert flags == 0b01, pyc  # hash-based, unchecked: valid whatever the files' timestamps
    compiled = {p.parent.parent / (p.name.split(".")[0] + ".py") for p in pycs}
    assert set(sources) <= compiled  # every module has its bytecode


def test_the_built_layer_holds_nothing_stray(build):
    layer = build / "SharedLayer"
    assert sorted(p.name for p in layer.iterdir()) == ["python"]
    assert not (layer / "python" / "bin").exists()
    assert (layer / "python" / "icp_api" / "routes.json").is_file()
    functions = {p.name: sorted(q.name for q in p.iterdir()) for p in build.iterdir()
                 if p.is_dir() and p.name != "SharedLayer"}
    # Each function: its handler and bytecode; the console also its static files.
    static = {name: entries for name, entries in functions.items() if name == "ConsoleFunction"}
    assert set(map(tuple, (v for k, v in functions.items() if k not in static))) == {("__pycache__", "app.py")}
    assert all(entries == ["__pycache__", "app.py", "static"] for entries in static.values()), static


def test_each_functions_code_directory_follows_the_makefiles_convention():
    """The Makefile's build-%Function finds a function's code by its logical id."""
    import re

    from icp_api.routes import load_functions
    from functions_loader import TEMPLATE

    for function_id, function in load_functions(TEMPLATE).items():
        stem = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", function_id.removesuffix("Function")).lower()
        assert function.code_uri.rstrip("/") == f"functions/{stem}", function_id
