"""A rate limit on anonymous callers for the local gateway (``scripts/serve``).

Anyone may ask the FAQ without a token, so without a limit one address can make the
service work (and, with Idempotency-Keys, store) without bound. Requests that carry
no ``Authorization`` header are metered by a token bucket per client address:
``rate`` requests a second on average, bursts of up to ``burst``; past that the
answer is 429 ``rate_limited`` with ``Retry-After`` (whole seconds). Authenticated
requests are not metered here (a bad token is a cheap 401; accounts are the
gateway's business in a deployment, whose throttling template.yml configures).

Configuration: ``ICP_ANONYMOUS_RATE`` (requests per second, default 10; 0 turns the
limit off) and ``ICP_ANONYMOUS_BURST`` (default 60).
"""
from __future__ import annotations

import math
import os
import threading
import time
import uuid
from collections import OrderedDict
from typing import Any, Callable, Iterable, Mapping

from .errors import STATUS, error_body
from .validation import language

DEFAULT_RATE = 10.0
DEFAULT_BURST = 60
MAX_ADDRESSES = 10_000   # buckets kept; the least recently seen address is forgotten first


class AnonymousRateLimit:
    """WSGI middleware: a token bucket per client address for unauthenticated requests."""

    def __init__(self, app: Callable, rate: float = DEFAULT_RATE, burst: int = DEFAULT_BURST,
                 clock: Callable[[], float] = time.monotonic, max_addresses: int = MAX_ADDRESSES):
        if rate < 0 or burst < 1:
            raise ValueError("rate must be >= 0 and burst >= 1")
        self.app, self.rate, self.burst, self.clock = app, rate, burst, clock
        self.max_addresses = max_addresses
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address -> (tokens, at)
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)  # the wrapped gateway's attributes (url_map, ...)

    def retry_after(self, address: str) -> float | None:
        """Take a token for ``address``: None if there was one, else seconds until there is."""
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.pop(address, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            if tokens >= 1:
                self._buckets[address] = (tokens - 1, now)
                wait = None
            else:
                self._buckets[address] = (tokens, now)
                wait = (1 - tokens) / self.rate
            while len(self._buckets) > self.max_addresses:
                self._buckets.popitem(last=False)
        return wait

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self.rate > 0 and not environ.get("HTTP_AUTHORIZATION"):
            wait = self.retry_after(environ.get("REMOTE_ADDR") or "")
            if wait is not None:
                return self._refuse(environ, start_response, wait)
        return self.app(environ, start_response)

    @staticmethod
    def _refuse(environ: dict, start_response: Callable, wait: float) -> list[bytes]:
        request_id = uuid.uuid4().hex
        body = error_body("rate_limited", language(environ.get("HTTP_ACCEPT_LANGUAGE")), request_id).encode()
        start_response(f"{STATUS['rate_limited']} Too Many Requests",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                        ("Retry-After", str(max(1, math.ceil(wait)))), ("X-Request-Id", request_id)])
        return [body]


def from_environment(app: Callable, env: Mapping[str, str] | None = None) -> Callable:
    """``app`` behind the limit configured by ``ICP_ANONYMOUS_RATE`` / ``ICP_ANONYMOUS_BURST``
    (``app`` itself when the rate is 0)."""
    env = os.environ if env is None else env
    try:
        rate = float(env.get("ICP_ANONYMOUS_RATE") or DEFAULT_RATE)
        burst = int(env.get("ICP_ANONYMOUS_BURST") or DEFAULT_BURST)
    except ValueError:
        raise ValueError("ICP_ANONYMOUS_RATE must be a number and ICP_ANONYMOUS_BURST a whole number") from None
    if not math.isfinite(rate) or rate < 0 or burst < 1:
        raise ValueError("ICP_ANONYMOUS_RATE must be >= 0 and ICP_ANONYMOUS_BURST >= 1")
    return app if rate == 0 else AnonymousRateLimit(app, rate, burst)
