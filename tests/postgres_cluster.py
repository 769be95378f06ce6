"""A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb into a fresh
directory, a server on a free loopback port (and a Unix socket in the same
directory), stopped and deleted by ``stop()``.

initdb refuses to run as root, so as root the server runs as the ``postgres`` user
(``runuser -u postgres --``) in a directory that user owns.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN_DIR = Path(os.environ.get("ICP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


def available() -> str | None:
    """None when a cluster can be started here, else why not."""
    for tool in ("initdb", "pg_ctl", "postgres"):
        if not (BIN_DIR / tool).is_file():
            return f"no PostgreSQL server binaries in {BIN_DIR} (apt-get install postgresql-15, or set ICP_TEST_PG_BIN)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: initdb refuses root"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, *, durable: bool = False, max_connections: int = 300) -> None:
        """``durable=False`` turns fsync off (the tests kill application servers, never
        this one); benchmarks use ``durable=True``, PostgreSQL's defaults."""
        reason = available()
        if reason:
            raise RuntimeError(reason)
        self.root = Path(tempfile.mkdtemp(prefix="icp-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, SERVER_USER, SERVER_USER)
        os.chmod(self.root, 0o700)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        settings = {
            "listen_addresses": "'127.0.0.1'", "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'", "max_connections": str(max_connections),
            "shared_buffers": "'64MB'", "log_min_messages": "'warning'",
        }
        if not durable:
            settings.update({"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"})
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{k} = {v}\n" for k, v in settings.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(BIN_DIR / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)
        if result.returncode != 0:
            log = self.root / "server.log"
            raise RuntimeError(f"{tool} failed: {result.stderr}{log.read_text() if log.exists() else ''}")

    def url(self, table: str | None = None, *, socket_dir: bool = False, create: bool = True) -> str:
        """A store URL on this cluster (its own table when ``table`` is given)."""
        options = [f"table={table}"] if table else []
        if create:
            options.append("create=true")
        if socket_dir:
            # The socket file is named after the port: .s.PGSQL.<port> in that directory.
            base = f"postgresql://postgres@/postgres?host={self.root}&port={self.port}"
            return base + "".join("&" + o for o in options)
        base = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        return base + ("?" + "&".join(options) if options else "")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
