"""The Lambda entry's direct path: an API Gateway HTTP API (payload 2.0) event whose
route the gateway already matched, turned into the WSGI environ the pipeline reads,
and the pipeline's answer turned into the gateway's response, exactly as
serverless-wsgi and Flask would have (a test compares the two for every route).

Also what the functions read of a Lambda authorizer's context in gateway mode.
"""
from __future__ import annotations

import base64
import io
import os
import re
import sys
import time
from typing import TYPE_CHECKING, Any, Callable, Mapping
from urllib.parse import unquote

from icp_filing.access import Caller
from icp_filing.errors import DomainError

from . import auth

if TYPE_CHECKING:
    from .app import Answer


def path_pattern(path: str, trailing_slash: bool = False) -> re.Pattern[str]:
    """The template path as a pattern over the decoded request path (Flask's default
    converter: any text without a slash); ``trailing_slash``: one more "/" may follow."""
    parts = re.split(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", path)
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(pattern + ("/?" if trailing_slash else ""))


def match(direct: Mapping[str, tuple[Any, re.Pattern[str], Callable]], event: Any
          ) -> tuple[Callable, dict[str, str]] | None:
    """The pipeline entry and path parameters for an event the direct path takes, else
    None (serverless-wsgi and Flask take it)."""
    if not isinstance(event, dict) or event.get("version") != "2.0" or os.environ.get("API_GATEWAY_BASE_PATH"):
        return None
    route_key = event.get("routeKey")
    entry = direct.get(route_key) if isinstance(route_key, str) else None
    if entry is None:
        return None
    route, pattern, serve = entry
    http = (event.get("requestContext") or {}).get("http") or {}
    raw_path = event.get("rawPath")
    if (http.get("method") != route.method or not isinstance(raw_path, str)
            or not isinstance(event.get("headers"), dict)):
        return None
    found = pattern.fullmatch(unquote(raw_path))
    if found is None:
        return None
    return serve, found.groupdict()


def _latin1(value: str) -> str:
    """What serverless-wsgi hands WSGI for a header value (PEP 3333 strings)."""
    return value if value.isascii() else value.encode("utf-8").decode("latin1", "replace")


def environ(event: dict, context: Any) -> dict:
    """The WSGI environ serverless-wsgi would build from this event (what the pipeline reads)."""
    body = event.get("body") or b""
    if event.get("isBase64Encoded", False):
        body = base64.b64decode(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    request_context = event.get("requestContext") or {}
    env = {
        "REQUEST_METHOD": request_context["http"]["method"],
        "PATH_INFO": _latin1(unquote(event["rawPath"])),
        "QUERY_STRING": _latin1(event.get("rawQueryString", "")),
        "REMOTE_ADDR": _latin1(request_context["http"].get("sourceIp", "")),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "serverless.authorizer": request_context.get("authorizer"),
        "serverless.event": event,
        "serverless.context": context,
    }
    for name, value in event["headers"].items():
        key = "HTTP_" + name.upper().replace("-", "_")
        if key == "HTTP_CONTENT_TYPE":
            env["CONTENT_TYPE"] = _latin1(value)
        elif key != "HTTP_CONTENT_LENGTH":
            env[key] = _latin1(value)
    return env


def response(answer: "Answer") -> dict:
    """The payload 2.0 response serverless-wsgi makes of Flask's JSON response."""
    return {"statusCode": answer.status,
            "headers": {**answer.headers, "Content-Type": "application/json",
                        "Content-Length": str(len(answer.body.encode("utf-8")))},
            "isBase64Encoded": False, "body": answer.body}


def authorizer_caller(event: Mapping[str, Any] | None) -> Caller | None:
    """Gateway mode: the caller the Lambda authorizer (functions/authorizer) verified, or
    its refusal; any other authorizer's claims as ``auth.from_gateway`` reads them.

    The gateway caches the authorizer's answer per Authorization header, so a token can
    reach us after its ``exp``: refused here, as the JWT mode would."""
    context = (((event or {}).get("requestContext") or {}).get("authorizer") or {}).get("lambda")
    if isinstance(context, dict):
        refusal = context.get("error")
        if refusal == "forbidden":
            raise DomainError("forbidden")
        if refusal is not None:
            why, claim = context.get("why"), context.get("claim")
            if why == "missing_claim" and isinstance(claim, str):
                raise auth.Unauthenticated(why, claim=claim)
            raise auth.Unauthenticated(why if why in auth.WHY else "malformed")
        expires = context.get("exp")
        if expires is not None and (not isinstance(expires, (int, float))
                                    or expires + auth.LEEWAY_SECONDS <= time.time()):
            raise auth.Unauthenticated("expired")
    return auth.from_gateway(event)
