"""Alibaba Cloud Function Compute 3.0 events, translated for the handler.

FC 3.0's built-in Python runtime calls ``handler(event, context)`` with the event as
bytes of JSON. Its HTTP trigger sends::

    {"version": "v1", "rawPath": "/v1/faq", "body": "...", "isBase64Encoded": false,
     "headers": {"Content-Type": "application/json", "X-Multi": "a,b"},
     "queryParameters": {"limit": "10"},
     "requestContext": {"requestId": "...", "http": {"method": "GET", "path": "/v1/faq",
                        "sourceIp": "...", ...}, ...}}

(header names canonicalised, repeated headers and query values comma-joined) and
takes back ``{statusCode, headers, isBase64Encoded, body}``; its timer trigger sends
``{"triggerTime": "...", "triggerName": "...", "payload": "..."}``.

The functions already serve API Gateway's HTTP API v2 events, so an HTTP event is
translated into one (its routeKey and pathParameters found in the function's own
routes, from template.yml) and the answer back into FC's shape. Nothing else of the
pipeline knows about FC.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import unquote, urlencode

from .errors import event_error
from .lambda_event import path_pattern
from .requestlog import request_id_of
from .routes import Route, load_functions

Handler = Callable[[dict, Any], dict]


def decode(event: Any) -> Any:
    """The event as JSON values: FC hands it over as bytes (or text) of JSON."""
    if isinstance(event, (bytes, bytearray, memoryview)):
        event = bytes(event).decode("utf-8")
    if isinstance(event, str):
        return json.loads(event) if event.strip() else {}
    return event


def is_http_event(event: Any) -> bool:
    """An FC 3.0 HTTP-trigger event (API Gateway's v2 events carry routeKey and version 2.0)."""
    return (isinstance(event, dict) and isinstance(event.get("rawPath"), str)
            and isinstance((event.get("requestContext") or {}).get("http"), dict)
            and "routeKey" not in event and event.get("version") != "2.0")


def is_timer_event(event: Any) -> bool:
    return isinstance(event, dict) and "triggerTime" in event and "triggerName" in event


def is_fc3_event(event: Any) -> bool:
    """Bytes or text (AWS always hands over a dict), or a dict of FC's HTTP or timer shape."""
    return isinstance(event, (bytes, bytearray, memoryview, str)) or is_http_event(event) or is_timer_event(event)


class RouteMatcher:
    """The routeKey and path parameters of a request, among one function's routes."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self._routes = [(r, path_pattern(r.path, trailing_slash=True)) for r in routes]

    def serves(self, path: str, method: str | None = None) -> bool:
        """One of the routes has this path (and this method, when given)."""
        return any(pattern.fullmatch(path) and method in (None, route.method) for route, pattern in self._routes)

    def match(self, method: str, path: str) -> tuple[str, dict[str, str]]:
        for route, pattern in self._routes:
            found = pattern.fullmatch(path)
            if found and route.method == method:
                return route.route_key, {k: unquote(v) for k, v in found.groupdict().items()}
        return "$default", {}  # the function's own router answers 404 or 405


def to_http_api_v2(event: dict, matcher: RouteMatcher) -> dict:
    """The API Gateway HTTP API v2 event that says what ``event`` says."""
    context = event.get("requestContext") or {}
    http = context.get("http") or {}
    method = str(http.get("method") or "GET").upper()
    path = event["rawPath"] or "/"
    route_key, path_parameters = matcher.match(method, unquote(path))
    query = {str(k): str(v) for k, v in (event.get("queryParameters") or {}).items()}
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    translated = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": urlencode(query),
        "headers": headers,
        "requestContext": {
            "accountId": context.get("accountId"),
            "domainName": context.get("domainName"),
            "requestId": context.get("requestId"),
            "routeKey": route_key,
            "stage": "$default",
            "time": context.get("time"),
            "timeEpoch": context.get("timeEpoch"),
            "http": {"method": method, "path": http.get("path") or path, "protocol": http.get("protocol", "HTTP/1.1"),
                     "sourceIp": http.get("sourceIp", ""), "userAgent": http.get("userAgent", "")},
        },
        "body": event.get("body") or "",
        "isBase64Encoded": bool(event.get("isBase64Encoded")),
    }
    if query:
        translated["queryStringParameters"] = query
    if path_parameters:
        translated["pathParameters"] = path_parameters
    return translated


def to_fc_response(result: dict) -> dict:
    """FC's response shape, from a Lambda proxy result."""
    headers = dict(result.get("headers") or {})
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers[name] = ",".join(values)
    if result.get("cookies"):
        headers["Set-Cookie"] = ",".join(result["cookies"])
    return {"statusCode": int(result.get("statusCode", 200)), "headers": headers,
            "isBase64Encoded": bool(result.get("isBase64Encoded", False)), "body": result.get("body") or ""}


def handle(serve: Handler, event: Any, context: Any, matcher: RouteMatcher,
           timer: Callable[[dict], dict]) -> dict:
    """Serve an FC 3.0 event with ``serve`` (an HTTP API v2 handler); ``timer`` answers a
    timer event; one of neither FC shape is ``invalid_request`` in the envelope."""
    try:
        decoded = decode(event)
    except (ValueError, UnicodeDecodeError):
        return event_error("invalid_request")
    if is_timer_event(decoded):
        return timer(decoded)
    if not is_http_event(decoded):
        return event_error("invalid_request")
    return to_fc_response(serve(to_http_api_v2(decoded, matcher), context))


class Router:
    """An FC-only function in front of several: a custom domain routes by path prefix
    only (``/v1/filings/*``), so where one prefix serves several functions the domain
    sends it here, and this hands the event to the function whose route matches, in
    this process (its code package holds every function; see scripts/gen-s-yaml)."""

    def __init__(self, template: Path) -> None:
        self.template = template
        self._matchers = [(fid, RouteMatcher(f.routes)) for fid, f in load_functions(template).items() if f.routes]

    def function_for(self, method: str, path: str) -> str | None:
        """The function serving this request; else one serving the path (it answers 405)."""
        for wanted in (method, None):
            for function_id, matcher in self._matchers:
                if matcher.serves(path, wanted):
                    return function_id
        return None

    def __call__(self, event: Any, context: Any) -> dict:
        from .gateway import lambda_entry  # only the router loads other functions; the rest import this module too

        try:
            decoded = decode(event)
        except (ValueError, UnicodeDecodeError):
            decoded = None
        if not is_http_event(decoded):
            return event_error("invalid_request")
        method = str(decoded["requestContext"]["http"].get("method") or "GET").upper()
        function_id = self.function_for(method, unquote(decoded["rawPath"]))
        if function_id is None:
            return event_error("not_found", request_id_of(decoded))
        return lambda_entry(self.template, function_id)(decoded, context)
