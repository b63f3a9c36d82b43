"""The soak test in the size `make test` can afford: 200 tellers at once, each telling a
story, every acknowledged story stored exactly once. The full 200 tellers for 60 s is
`make bench-soak` (python -m bench.load --soak --tellers 200 --duration 60)."""

import asyncio

import pytest

from bench.client import run_tellers
from tests.faults.conftest import assert_exactly_once

pytestmark = pytest.mark.faults

TELLERS = 200


def test_two_hundred_concurrent_tellers_each_story_stored_exactly_once(make_stack):
    stack = make_stack()
    # A long per-request timeout: 200 tellers queue for 3 workers, and a teller who gave up
    # on a final submit the server then completed would be a stored, unacknowledged story.
    stats = asyncio.run(
        run_tellers(stack.port, concurrency=TELLERS, duration=5, max_stories=TELLERS, timeout=120)
    )
    assert stats.error_count() == 0, dict(stats.errors)
    assert len(stats.acknowledged) == TELLERS
    assert_exactly_once(stack, stats)
