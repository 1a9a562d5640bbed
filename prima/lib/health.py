"""Health probes for load balancers and uptime monitors: `/healthz` (the process is up) and
`/readyz` (it can reach its database).

They are answered by the first middleware, before anything that could turn a probe away: the
HTTPS redirect (a load balancer probes a backend over plain HTTP and must see 200, not 301)
and the host check (it probes by the backend's address, which is not in ALLOWED_HOSTS). They
reveal nothing but "ok" or "unavailable".
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """The process can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return JsonResponse({"status": "unavailable"}, status=503)
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
