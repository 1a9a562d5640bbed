"""Prima's Redis cache backend, against a real Redis server when one answers (CI has one at
127.0.0.1:6379; PRIMA_TEST_REDIS_URL points elsewhere). Without one these tests are skipped
and say why."""

from __future__ import annotations

import os
import socket
import uuid
from urllib.parse import urlsplit

import pytest

from prima.lib import ratelimit
from prima.lib.cache import RedisCache

REDIS_URL = os.environ.get("PRIMA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip() -> RedisCache:
    parts = urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5).close()
    except OSError as error:
        pytest.skip(f"no Redis server at {REDIS_URL} ({error})")
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"})


def test_a_counter_counts_hits_and_expires():
    cache = _redis_or_skip()
    assert [cache.count_hit("hits", 30) for _ in range(3)] == [1, 2, 3]
    assert cache.get("hits") == 3  # a plain integer, readable through the cache API
    client = cache._cache.get_client(write=True)
    ttl = client.ttl(cache.make_and_validate_key("hits"))
    assert 0 < ttl <= 30
    cache.delete("hits")


def test_one_client_serves_every_call():
    cache = _redis_or_skip()
    cache.set("a", {"x": 1}, 30)
    first = cache._cache.get_client(write=True)
    assert cache.get("a") == {"x": 1}
    assert cache._cache.get_client(write=True) is first
    cache.delete("a")


def test_the_rate_limit_uses_one_counter_per_window(monkeypatch):
    cache = _redis_or_skip()
    monkeypatch.setattr(ratelimit, "cache", cache)
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_010.0)  # one window
    purpose = f"test-{uuid.uuid4().hex[:8]}"
    results = [ratelimit.hit(purpose, "10.0.0.1", limit=3) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert ratelimit.hit(purpose, "10.0.0.2", limit=3) is False  # another address
