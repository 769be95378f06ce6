"""Local development conveniences used by scripts/serve, scripts/invoke and scripts/token."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import NoReturn

from icp_filing.context import Context

from .runtime import PROJECT_ROOT, context, store_url

STORE_SCHEMES = "sqlite:///PATH, memory:// or 'dynamodb://TABLE?endpoint_url=...&region=...&create=true'"

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


def fail(prog: str, message: str) -> NoReturn:
    """End a local command with one line saying what is wrong (no traceback), status 2."""
    print(f"{prog}: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def store_description() -> str:
    url = store_url()
    return url if os.environ.get("ICP_STORE_URL") else f"{url} (the default; ICP_STORE_URL sets another)"


def open_context(prog: str) -> Context:
    """The process's store and configuration, or one line saying why they cannot be used:
    a misspelt scheme, an endpoint that does not answer, a missing driver."""
    try:
        return context()
    except ModuleNotFoundError as exc:
        fail(prog, f"the store {store_url()!r} needs the package {exc.name!r}: "
                   "python3 -m pip install -r requirements-dev.txt")
    except Exception as exc:  # noqa: BLE001 - whatever the backend raises, the user needs one line
        fail(prog, f"cannot use the store {store_url()!r}: {exc} (ICP_STORE_URL takes {STORE_SCHEMES})")
