"""Health probes for load balancers and uptime monitors: `/healthz` (the process is up) and
`/readyz` (it can reach its database and, when PRIMA_STORAGE_URL names one, its object store).

They are answered by the first middleware, before anything that could turn a probe away: the
HTTPS redirect (a load balancer probes a backend over plain HTTP and must see 200, not 301)
and the host check (it probes by the backend's address, which is not in ALLOWED_HOSTS). They
reveal nothing but "ok", or "unavailable" and which of the two is out of reach; the reason
itself (never the store's key) goes to the log.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from prima.lib.storage import S3_BACKEND

log = logging.getLogger("prima.health")

# The object store must answer within this (connect, then read): a probe that waits longer
# than the balancer's own time-out says nothing.
STORE_TIMEOUT_SECONDS = 2.0


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up."""
    return JsonResponse({"status": "ok"})


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
    return True


@functools.lru_cache(maxsize=4)
def _store_client(
    endpoint: str, region: str, addressing: str, access_key: str | None, secret_key: str | None
) -> Any:
    """An S3 client of its own for the probe (short time-outs, no retries), made once."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(
            connect_timeout=STORE_TIMEOUT_SECONDS,
            read_timeout=STORE_TIMEOUT_SECONDS,
            retries={"max_attempts": 1, "mode": "standard"},
            s3={"addressing_style": addressing},
        ),
    )


def _store_reachable() -> bool:
    """True without an object store (files on disk: nothing to check); else whether the
    bucket answers a HEAD with the configured key."""
    default: dict[str, Any] = settings.STORAGES.get("default", {})
    if default.get("BACKEND") != S3_BACKEND:
        return True
    options: dict[str, Any] = default.get("OPTIONS", {})
    secret = options.get("secret_key")
    try:
        client = _store_client(
            options["endpoint_url"],
            options.get("region_name") or "us-east-1",
            options.get("addressing_style") or "path",
            options.get("access_key"),
            secret,
        )
        client.head_bucket(Bucket=options["bucket_name"])
    except Exception as error:  # noqa: BLE001 - unreachable, refused, no such bucket: not ready
        reason = f"{type(error).__name__}: {error}"
        if secret:
            reason = reason.replace(secret, "•••")
        log.warning(
            "not ready: the object store %s (bucket %s) does not answer: %s",
            options.get("endpoint_url"),
            options.get("bucket_name"),
            reason[:300],
        )
        return False
    return True


def readyz(request: HttpRequest) -> HttpResponse:
    """The process can reach its database and its object store (when it has one)."""
    failing = [
        name
        for name, reachable in (
            ("database", _database_reachable),
            ("object store", _store_reachable),
        )
        if not reachable()
    ]
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """Answer the probes before the HTTPS redirect and the host check (first in MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in {"GET", "HEAD"}:
            response = probe(request)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
