"""A local stand-in for the API gateway: routes each request to the function that
template.yml names for it, as ``sam local start-api`` would, without Docker.

Functions are loaded from their CodeUri and called as plain WSGI apps, in-process.
"""
from __future__ import annotations

import importlib.util
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


class LocalGateway:
    """A WSGI app serving every HTTP route of the template."""

    def __init__(self, template: Path):
        self.template = template
        functions = load_functions(template)
        self.apps = {fid: load_function(template, f).app for fid, f in functions.items() if f.routes}
        self.url_map = Map([Rule(r.flask_rule, endpoint=fid, methods=[r.method])
                            for fid, f in functions.items() for r in f.routes], strict_slashes=False)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            function_id, _ = self.url_map.bind_to_environ(environ).match()
        except NotFound:
            return self._error("not_found", environ, start_response)
        except MethodNotAllowed:
            return self._error("method_not_allowed", environ, start_response)
        return self.apps[function_id](environ, start_response)

    @staticmethod
    def _error(code: str, environ: dict, start_response: Callable) -> list[bytes]:
        request_id = uuid.uuid4().hex
        body = error_body(code, language(environ.get("HTTP_ACCEPT_LANGUAGE")), request_id).encode()
        start_response(f"{STATUS[code]} {'Not Found' if STATUS[code] == 404 else 'Method Not Allowed'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                        ("X-Request-Id", request_id)])
        return [body]
