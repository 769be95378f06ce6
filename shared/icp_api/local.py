"""Local development conveniences used by scripts/serve, scripts/invoke and scripts/token."""
from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
from pathlib import Path
from typing import Callable, Iterable

from icp_filing.access import ROLES

from .runtime import PROJECT_ROOT

ACCOUNT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}")

SECRET_FILE = PROJECT_ROOT / "var" / "jwt-secret"


def ensure_jwt_secret() -> None:
    """Without ICP_JWT_SECRET, local commands share a random secret kept in var/ (never committed)."""
    if os.environ.get("ICP_JWT_SECRET"):
        return
    SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
    if not SECRET_FILE.exists():
        fd = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    os.environ["ICP_JWT_SECRET"] = SECRET_FILE.read_text().strip()


def template_path() -> Path:
    return Path(os.environ.get("ICP_TEMPLATE") or PROJECT_ROOT / "template.yml")


LOCAL_SIGN_IN_PATH = "/local/sign-in"


def is_loopback(host: str) -> bool:
    """Whether a server bound to ``host`` is reachable from this machine only."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class LocalSignIn:
    """``scripts/serve`` only (never a deployment, never template.yml): the console's
    local sign-in. ``GET /local/sign-in`` says it is offered; ``POST`` with
    ``{"account": ..., "role": ...}`` mints a token for that account and role, signed with
    the local secret, as ``scripts/token`` does. Everything else goes to ``app``."""

    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != LOCAL_SIGN_IN_PATH:
            return self.app(environ, start_response)
        from .auth import issue_token
        from .validation import read_body

        method = environ.get("REQUEST_METHOD")
        if method == "GET":
            return _json(start_response, 200, {"available": True})
        if method != "POST":
            return _json(start_response, 405, {"error": {"code": "method_not_allowed"}})
        try:
            body = json.loads(read_body(environ) or b"{}")
            account, role = body["account"], body["role"]
            if not isinstance(account, str) or not ACCOUNT.fullmatch(account) or role not in ROLES:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return _json(start_response, 400, {"error": {"code": "invalid_request",
                                                         "message": "account (1..128 of A-Za-z0-9_.@:-) and role "
                                                                    "(customer | operator | regulator)"}})
        return _json(start_response, 200, {"token": issue_token(account, role, ttl_seconds=8 * 3600)})


def _json(start_response: Callable, status: int, body: dict) -> list[bytes]:
    data = json.dumps(body).encode()
    reason = {200: "OK", 400: "Bad Request", 405: "Method Not Allowed"}[status]
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                                          ("Cache-Control", "no-store")])
    return [data]
