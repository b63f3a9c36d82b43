"""Every development entry point finds the same servers: plain `manage.py` with no variables
set uses the embedded PostgreSQL and Redis (joining those of a running `make run`, or starting
them for its own lifetime), and production refuses to start on a development fallback."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRINT_URLS = "import os; print(os.environ['DATABASE_URL']); print(os.environ['REDIS_URL'])"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("DJANGO_DEBUG", None)
    return env | {"VERTELPUNT_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"} | extra


def _manage(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_env(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _holders(data_dir: Path, service: str) -> list[int]:
    path = data_dir / f"holders-{service}.json"
    return json.loads(path.read_text()) if path.exists() else []


def test_manage_py_alone_starts_the_embedded_servers_for_its_lifetime(tmp_path):
    migrated = _manage(tmp_path, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    # The database is the embedded one under the data folder, and it keeps what was done.
    shell = _manage(
        tmp_path,
        "shell",
        "-c",
        PRINT_URLS + "; from tracks.models import Story; print(Story.objects.count())",
    )
    assert shell.returncode == 0, shell.stderr
    database_url, redis_url, count = shell.stdout.split()[-3:]
    assert database_url.startswith("postgres://postgres@") and database_url.endswith("/vertelpunt")
    assert "127.0.0.1" not in database_url.split("@", 1)[1], "a unix socket, not a TCP server"
    assert redis_url.startswith("redis://127.0.0.1:") and count == "0"
    assert (tmp_path / "postgres" / "PG_VERSION").exists()
    # Nothing is left running once the command is done.
    assert not (tmp_path / "postgres" / "postmaster.pid").exists()
    assert _holders(tmp_path, "postgres") == [] and _holders(tmp_path, "redis") == []


def test_manage_py_joins_the_servers_of_a_running_make_run(tmp_path):
    # What `make run` holds while it serves: the embedded servers, for a long-running child.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vertelpunt.embedded",
            "--",
            sys.executable,
            "-c",
            PRINT_URLS + "; import time; time.sleep(120)",
        ],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert holder.stdout is not None
        urls = [holder.stdout.readline().strip(), holder.stdout.readline().strip()]
        joined = _manage(tmp_path, "shell", "-c", PRINT_URLS)
        assert joined.returncode == 0, joined.stderr
        assert joined.stdout.split()[-2:] == urls
        # The command left; the servers stay up for the one still holding them.
        assert _holders(tmp_path, "postgres") == [holder.pid]
        assert (tmp_path / "postgres" / "postmaster.pid").exists()
    finally:
        holder.send_signal(signal.SIGTERM)
        holder.wait(60)
    deadline = time.monotonic() + 20
    while (tmp_path / "postgres" / "postmaster.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not (tmp_path / "postgres" / "postmaster.pid").exists()


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"SECRET_KEY": "x" * 60, "REDIS_URL": "redis://127.0.0.1:1/0"}, "DATABASE_URL"),
        ({"SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://db.invalid/x"}, "REDIS_URL"),
        ({"DATABASE_URL": "postgres://db.invalid/x", "REDIS_URL": "redis://r/0"}, "SECRET_KEY"),
        (
            {
                "SECRET_KEY": settings.DEVELOPMENT_SECRET_KEY,
                "DATABASE_URL": "postgres://db.invalid/x",
                "REDIS_URL": "redis://127.0.0.1:1/0",
            },
            "development key",
        ),
        (
            {
                "SECRET_KEY": "too-short",
                "DATABASE_URL": "postgres://db.invalid/x",
                "REDIS_URL": "redis://127.0.0.1:1/0",
            },
            "at least 50 characters",
        ),
    ],
)
def test_production_refuses_to_start_on_a_development_fallback(tmp_path, extra, named):
    env = {"DJANGO_DEBUG": "0", **extra}
    refused = _manage(tmp_path, "check", **env)
    assert refused.returncode == 1
    assert refused.stdout == ""
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vertelpunt refuses to start:")
    assert named in lines[0]
    # Production never starts a server of its own.
    assert not (tmp_path / "postgres").exists()


def test_production_starts_with_real_settings(tmp_path):
    ok = _manage(
        tmp_path,
        "check",
        DJANGO_DEBUG="0",
        SECRET_KEY="a-real-secret-" + "k" * 50,
        DATABASE_URL="postgres://db.invalid/x",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert ok.returncode == 0, ok.stderr
    assert not (tmp_path / "postgres").exists()
