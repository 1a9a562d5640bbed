"""Fixed-window rate limits on the shared cache, keyed by a daily-rotating digest of the client.

The cache must be shared by every worker (Redis in production, CACHE_URL): a per-process cache
would let each worker count on its own. The client's address is only ever held as a keyed
digest that changes every day, and only in the cache (docs/security.md §1.6 item 5).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def client_digest(identity: str, *, purpose: str) -> str:
    """A digest of `identity` (an IP address) that cannot be reversed or linked across days."""
    day = timezone.now().date().isoformat()
    key = hashlib.sha256(f"prima.ratelimit:{purpose}:{day}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, identity.encode(), hashlib.sha256).hexdigest()[:32]


def hit(purpose: str, identity: str | None, *, limit: int, window: int = 60) -> bool:
    """Count one request; True when `identity` has now made more than `limit` in the window."""
    if not identity or limit <= 0:
        return False
    bucket = int(time.time() // window)
    key = f"rl:{purpose}:{client_digest(identity, purpose=purpose)}:{bucket}"
    count_hit = getattr(cache, "count_hit", None)  # Redis: one round trip (prima.lib.cache)
    if count_hit is not None:
        return int(count_hit(key, window + 5)) > limit
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count > limit
