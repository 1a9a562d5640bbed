"""`/healthz/jobs`: whether background work is keeping up, for an uptime monitor. Like the
other probes it says only "ok" or "failing" (503); the outbox page says what and why."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from prima.jobs.queries import health


def jobs_probe(request: HttpRequest) -> HttpResponse:
    try:
        ok = health(now=timezone.now()).ok
    except Exception:  # noqa: BLE001 - the database out of reach is not "ok" either
        ok = False
    if ok:
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "failing"}, status=503)
