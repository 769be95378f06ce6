"""The bearer tokens' HS256 secret in a deployment: fetched once per container from
AWS Secrets Manager (``ICP_JWT_SECRET_ARN``), never a plain-text environment variable.

Only the functions that verify tokens (the authorizer; the FAQ, whose public routes
no authorizer guards) are given the ARN and the permission to read it. Locally,
``ICP_JWT_SECRET`` is the secret itself and this module is not used.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

_lock = threading.Lock()
_fetched: dict[str, str] = {}


def _secrets_manager_value(arn: str) -> str:
    import boto3  # the Lambda runtime's; imported only where a secret is fetched

    return boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]


# Replaced by tests (there is no Secrets Manager here).
fetch: Callable[[str], str] = _secrets_manager_value


def secret_value(arn: str) -> str:
    """The secret named by ``arn``, fetched on first use and then kept."""
    value = _fetched.get(arn)
    if value is None:
        with _lock:
            value = _fetched.get(arn)
            if value is None:
                value = fetch(arn)
                if not value:
                    raise RuntimeError(f"the secret {arn} is empty")
                _fetched[arn] = value
    return value


def forget(*_: Any) -> None:
    """Drop fetched values (a rotated secret is read again on next use)."""
    _fetched.clear()
