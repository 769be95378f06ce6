"""A function that serves a folder of static files (the console) on the API's own
routes, so the page and the API share one origin: no CORS, one deployment, and the
gateway's routing table (template.yml) names it like any other function.

    site = StaticSite("ConsoleFunction", __file__, "static")
    app = site.wsgi          # scripts/serve, a plain WSGI host
    handler = site.handler   # AWS Lambda (through serverless-wsgi) and Function Compute 3.0

Only GET and HEAD; only files inside the folder (no traversal, no listing); the
folder's root is ``index.html``. Every answer carries a strict Content-Security-Policy:
the console loads nothing but its own files and talks to nothing but its own origin.
"""
from __future__ import annotations

import mimetypes
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import serverless_wsgi

from . import fc3, requestlog
from .errors import error_body
from .routes import find_template, routes_of
from .validation import language

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
         ".png": "image/png", ".txt": "text/plain; charset=utf-8"}
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]


class StaticSite:
    def __init__(self, function_id: str, module_file: str, folder: str = "static"):
        routes = routes_of(function_id, find_template(module_file))
        if not routes:
            raise ValueError(f"{function_id} has no routes in template.yml")
        # The site's base path: its routes' common prefix before any parameter (/console).
        self.base = min(r.path.split("{", 1)[0].rstrip("/") for r in routes)
        self.root = (Path(module_file).resolve().parent / folder).resolve()
        self.function_id = function_id

    def missing_operations(self) -> set[str]:
        return set()  # every route of the function is served by the one file handler

    def handler(self, event: Any, context: Any) -> dict:
        """AWS Lambda's events, and Function Compute 3.0's (HTTP trigger; a timer only warms)."""
        if fc3.is_fc3_event(event):
            return fc3.handle(self._handle_http_api, event, context, fc3.RouteMatcher(()),
                              lambda timer: {"warm": self.function_id, "triggerName": timer.get("triggerName")})
        return self._handle_http_api(event, context)

    def _handle_http_api(self, event: dict, context: Any) -> dict:
        return serverless_wsgi.handle_request(self.wsgi, event, context)

    def wsgi(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Every answer carries its request id and is logged as one line, like the API's."""
        request_id = requestlog.request_id_of(environ.get("serverless.event"))
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO") or "/"

        def answer(status: str, headers: list[tuple[str, str]], error: str | None = None) -> None:
            start_response(status, [*headers, ("X-Request-Id", request_id), *SECURITY_HEADERS])
            requestlog.write(request_id=request_id, function=self.function_id, method=method,
                             route=self.base if path == self.base else self.base + "/{proxy+}",
                             status=int(status.split()[0]), error=error, started=started, role=None)

        if not (path == self.base or path.startswith(self.base + "/")):
            return self._error(environ, answer, "not_found", request_id)
        if method not in ("GET", "HEAD"):
            return self._error(environ, answer, "method_not_allowed", request_id)
        relative = path[len(self.base):].lstrip("/")
        if relative == "" and not path.endswith("/"):
            # Relative URLs of the page resolve against its folder: /console -> /console/.
            answer("308 Permanent Redirect", [("Location", self.base + "/"), ("Content-Length", "0")])
            return []
        target = self._file(relative or "index.html")
        if target is None:
            return self._error(environ, answer, "not_found", request_id)
        body = target.read_bytes()
        content_type = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        answer("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body))),
                          ("Cache-Control", "no-cache")])
        return [] if method == "HEAD" else [body]

    def _file(self, relative: str) -> Path | None:
        parts = relative.split("/")
        if any(p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return None
        target = self.root.joinpath(*parts).resolve()
        if self.root not in target.parents or not target.is_file():
            return None
        return target

    @staticmethod
    def _error(environ: dict, answer: Callable[..., None], code: str, request_id: str) -> list[bytes]:
        body = error_body(code, language(environ.get("HTTP_ACCEPT_LANGUAGE")), request_id).encode()
        if code == "not_found":
            answer("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))], code)
        else:  # RFC 9110: a 405 names the methods the resource takes
            answer("405 Method Not Allowed", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                              ("Allow", "GET, HEAD")], code)
        return [body]
