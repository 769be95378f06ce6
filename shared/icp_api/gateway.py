"""A local stand-in for the API gateway: routes each request to the function that
template.yml names for it, as ``sam local start-api`` would, without Docker.

Functions are loaded from their CodeUri and called as plain WSGI apps, in-process.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import time
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from . import requestlog
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


DOCS_PATH = "/docs"              # a human-readable page of the document (ReDoc, vendored)
DOCS_DIR = ("docs", "api")      # beside template.yml: index.html and the ReDoc bundle
_DOCS_FILES = {"/docs": ("index.html", "text/html; charset=utf-8"),
               "/docs/": ("index.html", "text/html; charset=utf-8"),
               "/docs/redoc.standalone.js": ("redoc.standalone.js", "application/javascript; charset=utf-8")}
_REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}


class LocalGateway:
    """A WSGI app serving every HTTP route of the template, the API's OpenAPI document
    at ``GET /openapi.json`` (read once, on its first request) and a page rendering it
    at ``/docs``. What it answers itself (those, an unknown path, a wrong method) it
    logs like a function does."""

    def __init__(self, template: Path):
        self.template = template
        functions = load_functions(template)
        self.apps = {fid: load_function(template, f).app for fid, f in functions.items() if f.routes}
        # merge_slashes off: /v1//x is an unknown path (404), not a redirect werkzeug
        # would raise past this app as a 500.
        self.url_map = Map([Rule(r.flask_rule, endpoint=fid, methods=[r.method])
                            for fid, f in functions.items() for r in f.routes],
                           strict_slashes=False, merge_slashes=False)
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
        started = time.perf_counter()
        path = environ.get("PATH_INFO") or "/"
        if path == OPENAPI_PATH and self.openapi is not None:
            return self._static(environ, start_response, started, path, lambda: self.openapi or b"",
                                "application/json")
        if path in _DOCS_FILES:
            name, content_type = _DOCS_FILES[path]
            source = self.template.parent.joinpath(*DOCS_DIR, name)
            if source.is_file():
                return self._static(environ, start_response, started, DOCS_PATH, source.read_bytes, content_type)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            function_id, _ = adapter.match()
        except NotFound:
            return self._error("not_found", environ, start_response, started)
        except MethodNotAllowed as exc:
            return self._error("method_not_allowed", environ, start_response, started,
                               allow=sorted(exc.valid_methods or ()))
        except HTTPException:  # any other routing outcome (a redirect): not a path of the API
            return self._error("not_found", environ, start_response, started)
        return self.apps[function_id](environ, start_response)

    def _static(self, environ: dict, start_response: Callable, started: float, route: str,
                read: Callable[[], bytes], content_type: str) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        if method not in ("GET", "HEAD"):
            return self._error("method_not_allowed", environ, start_response, started, allow=["GET", "HEAD"],
                               route=route)
        body = read()
        request_id = uuid.uuid4().hex
        start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                  ("X-Request-Id", request_id)])
        _log(request_id, environ, route, 200, None, started)
        return [] if method == "HEAD" else [body]

    @staticmethod
    def _error(code: str, environ: dict, start_response: Callable, started: float, *,
               allow: list[str] | None = None, route: str | None = None) -> list[bytes]:
        request_id = uuid.uuid4().hex
        body = error_body(code, language(environ.get("HTTP_ACCEPT_LANGUAGE")), request_id).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                   ("X-Request-Id", request_id)]
        if allow is not None:
            headers.append(("Allow", ", ".join(allow)))
        start_response(f"{STATUS[code]} {_REASONS[STATUS[code]]}", headers)
        _log(request_id, environ, route, STATUS[code], code, started)
        return [body]


def _log(request_id: str, environ: dict, route: str | None, status: int, error: str | None, started: float) -> None:
    requestlog.write(request_id=request_id, function="gateway", method=environ.get("REQUEST_METHOD"), route=route,
                     status=status, error=error, started=started, role=None)
