"""`make run`: the whole app on one laptop, from a fresh clone.

Starts (or joins) the embedded servers, migrates, loads the default questionnaire, says how to
create the first staff account if there is none, then runs a Celery worker with embedded beat
beside Django's runserver until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from vertelpunt import embedded

logger = logging.getLogger("vertelpunt.devrun")

BASE_DIR = Path(__file__).resolve().parent.parent
# Celery's warm shutdown waits for running tasks; their hard time limit is longer, but a
# developer pressing Ctrl-C should not wait for that.
CHILD_STOP_TIMEOUT = 10.0
CELERY_ARGS = (
    "-m",
    "celery",
    "-A",
    "vertelpunt",
    "worker",
    "-B",
    "--concurrency",
    "2",
    "-l",
    "info",
)

_stop_requested = threading.Event()


def _request_stop(signum: int, _frame: FrameType | None) -> None:
    # Only a flag: the main loop stops the children in order, and a second Ctrl-C must not
    # interrupt that half-way.
    if not _stop_requested.is_set():
        logger.info("%s received, stopping", signal.Signals(signum).name)
    _stop_requested.set()


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(BASE_DIR / "manage.py"), *args]


def _start(name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    logger.info("starting %s", name)
    # Its own process group, so one signal reaches everything it forks (runserver's reloader
    # child, Celery's pool and beat), and a Ctrl-C in the terminal reaches only us: we stop
    # the children ourselves, in order.
    return subprocess.Popen(argv, cwd=BASE_DIR, env=env, process_group=0)


def _group_alive(child: subprocess.Popen[bytes]) -> bool:
    child.poll()  # reap the leader, or a zombie would keep the group "alive"
    try:
        os.killpg(child.pid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop_children(children: dict[str, subprocess.Popen[bytes]]) -> None:
    for child in children.values():
        if _group_alive(child):
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + CHILD_STOP_TIMEOUT
    while time.monotonic() < deadline and any(_group_alive(c) for c in children.values()):
        time.sleep(0.1)
    for name, child in children.items():
        if _group_alive(child):
            logger.warning("%s did not stop within %.0fs, killing it", name, CHILD_STOP_TIMEOUT)
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _serve(env: dict[str, str], data_dir: Path, port: int) -> int:
    children: dict[str, subprocess.Popen[bytes]] = {}
    try:
        children["celery"] = _start(
            "Celery worker with beat",
            [
                sys.executable,
                *CELERY_ARGS,
                "--schedule-filename",
                str(data_dir / "celerybeat-schedule"),
            ],
            env,
        )
        children["web"] = _start("runserver", _manage("runserver", f"127.0.0.1:{port}"), env)
        announced = False
        while not _stop_requested.wait(0.25):
            for name, child in children.items():
                if child.poll() is not None:
                    logger.error("%s exited unexpectedly (code %s)", name, child.returncode)
                    return 1
            if not announced and _port_open(port):
                print(f"\nVertelpunt runs at http://127.0.0.1:{port}/  (Ctrl-C stops it)\n")
                sys.stdout.flush()
                announced = True
        return 0
    finally:
        _stop_children(children)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _request_stop)
    port = int(os.environ.get("PORT") or 8000)
    if _port_open(port):
        # Checked first: otherwise another program's answer would pass for runserver's.
        logger.error("port %d is in use; set PORT to run on another one", port)
        return 1
    data_dir = embedded.default_data_dir()
    try:
        env = {**os.environ, **embedded.ensure_services(data_dir), "PYTHONUNBUFFERED": "1"}
        # staff_status says how to create the first staff account when there is none.
        for step in (("migrate", "--noinput"), ("load_questionnaires",), ("staff_status",)):
            if _stop_requested.is_set():
                return 0
            returncode = subprocess.run(_manage(*step), cwd=BASE_DIR, env=env).returncode
            if _stop_requested.is_set():
                return 0
            if returncode != 0:
                logger.error("manage.py %s failed (exit %d)", step[0], returncode)
                return 1
        return _serve(env, data_dir, port)
    finally:
        embedded.stop_services()


if __name__ == "__main__":
    sys.exit(main())
