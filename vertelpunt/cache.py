"""Django's Redis cache, keeping one client per connection pool, plus a windowed counter.

Django's RedisCacheClient makes a new redis.Redis for every operation, and building one fills
its table of response callbacks: about a third of a rate-limited step's cache cost (make
bench-profile). A client over a connection pool is safe to share, so it is kept.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(
        self, key: str | bytes | memoryview | None = None, *, write: bool = False
    ) -> Any:
        # _get_connection_pool and _client are the parent's private parts, which
        # django-stubs does not declare.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[id(pool)] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    def count(self, key: str, *, window_seconds: int) -> int:
        """Add one to the counter `key`, which expires `window_seconds` after its first
        count; returns the new count. One round trip (add() then incr() take three)."""
        key = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, 0, ex=window_seconds, nx=True)
        pipeline.incr(key)
        return int(pipeline.execute()[1])
