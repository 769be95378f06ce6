"""A local stand-in for the API gateway: routes each request to the function that
template.yml names for it, as ``sam local start-api`` would, without Docker.

Functions are loaded from their CodeUri and called as plain WSGI apps, in-process.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from .errors import STATUS, error_body
from .routes import Function, load_functions
from .validation import language


def load_function(template: Path, function: Function) -> ModuleType:
    """Import a function's handler module from its CodeUri (each under its own name)."""
    module_path, _, _ = function.handler.rpartition(".")
    source = template.parent / function.code_uri / (module_path.replace(".", "/") + ".py")
    name = f"icp_functions.{function.function_id}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, source)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {function.function_id} from {source}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def lambda_entry(template: Path, function_id: str) -> Callable[[dict, Any], Any]:
    functions = load_functions(template)
    if function_id not in functions:
        raise KeyError(f"no function {function_id!r} in {template}; there are: {', '.join(sorted(functions))}")
    function = functions[function_id]
    module = load_function(template, function)
    return getattr(module, function.handler.rpartition(".")[2])


OPENAPI_NAME = "openapi.yaml"   # the API's OpenAPI document, beside template.yml
OPENAPI_PATH = "/openapi.json"  # where the local gateway serves it (not a template route)


def openapi_json(template: Path) -> bytes | None:
    """The OpenAPI document beside ``template`` as JSON, or None when there is none."""
    source = template.parent / OPENAPI_NAME
    if not source.is_file():
        return None
    import yaml

    with open(source, encoding="utf-8") as fh:
        document = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class LocalGateway:
    """A WSGI app serving every HTTP route of the template, and the API's OpenAPI
    document at ``GET /openapi.json`` (read once, on its first request)."""

    def __init__(self, template: Path):
        self.template = template
        functions = load_functions(template)
        self.apps = {fid: load_function(template, f).app for fid, f in functions.items() if f.routes}
        self.url_map = Map([Rule(r.flask_rule, endpoint=fid, methods=[r.method])
                            for fid, f in functions.items() for r in f.routes], strict_slashes=False,
                           merge_slashes=False)  # else werkzeug raises a redirect for "//" (a 500 here)
        self._openapi_document: bytes | None = None
        self._openapi_read = False

    @property
    def openapi(self) -> bytes | None:
        """The document as JSON (None without one), read on first use: parsing it costs
        more than a gateway that never serves it should pay (tests build many)."""
        if not self._openapi_read:
            self._openapi_document = openapi_json(self.template)
            self._openapi_read = True
        return self._openapi_document

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == OPENAPI_PATH and self.openapi is not None:
            return self._openapi(environ, start_response)
        try:
            function_id, _ = self.url_map.bind_to_environ(environ).match()
        except NotFound:
            return self._error("not_found", environ, start_response)
        except MethodNotAllowed:
            return self._error("method_not_allowed", environ, start_response)
        return self.apps[function_id](environ, start_response)

    def _openapi(self, environ: dict, start_response: Callable) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        if method not in ("GET", "HEAD"):
            return self._error("method_not_allowed", environ, start_response)
        body = self.openapi or b""
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                  ("X-Request-Id", uuid.uuid4().hex)])
        return [] if method == "HEAD" else [body]

    @staticmethod
    def _error(code: str, environ: dict, start_response: Callable) -> list[bytes]:
        request_id = uuid.uuid4().hex
        body = error_body(code, language(environ.get("HTTP_ACCEPT_LANGUAGE")), request_id).encode()
        start_response(f"{STATUS[code]} {'Not Found' if STATUS[code] == 404 else 'Method Not Allowed'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                        ("X-Request-Id", request_id)])
        return [body]
