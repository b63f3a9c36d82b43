"""`make backup` and `make restore` (vertelpunt/backup.py) round-trip the stories."""

import asyncio
import os
import subprocess
import sys

import pytest

from bench.client import run_tellers
from bench.stack import BASE_DIR

pytestmark = pytest.mark.faults

FINGERPRINT = (
    "SELECT COUNT(*), md5(string_agg(submission_token::text || text || status, ',' "
    "ORDER BY submission_token)), (SELECT COUNT(*) FROM tracks_answer) FROM tracks_story"
)


def _backup(*args: str, url: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "vertelpunt.backup", *args],
        env={**os.environ, "DATABASE_URL": url},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_a_backup_restores_into_a_fresh_database_with_every_story(make_stack, servers, tmp_path):
    stack = make_stack(web_workers=2)
    asyncio.run(run_tellers(stack.port, concurrency=2, duration=10, max_stories=4))
    before = stack.query(FINGERPRINT)[0]
    assert before[0] > 0

    backup = _backup("dump", "--dir", str(tmp_path), url=stack.database_url)
    assert backup.endswith(".dump") and os.path.getsize(backup) > 0

    out = _backup("restore", backup, "--database", "vp_restored", url=stack.database_url)
    assert "vp_restored" in out
    restored = servers.postgres.execute(FINGERPRINT, database="vp_restored")[0]
    assert restored == before
    # The restored copy is a working database: its migrations are all recorded.
    migrations = servers.postgres.execute(
        "SELECT COUNT(*) FROM django_migrations", database="vp_restored"
    )[0][0]
    assert migrations == stack.query("SELECT COUNT(*) FROM django_migrations")[0][0]
