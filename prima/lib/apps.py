from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks


class LibConfig(AppConfig):
    name = "prima.lib"
    label = "prima_lib"
    verbose_name = "Prima library"

    def ready(self) -> None:
        checks.register(shared_cache_check, checks.Tags.security, deploy=True)


def shared_cache_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Rate limits (sign-in, API, citizen forms) count on the cache: with several workers it
    must be shared, or each worker counts on its own (docs/security.md §1.7 item 1)."""
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "The cache is private to each process, so rate limits do not hold across workers.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                id="prima.W001",
            )
        ]
    return []
