"""A Celery worker killed mid-task; the task is retried and completes.

The task is a real export (exports.tasks.run_export: acks_late, reject_on_worker_lost), of
a few thousand stories so that it runs long enough to be caught. The worker's pool process
running it is killed with SIGKILL; the worker sees the loss, the message goes back to the
queue, and the export runs again to the end.
"""

import signal
import subprocess

import psutil
import pytest

from bench.stack import BASE_DIR, PYTHON
from tests.faults.conftest import wait_until

pytestmark = pytest.mark.faults

COPIES = 4000


def _multiply_stories(stack, copies: int) -> int:
    """Copy the warm-up's complete stories, answers included, until there are `copies`."""
    columns = [
        name
        for (name,) in stack.query(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'tracks_story' AND column_name NOT IN "
            "('id', 'submission_token', 'receipt_hash') ORDER BY ordinal_position"
        )
    ]
    answer_columns = [
        name
        for (name,) in stack.query(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'tracks_answer' AND column_name NOT IN ('id', 'story_id') "
            "ORDER BY ordinal_position"
        )
    ]
    cols = ", ".join(f'"{c}"' for c in columns)
    acols = ", ".join(f'"{c}"' for c in answer_columns)
    stack.query(
        f"""
        DO $$
        DECLARE src_id bigint; new_id bigint;
        BEGIN
          FOR i IN 1..{copies} LOOP
            SELECT id INTO src_id FROM tracks_story WHERE status = 'complete'
              ORDER BY id LIMIT 1 OFFSET (i % 5);
            INSERT INTO tracks_story ({cols}, submission_token)
              SELECT {cols}, gen_random_uuid() FROM tracks_story WHERE id = src_id
              RETURNING id INTO new_id;
            INSERT INTO tracks_answer ({acols}, story_id)
              SELECT {acols}, new_id FROM tracks_answer WHERE story_id = src_id;
          END LOOP;
        END $$;
        SELECT 1
        """
    )
    return int(stack.query("SELECT COUNT(*) FROM tracks_story")[0][0])


def _request_export(stack) -> int:
    code = (
        "from exports.services import export_request, filter_from_query;"
        "print(export_request(requested_by=None, flt=filter_from_query({}), fmt='csv').pk)"
    )
    result = subprocess.run(
        [PYTHON, str(BASE_DIR / "manage.py"), "shell", "-c", code],
        env=stack.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def test_an_export_whose_worker_is_killed_is_retried_and_completes(make_stack):
    stack = make_stack(worker=True, beat=True)
    total = _multiply_stories(stack, COPIES)
    export_id = _request_export(stack)

    def status() -> str:
        return str(
            stack.query("SELECT status FROM exports_export WHERE id = %s", [export_id])[0][0]
        )

    assert wait_until(lambda: status() == "running", timeout=30, interval=0.05), status()
    worker = psutil.Process(stack.processes["worker"].pid)
    pool = worker.children()
    assert pool, "the prefork worker has a pool process"
    for child in pool:
        child.send_signal(signal.SIGKILL)
    killed_while = status()

    assert wait_until(lambda: status() == "done", timeout=40), status()
    assert killed_while == "running"
    rows, started = stack.query(
        "SELECT rows, started_at FROM exports_export WHERE id = %s", [export_id]
    )[0]
    assert rows == total
    log = (stack.tmp / "worker.log").read_text()
    assert "WorkerLostError" in log or "SIGKILL" in log or "signal 9" in log, log[-2000:]
