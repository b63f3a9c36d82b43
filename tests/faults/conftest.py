"""The fault tests drive the production shape (gunicorn, Celery worker and beat, DJANGO_DEBUG=0)
against a PostgreSQL and a Redis of their own, which they stop, pause and restart. The
machine's shared servers, and the ones `make test` points DATABASE_URL at, are never touched.

One private PostgreSQL per session holds a migrated template database; each test gets a copy.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.client import Stats, percentile, run_tellers
from bench.sandbox import PrivatePostgres, PrivateRedis
from bench.stack import BASE_DIR, PYTHON, Stack, prepare_database

_names = itertools.count(1)


class Servers:
    def __init__(self, postgres: PrivatePostgres, static_root: Path):
        self.postgres = postgres
        self.static_root = static_root


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    root = Path(tempfile.mkdtemp(prefix="vp-faults-"))
    root.chmod(0o755)
    postgres = PrivatePostgres(root / "pg").start()
    try:
        postgres.create_database("vp_template")
        # A stack object only for its environment (settings module, DEBUG=0, static root).
        probe = Stack(
            database_url=postgres.url("vp_template"),
            redis_url="redis://127.0.0.1:1/0",
            static_root=root / "static",
        )
        env = probe.env()
        prepare_database(postgres.url("vp_template"), env)
        subprocess.run(
            [PYTHON, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
            env=env,
            check=True,
        )
        probe.close()
        yield Servers(postgres, root / "static")
    finally:
        postgres.close()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def make_stack(servers: Servers) -> Iterator[Callable[..., Stack]]:
    """make_stack(worker=True, beat=True) → a running stack on a fresh copy of the template
    database and a private Redis of its own (stack.redis), closed after the test."""
    stacks: list[Stack] = []

    def make(*, worker: bool = False, beat: bool = False, web_workers: int = 3, **kwargs) -> Stack:
        name = f"vp_fault_{next(_names)}"
        # The template must have no other connections while it is copied.
        url = servers.postgres.create_database(name, template="vp_template")
        redis = PrivateRedis()
        redis.start()
        stack = Stack(
            database_url=url,
            redis_url=redis.url(),
            web_workers=web_workers,
            celery_worker=worker,
            beat=beat,
            sweep_seconds=2,
            prepared=True,
            static_root=servers.static_root,
            # A message lost in a paused Redis is published again after 8 s instead of 5 min,
            # so "every task completes" fits in a test.
            extra_env={"OUTBOX_REDELIVER_AFTER_SECONDS": "8"},
            **kwargs,
        )
        stack.redis = redis  # closed with the stack
        stacks.append(stack)
        stack.start()
        warm_up(stack)
        return stack

    yield make
    for stack in stacks:
        stack.close()


def run_load_with(
    stack: Stack,
    *,
    tellers: int,
    duration: float,
    actions: list[tuple[float, Callable[[], object]]],
    max_stories: int = 5000,
    timeout: float = 10.0,
) -> Stats:
    """Tellers for `duration` seconds; each action runs (in a thread) at its offset."""

    async def scenario() -> Stats:
        load = asyncio.ensure_future(
            run_tellers(
                stack.port,
                concurrency=tellers,
                duration=duration,
                max_stories=max_stories,
                timeout=timeout,
            )
        )
        started = time.monotonic()
        for offset, action in sorted(actions, key=lambda item: item[0]):
            await asyncio.sleep(max(0.0, started + offset - time.monotonic()))
            await asyncio.to_thread(action)
        return await load

    return asyncio.run(scenario())


def warm_up(stack: Stack) -> None:
    """A few complete stories first: each gunicorn worker's first request is slow (imports,
    templates, connections) and would otherwise count as the fault's latency."""
    stats = asyncio.run(
        run_tellers(stack.port, concurrency=stack.web_workers, duration=10, max_stories=9)
    )
    assert stats.error_count() == 0, dict(stats.errors)
    stack.baseline_complete = len(stats.acknowledged)  # type: ignore[attr-defined]


def latency_report(stats: Stats) -> str:
    lines = [f"p99 {p99(stats) * 1000:.0f} ms over {stats.requests} requests"]
    for kind, values in sorted(stats.latencies.items()):
        ordered = sorted(values)
        lines.append(
            f"  {kind:12} n={len(values):4} p50 {percentile(ordered, 50) * 1000:6.0f} ms"
            f"  p99 {percentile(ordered, 99) * 1000:6.0f} ms  max {ordered[-1] * 1000:6.0f} ms"
        )
    return "\n".join(lines)


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def latency_limit(seconds: float) -> float:
    """A fault test's latency limit, for a machine no busier than its cores. Other jobs on a
    shared 2-core machine (load averages of 8 occur) slow every request alike;
    the limit then grows with the run queue, and the report says so."""
    import os

    busy = os.getloadavg()[0] / (os.cpu_count() or 1)
    return seconds * max(1.0, busy)


def p99(stats: Stats) -> float:
    return percentile(stats.all_latencies(), 99)


def stored_exactly_once(stack: Stack, stats: Stats) -> dict[str, int]:
    """How the acknowledged stories stand in the database."""
    rows = stack.query(
        "SELECT COUNT(*) FILTER (WHERE status = 'complete'), COUNT(*) FROM tracks_story "
        "WHERE submission_token::text = ANY(%s)",
        [stats.acknowledged],
    )
    complete_acknowledged, acknowledged_rows = rows[0]
    completed = "SELECT COUNT(*) FROM tracks_story WHERE status = 'complete'"
    (complete_total,) = stack.query(completed)[0]
    return {
        "acknowledged": len(stats.acknowledged),
        "distinct_acknowledged": len(set(stats.acknowledged)),
        "rows_for_acknowledged": int(acknowledged_rows),
        "complete_for_acknowledged": int(complete_acknowledged),
        # Complete stories this run created: the warm-up's are left out.
        "complete_total": int(complete_total) - getattr(stack, "baseline_complete", 0),
    }


def assert_exactly_once(stack: Stack, stats: Stats) -> None:
    counts = stored_exactly_once(stack, stats)
    n = counts["acknowledged"]
    assert n > 0, counts
    assert counts == {
        "acknowledged": n,
        "distinct_acknowledged": n,
        "rows_for_acknowledged": n,
        "complete_for_acknowledged": n,
        "complete_total": n,
    }, counts


def outbox_pending(stack: Stack) -> int:
    pending = stack.query("SELECT COUNT(*) FROM tracks_outboxevent WHERE done_at IS NULL")[0][0]
    return int(pending)
