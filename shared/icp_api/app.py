"""FunctionApp: the HTTP plumbing every function shares.

A function declares its operations by the event names of template.yml; this class
routes to them by the template's paths, authenticates, validates the body, applies
Idempotency-Key to POSTs, maps DomainError to the error envelope and logs one line
per request. A function module then exposes two entry points:

    app = api.wsgi        # a plain WSGI app (Function Compute HTTP trigger, scripts/serve)
    handler = api.handler # AWS Lambda (HTTP API v2 and REST v1 events), and Function
                          # Compute 3.0's HTTP-trigger and timer events (fc3.py)

Both entries run one pipeline (``_serve``: authenticate, Idempotency-Key, validate,
view, envelope, log line), on a WSGI environ. The Lambda entry answers an HTTP API
event whose route the gateway already matched (``routeKey``) by building that
environ itself and calling the pipeline directly; any other event (REST v1, a
``$default`` route, an unknown path) goes through serverless-wsgi and Flask as
before. Flask, Werkzeug and serverless-wsgi are imported only when the WSGI app is
first used: they are most of a cold start, and the direct path needs none of them.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping

from icp_filing.access import Caller
from icp_filing.context import Contention, Context
from icp_filing.errors import DomainError
from icp_filing.reasons import ERRORS
from kvstore import StoreUnavailable
from kvstore.base import set_deadline

from . import auth, fc3, lambda_event, requestlog, runtime
from .errors import STATUS, envelope, event_error
from .idempotency import Claim, Completion, Idempotency, Replay, Settled, check_key, lifetime_of
from .routes import Route, find_template, function_of
from .validation import MAX_BODY_BYTES, Schema, language, parse_json_object, query_args, read_body, validate

log = logging.getLogger("icp.request")
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

Reply = tuple[int, Any] | dict
Render = Callable[[Any], tuple[int, Any]]

# The WSGI environ of the request being served, whichever entry it came through.
_environ: ContextVar[dict] = ContextVar("icp.environ")
_flask_lock = threading.Lock()


@dataclass(frozen=True)
class Answer:
    """A response of the pipeline, before either entry point shapes it."""

    status: int
    body: str                  # JSON text
    headers: dict[str, str]    # besides Content-Type and Content-Length


@dataclass
class Call:
    """What a view gets: who calls, in which language, with which validated body."""

    caller: Caller | None
    lang: str
    body: dict[str, Any]
    request_id: str
    ctx: Context = field(repr=False)
    query_string: str = ""  # the URL's query, read only by the operations that take parameters
    # The raw header, for a view that picks more than zh/en (the FAQ answers in Traditional too).
    accept_language: str | None = None

    @property
    def query(self) -> dict[str, list[str]]:
        """The URL's query parameters (``invalid_request`` if it cannot be read)."""
        return query_args(self.query_string)


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
    environ = _environ.get()
    state = environ.get("icp.exchange")
    if state is None:
        accept = environ.get("HTTP_ACCEPT_LANGUAGE")
        state = environ["icp.exchange"] = _Exchange(
            request_id=requestlog.request_id_of(environ.get("serverless.event")),
            lang=language(accept),
            started=time.perf_counter(),
            method=environ.get("REQUEST_METHOD", ""),
        )
    return state


def _refusal(err: DomainError, exchange: _Exchange) -> dict[str, Any]:
    """The envelope of a refusal: its message, and the failing rules or input fields."""
    return envelope(err.code, err.message(exchange.lang), exchange.request_id,
                    reasons=err.described_reasons(exchange.lang), field=err.field,
                    fields=err.described_fields(exchange.lang), quota=err.quota)


class FunctionApp:
    def __init__(self, function_id: str, import_name: str, module_file: str | None = None):
        self.function_id = function_id
        self.import_name = import_name
        declared = function_of(function_id, find_template(module_file))
        self._routes = {r.event_id: r for r in declared.routes}
        self._timeout = declared.timeout
        self._operations: set[str] = set()
        # route key ("GET /v1/x/{id}") -> (route, its path's pattern, the pipeline's entry)
        self._direct: dict[str, tuple[Route, Any, Callable[[dict[str, str]], Answer]]] = {}
        self._flask: Any = None
        self.schemas: dict[str, Schema | None] = {}   # each operation's request body (openapi.yaml agrees)
        self._matcher: fc3.RouteMatcher | None = None
        self.wsgi = _LazyWsgi(self)

    def _build_flask(self) -> Any:
        """The Flask app of the WSGI entry (and of Lambda events the direct path leaves to
        serverless-wsgi), made on first use."""
        if self._flask is not None:
            return self._flask
        with _flask_lock:
            return self._new_flask()

    def _new_flask(self) -> Any:
        if self._flask is None:
            from flask import Flask, request
            from werkzeug.exceptions import HTTPException

            flask_app = Flask(self.import_name)
            flask_app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
            flask_app.url_map.strict_slashes = False
            flask_app.url_map.merge_slashes = False   # /v1//x is not /v1/x: 404, not a redirect
            flask_app.register_error_handler(HTTPException, lambda exc: self._flask_response(self._http_error(exc)))
            flask_app.register_error_handler(Exception, lambda exc: self._flask_response(self._unexpected(exc)))
            # Runs before routing, so that a 404 or 405 also sees its own request.
            flask_app.before_request(lambda: _environ.set(request.environ) and None)
            for route, _, serve in self._direct.values():
                def endpoint(_serve: Callable[[dict[str, str]], Answer] = serve, **path: str) -> Any:
                    return self._flask_response(_serve(path))

                # No automatic OPTIONS: the function answers what the gateway routes, no more.
                flask_app.add_url_rule(route.flask_rule, endpoint=route.event_id, view_func=endpoint,
                                       methods=[route.method], provide_automatic_options=False)
            self._flask = flask_app
        return self._flask

    @staticmethod
    def _flask_response(answer: Answer) -> Any:
        from flask import Response

        return Response(answer.body, status=answer.status, headers=answer.headers, mimetype="application/json")

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
            def serve(path: dict[str, str]) -> Answer:
                return self._serve(view, route, allowed, body, path, render)

            self._direct[route.route_key] = (route, lambda_event.path_pattern(route.path), serve)
            self._operations.add(event_id)
            self.schemas[event_id] = body
            return view

        return register

    def missing_operations(self) -> set[str]:
        """Events of the template this function does not serve (a test keeps it empty)."""
        return set(self._routes) - self._operations

    def handler(self, event: Any, context: Any) -> dict:
        """The AWS Lambda entry point, and Function Compute 3.0's (its HTTP-trigger and
        timer events are told apart by shape, see fc3.py). An event serverless-wsgi
        cannot read (no headers, bad base64) is answered with the envelope, not the
        gateway's bare 500."""
        if fc3.is_fc3_event(event):
            return fc3.handle(self._handle_http_api, event, context, self._fc3_matcher(), self._warm_up)
        return self._handle_http_api(event, context)

    def _handle_http_api(self, event: dict, context: Any) -> dict:
        try:
            direct = lambda_event.match(self._direct, event)
            if direct is not None:
                serve, path = direct
                environ = lambda_event.environ(event, context)
                _environ.set(environ)
                try:
                    answer = serve(path)
                except Exception as exc:  # noqa: BLE001 - as Flask's error handler would
                    answer = self._unexpected(exc)
                return lambda_event.response(answer)
            import serverless_wsgi

            return serverless_wsgi.handle_request(self._build_flask(), event, context)
        except Exception:
            log.exception("unreadable gateway event")
            return event_error("invalid_request")

    def _fc3_matcher(self) -> fc3.RouteMatcher:
        if self._matcher is None:
            self._matcher = fc3.RouteMatcher(self._routes.values())
        return self._matcher

    def _warm_up(self, event: dict) -> dict:
        """A timer trigger on an API function only keeps an instance warm: it opens the
        store's connection (what a cold request would pay) and serves nothing."""
        try:
            runtime.context().store.get("WARM-UP", "WARM-UP")
        except StoreUnavailable as exc:
            log.warning("warm-up: store unavailable: %s", exc)
        return {"warm": self.function_id, "triggerName": event.get("triggerName")}

    # The request pipeline.

    def _respond(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> Answer:
        """Every answer of this function: JSON, with its request id, logged as one line."""
        exchange = _exchange()
        answer = Answer(status, _JSON.encode(body), {**(headers or {}), "X-Request-Id": exchange.request_id})
        error = body.get("error") if status >= 400 and isinstance(body, dict) else None
        requestlog.write(request_id=exchange.request_id, function=self.function_id, method=exchange.method,
                         route=exchange.route, status=status,
                         error=error.get("code") if isinstance(error, dict) else None,
                         started=exchange.started, role=exchange.role)
        return answer

    def _lifetime(self, environ: dict) -> float:
        """How long this invocation may still run: the Lambda context's remaining time,
        else the function's Timeout in the template. Store retries stop within it."""
        context = environ.get("serverless.context")
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        lifetime = lifetime_of(remaining if callable(remaining) else None, self._timeout)
        set_deadline(lifetime - 5.0)
        return lifetime

    def _serve(self, view: Callable[..., Any], route: Route, roles: frozenset[str] | None,
               schema: Schema | None, path: dict[str, str], render: Render | None = None) -> Answer:
        exchange = _exchange()
        exchange.route = route.path
        method = route.method
        environ = _environ.get()
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
            return self._respond(STATUS[err.code], _refusal(err, exchange), auth.challenge_headers(err))
        finally:
            set_deadline(None)  # this request's time limit is not the next one's (a reused thread)

    def _keyed(self, view: Callable[..., Any], caller: Caller | None, ctx: Context, schema: Schema | None,
               path: dict[str, str], exchange: _Exchange, claim: Claim | None, render: Render | None) -> Answer:
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
        if completion is not None and completion.response is not None:
            status, payload = completion.response  # what the commit stored, exactly (it is done)
        else:
            idempotency.complete(claim, status, payload)  # an answer without effect
        return self._respond(status, payload)

    @staticmethod
    def _run(view: Callable[..., Any], caller: Caller | None, ctx: Context, schema: Schema | None,
             path: dict[str, str], exchange: _Exchange, render: Render | None = None) -> tuple[int, Any]:
        """The view's answer; a refusal becomes an error response here so that it is
        recorded for Idempotency-Key replays like any other 4xx."""
        try:
            environ = _environ.get()
            body = validate(parse_json_object(read_body(environ)), schema) if schema is not None else {}
            reply = view(Call(caller, exchange.lang, body, exchange.request_id, ctx,
                              environ.get("QUERY_STRING") or "", environ.get("HTTP_ACCEPT_LANGUAGE")), **path)
            if render is not None:
                return render(reply)
        except DomainError as err:
            return STATUS[err.code], _refusal(err, exchange)
        return reply if isinstance(reply, tuple) else (200, reply)

    @staticmethod
    def _authenticate(roles: frozenset[str] | None, environ: dict, exchange: _Exchange) -> Caller | None:
        if auth.auth_mode() == "gateway":
            caller = lambda_event.authorizer_caller(environ.get("serverless.event"))
        else:
            caller = auth.from_bearer(environ.get("HTTP_AUTHORIZATION"))
        exchange.role = caller.role if caller else None
        if roles is None:
            return caller
        if caller is None:
            raise auth.Unauthenticated("missing")
        if caller.role not in roles:
            raise DomainError("forbidden")
        return caller

    # Errors outside the views.

    def _error(self, code: str, message: str, headers: Mapping[str, str] | None = None, **extra: Any) -> Answer:
        return self._respond(STATUS[code], envelope(code, message, _exchange().request_id, **extra), headers)

    def _http_error(self, exc: Any) -> Answer:
        from werkzeug.exceptions import MethodNotAllowed, NotFound, RequestEntityTooLarge

        if isinstance(exc, NotFound):
            code = "not_found"
        elif isinstance(exc, MethodNotAllowed):
            # RFC 9110: a 405 names the methods the path takes.
            return self._error("method_not_allowed", ERRORS["method_not_allowed"].in_(_exchange().lang),
                               headers={"Allow": ", ".join(sorted(exc.valid_methods or ()))})
        elif isinstance(exc, RequestEntityTooLarge):
            code = "payload_too_large"
        elif exc.code is not None and exc.code < 500:
            code = "invalid_request"
        else:
            return self._unexpected(exc)
        return self._error(code, ERRORS[code].in_(_exchange().lang))

    def _unexpected(self, exc: BaseException) -> Answer:
        if isinstance(exc, (StoreUnavailable, Contention)):
            log.warning("store unavailable: %s", exc)
            code = "unavailable"
        else:
            log.exception("unexpected failure (request %s)", _exchange().request_id)
            code = "internal"
        return self._error(code, ERRORS[code].in_(_exchange().lang))


class _LazyWsgi:
    """The function's WSGI app: Flask, built on the first request (or attribute use)."""

    def __init__(self, api: FunctionApp):
        self._api = api

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        return self._api._build_flask()(environ, start_response)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api._build_flask(), name)
