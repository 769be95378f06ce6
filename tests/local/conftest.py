"""A real `scripts/serve` process on loopback, with its own store and secret."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def script_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"ICP_STORE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
                "ICP_JWT_SECRET": "local-test-secret-" + "y" * 48, **extra})
    return env


def run_script(name: str, *args: str, env: dict, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


class Server:
    def __init__(self, tmp_path: Path, args: tuple[str, ...] = (), **env: str):
        self.port = free_port()
        self.env = script_env(tmp_path, **env)
        self.base = f"http://127.0.0.1:{self.port}"
        # Its output (a log line per request) goes to a file: a pipe nobody reads would
        # fill up and block the server.
        self.log_path = tmp_path / f"serve-{self.port}.log"
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve"), "--port", str(self.port), *args],
                                     env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.base + "/v1/eligibility", timeout=1)
                return
            except requests.ConnectionError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.log_path.read_text(errors="replace")) from None
                time.sleep(0.1)
        raise RuntimeError("scripts/serve did not start")

    def token(self, sub: str, role: str) -> str:
        result = run_script("token", "--sub", sub, "--role", role, env=self.env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.proc.kill()
        self.proc.wait()
        self.log.close()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve"))
    yield s
    s.stop()
