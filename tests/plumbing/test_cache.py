"""The Redis cache backend (vertelpunt/cache.py), against the real Redis."""

import time
import uuid
from typing import cast

from django.core.cache import cache as default_cache

from vertelpunt.cache import RedisCache

# settings.CACHES names vertelpunt.cache.RedisCache; django.core.cache.cache is typed BaseCache.
cache = cast(RedisCache, default_cache)


def test_a_windowed_count_adds_one_per_hit_and_starts_again_after_its_window():
    key = f"count-{uuid.uuid4().hex}"
    assert [cache.count(key, window_seconds=1) for _ in range(3)] == [1, 2, 3]
    time.sleep(1.2)
    assert cache.count(key, window_seconds=1) == 1


def test_the_client_is_kept_between_operations():
    client = cache._cache.get_client(write=True)
    cache.set("kept-client", 1)
    assert cache.get("kept-client") == 1
    assert cache._cache.get_client(write=True) is client
