"""Local development conveniences used by scripts/serve, scripts/invoke and scripts/token."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from .runtime import PROJECT_ROOT

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
