"""Prima's Redis cache backend: Django's, with two changes measured on the citizen's survey
submission (benchmarks/skm.py).

- Django builds a new `redis.Redis` object for every cache call, and each one registers
  some 170 response callbacks; this backend keeps one per connection pool (they are
  thread-safe and share the pool's connections).
- `count_hit` counts a hit in a fixed window in one command (a two-line Lua script: INCR, and
  EXPIRE when the counter is new), where `add` then `incr` takes three round trips and a
  MULTI/EXEC pipeline costs four commands' worth of client work.

settings.py selects it whenever CACHE_URL names a Redis server.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[id(pool)] = client
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_hit(self, key: str, timeout: int) -> int:
        """Add one to the counter `key` (created at 1 and kept `timeout` seconds from then:
        the caller's key names its window) and return its new value, in one round trip.
        Redis runs the script atomically, so a counter never lives on without its expiry."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        return int(client.eval(_COUNT_HIT, 1, key, timeout))


_COUNT_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
