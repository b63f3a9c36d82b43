"""PostgreSQL restarted during a load run.

Requests in flight get the 503 "Even geduld" page (vertelpunt.errors), never a 500 and never a
half-saved step: each step is one transaction (tracks.services), and the flow cookie only
comes with a successful answer. The app recovers without a restart (conn_health_checks), and
the stored complete stories equal the acknowledged final submits.
"""

import asyncio

import pytest

from bench.client import run_tellers
from tests.faults.conftest import assert_exactly_once

pytestmark = pytest.mark.faults


def test_a_postgres_restart_costs_a_503_and_never_a_story(make_stack, servers):
    stack = make_stack()
    statuses: list[int] = []

    def restart() -> None:
        servers.postgres.restart(mode="fast", down_for=1.5)

    from tests.faults.conftest import run_load_with

    stats = run_load_with(stack, tellers=4, duration=12, actions=[(3, restart)])

    failures = {key: n for key, n in stats.statuses.items() if not key.endswith((" 200", " 302"))}
    # The restart was felt, and only as 503s: no 500, no dropped connection.
    assert failures, "no request met the restart"
    assert all(key.endswith(" 503") for key in failures), failures
    statuses.extend(n for n in failures.values())

    # Recovered without restarting gunicorn: complete flows go through again.
    after = asyncio.run(run_tellers(stack.port, concurrency=2, duration=10, max_stories=4))
    assert after.error_count() == 0 and len(after.acknowledged) == 4, dict(after.errors)
    stats.acknowledged.extend(after.acknowledged)

    assert_exactly_once(stack, stats)
    _assert_no_half_saved_step(stack)


def test_the_503_page_is_friendly(make_stack, servers):
    stack = make_stack(web_workers=1)
    servers.postgres.stop("fast")
    try:
        import urllib.error
        import urllib.request

        url = f"http://127.0.0.1:{stack.port}/passend-onderwijs/"
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, timeout=10)  # noqa: S310 - loopback
        assert caught.value.code == 503
        assert caught.value.headers["Retry-After"]
        assert "Even geduld" in caught.value.read().decode()
    finally:
        servers.postgres.start()


def _assert_no_half_saved_step(stack) -> None:
    """Every teller posts the same answers, so a step is either wholly there (the same number
    of answer rows in every story that reached it) or wholly absent."""
    rows = stack.query(
        """
        SELECT s.id, s.step_reached, q.step, COUNT(a.id)
        FROM tracks_story s
        CROSS JOIN (SELECT DISTINCT step FROM signifiers_signifier WHERE step > 1) q
        LEFT JOIN tracks_answer a ON a.story_id = s.id
            AND a.signifier_id IN (SELECT id FROM signifiers_signifier WHERE step = q.step)
        GROUP BY s.id, s.step_reached, q.step
        """
    )
    counts_reached: dict[int, set[int]] = {}
    for _story, reached, step, count in rows:
        if step > reached:
            assert count == 0, (_story, reached, step, count)
        else:
            counts_reached.setdefault(step, set()).add(count)
    # Step 3's answers differ by role (the role option), its row count does not.
    assert all(len(counts) == 1 for counts in counts_reached.values()), counts_reached
