"""The production shape on one machine, for the load harness and the fault tests.

gunicorn (sync workers, DJANGO_DEBUG=0, a throwaway SECRET_KEY) serving bench.settings,
optionally a Celery worker and Celery beat, against a PostgreSQL and a Redis: private ones
from bench.sandbox unless URLs are given. Every process is started here and stopped
here, by its own pid.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.sandbox import PrivatePostgres, PrivateRedis, free_port
from bench.views import BARE_TABLE_SQL
from vertelpunt.embedded import pg_bin_dir

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def prepare_database(url: str, env: dict[str, str]) -> None:
    """Migrate, load the default questionnaire and create the bare view's table."""
    run_env = {**env, "DATABASE_URL": url}
    manage = [PYTHON, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=run_env, check=True)
    subprocess.run(
        [*manage, "load_questionnaires"], env=run_env, check=True, stdout=subprocess.DEVNULL
    )
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(BARE_TABLE_SQL)
    finally:
        connection.close()


class Stack:
    def __init__(
        self,
        *,
        database_url: str | None = None,
        redis_url: str | None = None,
        web_workers: int = 3,
        celery_worker: bool = False,
        beat: bool = False,
        sweep_seconds: float = 60.0,
        extra_env: dict[str, str] | None = None,
        prepared: bool = False,
        static_root: Path | None = None,
    ):
        self.tmp = Path(tempfile.mkdtemp(prefix="vp-stack-"))
        # PostgreSQL runs as an unprivileged user when we are root: it must reach its data.
        self.tmp.chmod(0o755)
        self.postgres: PrivatePostgres | None = None
        self.redis: PrivateRedis | None = None
        self._database_url = database_url
        self._redis_url = redis_url
        self.web_workers = web_workers
        self.want_worker = celery_worker
        self.want_beat = beat
        self.sweep_seconds = sweep_seconds
        self.extra_env = extra_env or {}
        # prepared: the database is migrated already (a copy of a template database) and
        # static_root holds collectstatic's output, as in the fault tests.
        self.prepared = prepared
        self.static_root = static_root or self.tmp / "static"
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    # --- Services ----------------------------------------------------------------------------
    @property
    def database_url(self) -> str:
        assert self._database_url
        return self._database_url

    @property
    def redis_url(self) -> str:
        assert self._redis_url
        return self._redis_url

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "BENCH_STATIC_ROOT": str(self.static_root),
            "EXPORT_DIR": str(self.tmp / "exports"),
            "BENCH_SWEEP_SECONDS": str(self.sweep_seconds),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(BASE_DIR),
            # The virtual tellers type instantly and all come from 127.0.0.1: switch off the
            # human-speed check and the per-client story limit (tracks/abuse.py), nothing else.
            "VERTELPUNT_MIN_SECONDS_FOR_STORY": "0",
            "VERTELPUNT_STORIES_PER_CLIENT_PER_HOUR": "100000000",
            **self.extra_env,
        }

    def start_services(self) -> None:
        if self._database_url is None:
            self.postgres = PrivatePostgres(self.tmp / "pg").start()
            self._database_url = self.postgres.create_database("vertelpunt")
        if self._redis_url is None:
            self.redis = PrivateRedis(self.tmp / "redis").start()
            self._redis_url = self.redis.url()

    def prepare(self) -> None:
        env = self.env()
        prepare_database(self.database_url, env)
        subprocess.run(
            [PYTHON, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
            env=env,
            check=True,
        )

    # --- Processes ---------------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - kept open by the child
        process = subprocess.Popen(
            argv,
            cwd=BASE_DIR,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        self.processes[name] = process
        return process

    def start_web(self) -> None:
        self._spawn(
            "web",
            [
                str(BIN / "gunicorn"),
                "vertelpunt.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.web_workers),
                "--backlog",
                "2048",
                "--timeout",
                "30",
            ],
        )
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                url = f"http://127.0.0.1:{self.port}/healthz"
                if urllib.request.urlopen(url, timeout=2).status == 200:  # noqa: S310
                    return
            if self.processes["web"].poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not come up; see {self.tmp / 'web.log'}")

    def start_worker(self, name: str = "worker", concurrency: int = 1) -> subprocess.Popen[bytes]:
        return self._spawn(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "vertelpunt",
                "worker",
                "-l",
                "warning",
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "-n",
                f"{name}-{secrets.token_hex(3)}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def start_beat(self) -> subprocess.Popen[bytes]:
        return self._spawn(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "vertelpunt",
                "beat",
                "-l",
                "warning",
                "--schedule",
                str(self.tmp / "celerybeat-schedule"),
            ],
        )

    def stop_process(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    # --- Whole stack -------------------------------------------------------------------------
    def start(self) -> Stack:
        try:
            self.start_services()
            if not self.prepared:
                self.prepare()
            self.start_web()
            if self.want_worker:
                self.start_worker()
            if self.want_beat:
                self.start_beat()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        for name in list(self.processes):
            self.stop_process(name, timeout=10)
        if self.postgres is not None:
            self.postgres.close()
        if self.redis is not None:
            self.redis.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def log_tail(self, name: str, chars: int = 3000) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    # --- Checks ------------------------------------------------------------------------------
    def query(self, sql: str, params: object = None) -> list[tuple[Any, ...]]:
        """Rows as psycopg2 returns them (their types are the columns', unknown here)."""
        import psycopg2

        connection = psycopg2.connect(self.database_url)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def pgbench(self, *, clients: int, seconds: int) -> float:
        """pgbench's rate of the bare view's INSERT on the same server (transactions/s)."""
        script = self.tmp / "insert.sql"
        script.write_text("INSERT INTO bench_row (payload) VALUES ('x');\n")
        binary = shutil.which("pgbench") or str(pg_bin_dir() / "pgbench")
        result = subprocess.run(
            [binary, "-n", "-f", str(script), "-c", str(clients), "-j", "2"]
            + ["-T", str(seconds), self.database_url],
            capture_output=True,
            text=True,
            check=True,
        )
        for line in result.stdout.splitlines():
            if line.startswith("tps ="):
                return float(line.split()[2])
        raise RuntimeError(f"pgbench printed no tps:\n{result.stdout}\n{result.stderr}")
