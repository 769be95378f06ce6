"""FunctionApp: the HTTP plumbing every function shares.

A function declares its operations by the event names of template.yml; this class
routes to them by the template's paths, authenticates, validates the body, applies
Idempotency-Key to POSTs, maps DomainError to the error envelope and logs one line
per request. A function module then exposes two entry points:

    app = api.wsgi        # a plain WSGI app (Function Compute HTTP trigger, scripts/serve)
    handler = api.handler # AWS Lambda, through serverless-wsgi (HTTP API v2 and REST v1 events)
"""
from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from dataclasses import dataclass, field, replace
from json.encoder import encode_basestring_ascii
from typing import Any, Callable, Iterable, Mapping

import serverless_wsgi
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge

from icp_filing.access import Caller
from icp_filing.context import Contention, Context
from icp_filing.errors import DomainError
from icp_filing.reasons import ERRORS
from kvstore import StoreUnavailable
from kvstore.base import set_deadline

from . import auth, runtime
from .errors import STATUS, envelope, error_body
from .idempotency import Claim, Completion, Idempotency, Replay, Settled, check_key, lifetime_of
from .routes import Route, find_template, function_of
from .validation import MAX_BODY_BYTES, Schema, language, parse_json_object, read_body, validate

log = logging.getLogger("icp.request")
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

Reply = tuple[int, Any] | dict
Render = Callable[[Any], tuple[int, Any]]


@dataclass
class Call:
    """What a view gets: who calls, in which language, with which validated body."""

    caller: Caller | None
    lang: str
    body: dict[str, Any]
    request_id: str
    ctx: Context = field(repr=False)


def _json_text(value: str | None) -> str:
    return "null" if value is None else encode_basestring_ascii(value)


@dataclass
class _Exchange:
    """Per-request state, kept in the WSGI environ (cheaper than Flask's ``g``)."""

    request_id: str
    lang: str
    started: float
    method: str
    route: str | None = None   # the template's path, once routed
    role: str | None = None


def _exchange() -> _Exchange:
    environ = request.environ
    state = environ.get("icp.exchange")
    if state is None:
        event = environ.get("serverless.event") or {}
        gateway_id = (event.get("requestContext") or {}).get("requestId")
        accept = environ.get("HTTP_ACCEPT_LANGUAGE")
        state = environ["icp.exchange"] = _Exchange(
            request_id=gateway_id if isinstance(gateway_id, str) and gateway_id else uuid.uuid4().hex,
            lang=language(accept),
            started=time.perf_counter(),
            method=environ.get("REQUEST_METHOD", ""),
        )
    return state


class FunctionApp:
    def __init__(self, function_id: str, import_name: str, module_file: str | None = None):
        self.function_id = function_id
        declared = function_of(function_id, find_template(module_file))
        self._routes = {r.event_id: r for r in declared.routes}
        self._timeout = declared.timeout
        self._operations: set[str] = set()
        self.wsgi = Flask(import_name)
        self.wsgi.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
        self.wsgi.url_map.strict_slashes = False
        self.wsgi.register_error_handler(HTTPException, self._http_error)
        self.wsgi.register_error_handler(Exception, self._unexpected)

    # Declaring operations.

    def operation(self, event_id: str, *, roles: Iterable[str] | None, body: Schema | None = None,
                  render: Render | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Serve the template event ``event_id``. ``roles``: who may call (None: anyone,
        though a token that is presented must be valid). ``body``: the JSON body's schema.
        ``render``: for an operation with an effect, the view returns its use case's
        outcome and ``render`` turns it into (status, body); a keyed request renders it
        before the commit, which stores the answer with the effect (idempotency.py)."""
        route = self._routes[event_id]  # an event the template does not declare fails at import
        allowed = frozenset(roles) if roles is not None else None

        def register(view: Callable[..., Any]) -> Callable[..., Any]:
            def endpoint(**path: str) -> Response:
                return self._serve(view, route, allowed, body, path, render)

            self.wsgi.add_url_rule(route.flask_rule, endpoint=event_id, view_func=endpoint, methods=[route.method])
            self._operations.add(event_id)
            return view

        return register

    def missing_operations(self) -> set[str]:
        """Events of the template this function does not serve (a test keeps it empty)."""
        return set(self._routes) - self._operations

    def handler(self, event: dict, context: Any) -> dict:
        """The AWS Lambda entry point. An event serverless-wsgi cannot read (no headers,
        bad base64) is answered with the envelope, not the gateway's bare 500."""
        try:
            return serverless_wsgi.handle_request(self.wsgi, event, context)
        except Exception:  # noqa: BLE001 - anything raised here is outside the Flask app
            log.exception("unreadable gateway event")
            request_id = uuid.uuid4().hex
            return {"statusCode": 400, "headers": {"Content-Type": "application/json", "X-Request-Id": request_id},
                    "body": error_body("invalid_request", "zh", request_id), "isBase64Encoded": False}

    # The request pipeline.

    def _respond(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
        """Every answer of this function: JSON, with its request id, logged as one line."""
        exchange = _exchange()
        response = Response(_JSON.encode(body), status=status, headers=headers, mimetype="application/json")
        response.headers["X-Request-Id"] = exchange.request_id
        if log.isEnabledFor(logging.INFO):
            self._log_line(exchange, status)
        return response

    def _log_line(self, exchange: _Exchange, status: int) -> None:
        """One JSON line per request, straight to stderr (the log service ships it): the
        logging module's records and a general JSON encoder cost more than the request's
        own work. Never a token or a body."""
        sys.stderr.write(
            f'{{"request_id":{_json_text(exchange.request_id)},"function":"{self.function_id}",'
            f'"method":{_json_text(exchange.method)},"route":{_json_text(exchange.route)},'
            f'"status":{status},"latency_ms":{(time.perf_counter() - exchange.started) * 1000:.3f},'
            f'"role":{_json_text(exchange.role)}}}\n')

    def _lifetime(self, environ: dict) -> float:
        """How long this invocation may still run: the Lambda context's remaining time,
        else the function's Timeout in the template. Store retries stop within it."""
        context = environ.get("serverless.context")
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        lifetime = lifetime_of(remaining if callable(remaining) else None, self._timeout)
        set_deadline(lifetime - 5.0)
        return lifetime

    def _serve(self, view: Callable[..., Any], route: Route, roles: frozenset[str] | None,
               schema: Schema | None, path: dict[str, str], render: Render | None = None) -> Response:
        exchange = _exchange()
        exchange.route = route.path
        method = route.method
        environ = request.environ
        try:
            lifetime = self._lifetime(environ)
            caller = self._authenticate(roles, environ, exchange)
            ctx = runtime.context()
            claim: Claim | None = None
            key = environ.get("HTTP_IDEMPOTENCY_KEY") if method == "POST" else None
            if key is not None:
                # Scoped by the operation and its path parameters, not the raw path, so
                # that spellings of one path (a trailing slash) share the key.
                scope = route.route_key + "".join(f"\n{k}={v}" for k, v in sorted(path.items()))
                # By role and account (a staff token and a customer token with one sub are
                # two callers); anonymous callers (the FAQ) are told apart by address.
                who = (f"{caller.role}:{caller.account}" if caller
                       else "anonymous@" + (environ.get("REMOTE_ADDR") or ""))
                started = Idempotency(ctx.store).begin(who, scope, check_key(key), read_body(environ), lifetime)
                if isinstance(started, Replay):
                    return self._respond(started.status, started.body, {"Idempotent-Replayed": "true"})
                claim = started
            return self._keyed(view, caller, ctx, schema, path, exchange, claim, render)
        except DomainError as err:
            return self._error(err.code, err.message(exchange.lang), reasons=err.described_reasons(exchange.lang),
                               field=err.field)
        finally:
            set_deadline(None)  # this request's time limit is not the next one's (a reused thread)

    def _keyed(self, view: Callable[..., Any], caller: Caller | None, ctx: Context, schema: Schema | None,
               path: dict[str, str], exchange: _Exchange, claim: Claim | None, render: Render | None) -> Response:
        """Run the view; with a claimed key, its effect's commit also completes the key."""
        if claim is None:
            status, payload = self._run(view, caller, ctx, schema, path, exchange, render)
            return self._respond(status, payload)
        idempotency = Idempotency(ctx.store)
        completion: Completion | None = None
        if render is not None:
            completion = idempotency.completion(claim, render)
            ctx = replace(ctx, completion=completion)
        try:
            status, payload = self._run(view, caller, ctx, schema, path, exchange, render)
        except Settled as settled:
            # Our commit's answer was lost and its retry found the key completed.
            replay = settled.replay
            return self._respond(replay.status, replay.body, None if settled.own else {"Idempotent-Replayed": "true"})
        except StoreUnavailable:
            raise  # the outcome is unknown: the mark expires instead (re-running then is safe)
        except BaseException:
            if completion is None or not completion.done:
                idempotency.release(claim)
            raise
        if completion is not None and completion.done:
            status, payload = completion.response  # what the commit stored, exactly
        else:
            idempotency.complete(claim, status, payload)  # an answer without effect
        return self._respond(status, payload)

    @staticmethod
    def _run(view: Callable[..., Any], caller: Caller | None, ctx: Context, schema: Schema | None,
             path: dict[str, str], exchange: _Exchange, render: Render | None = None) -> tuple[int, Any]:
        """The view's answer; a refusal becomes an error response here so that it is
        recorded for Idempotency-Key replays like any other 4xx."""
        try:
            body = validate(parse_json_object(read_body(request.environ)), schema) if schema is not None else {}
            reply = view(Call(caller, exchange.lang, body, exchange.request_id, ctx), **path)
            if render is not None:
                return render(reply)
        except DomainError as err:
            return STATUS[err.code], envelope(err.code, err.message(exchange.lang), exchange.request_id,
                                              reasons=err.described_reasons(exchange.lang), field=err.field)
        return reply if isinstance(reply, tuple) else (200, reply)

    @staticmethod
    def _authenticate(roles: frozenset[str] | None, environ: dict, exchange: _Exchange) -> Caller | None:
        if auth.auth_mode() == "gateway":
            caller = auth.from_gateway(environ.get("serverless.event"))
        else:
            caller = auth.from_bearer(environ.get("HTTP_AUTHORIZATION"))
        exchange.role = caller.role if caller else None
        if roles is None:
            return caller
        if caller is None:
            raise DomainError("unauthenticated")
        if caller.role not in roles:
            raise DomainError("forbidden")
        return caller

    # Errors outside the views.

    def _error(self, code: str, message: str, **extra: Any) -> Response:
        return self._respond(STATUS[code], envelope(code, message, _exchange().request_id, **extra))

    def _http_error(self, exc: HTTPException) -> Response:
        if isinstance(exc, NotFound):
            code = "not_found"
        elif isinstance(exc, MethodNotAllowed):
            code = "method_not_allowed"
        elif isinstance(exc, RequestEntityTooLarge):
            code = "payload_too_large"
        elif exc.code is not None and exc.code < 500:
            code = "invalid_request"
        else:
            return self._unexpected(exc)
        return self._error(code, ERRORS[code].in_(_exchange().lang))

    def _unexpected(self, exc: BaseException) -> Response:
        if isinstance(exc, (StoreUnavailable, Contention)):
            log.warning("store unavailable: %s", exc)
            code = "unavailable"
        else:
            log.exception("unexpected failure (request %s)", _exchange().request_id)
            code = "internal"
        return self._error(code, ERRORS[code].in_(_exchange().lang))
