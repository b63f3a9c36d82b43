"""Redis stopped, and Redis paused, during a load run.

Submissions go on (the request never waits on the broker: an outbox row is committed with
the story and published from a background thread; the rate limit fails open within the
cache's 0.2 s timeout), and once Redis is back every post-submit task completes.
"""

import pytest

from tests.faults.conftest import (
    assert_exactly_once,
    latency_limit,
    latency_report,
    outbox_pending,
    p99,
    run_load_with,
    wait_until,
)

pytestmark = pytest.mark.faults

TELLERS = 3
P99_LIMIT = 0.5


def _after_redis_returns(stack, stats) -> None:
    assert stats.error_count() == 0, dict(stats.errors)
    assert stats.abandoned == 0
    limit = latency_limit(P99_LIMIT)
    assert p99(stats) < limit, f"limit {limit * 1000:.0f} ms; " + latency_report(stats)
    assert_exactly_once(stack, stats)
    # Every post-submit task runs once Redis is back: the sweeper (beat, every 2 s here)
    # publishes what the request could not, and the worker marks each event done.
    assert wait_until(lambda: outbox_pending(stack) == 0, timeout=45), (
        outbox_pending(stack),
        stack.query(
            "SELECT COUNT(*) FROM tracks_outboxevent "
            "WHERE done_at IS NULL AND enqueued_at IS NOT NULL"
        ),
        stack.log_tail("worker"),
        stack.log_tail("beat"),
        stack.log_tail("web"),
    )
    (count,) = stack.query(
        "SELECT completed_story_count FROM tracks_collection WHERE slug = 'passend-onderwijs'"
    )[0]
    assert count == len(stats.acknowledged) + stack.baseline_complete


def test_stories_are_kept_and_tasks_complete_when_redis_stops_under_load(make_stack):
    stack = make_stack(worker=True, beat=True)
    redis = stack.redis
    waiting: list[int] = []
    stats = run_load_with(
        stack,
        tellers=TELLERS,
        duration=12,
        actions=[
            (3, redis.stop),
            (7.5, lambda: waiting.append(outbox_pending(stack))),
            (8, redis.start),
        ],
    )
    # The outage was real: stories completed while their tasks could not be published.
    assert waiting[0] > 0
    _after_redis_returns(stack, stats)


def test_stories_are_kept_and_tasks_complete_when_redis_is_paused_under_load(make_stack):
    stack = make_stack(worker=True, beat=True)
    redis = stack.redis
    waiting: list[int] = []
    stats = run_load_with(
        stack,
        tellers=TELLERS,
        duration=12,
        actions=[(3, lambda: redis.pause(5)), (7.5, lambda: waiting.append(outbox_pending(stack)))],
    )
    assert waiting[0] > 0
    _after_redis_returns(stack, stats)
