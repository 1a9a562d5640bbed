"""Error pages in Prima's layout, without any internal detail (ASVS 5.0 16.5.1)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    from prima.lib.outage import current_error_is_connection_error, unavailable

    if current_error_is_connection_error():  # the database is out of reach: 503, not 500
        return unavailable(request)
    # No context processors that could fail again: a plain template with the request id.
    from django.template import loader

    from prima.lib.context import get_request_info

    info = get_request_info()
    template = loader.get_template("500.html")
    return HttpResponse(
        template.render({"request_id": info.request_id if info else ""}), status=500
    )
