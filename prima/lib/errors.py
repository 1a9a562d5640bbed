"""Error pages in Prima's layout, without any internal detail (ASVS 5.0 16.5.1).

The JSON API gets its errors as its schema says, `{"detail": …}`, also when no route matched or
a view failed. (Open311 has a route of its own for paths it does not know.)
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    from prima.lib.outage import current_error_is_connection_error, unavailable

    if current_error_is_connection_error():  # the database is out of reach: 503, not 500
        return unavailable(request)
    # No context processors that could fail again: a plain template with the request id.
    from django.template import loader

    from prima.lib.context import get_request_info

    info = get_request_info()
    request_id = info.request_id if info else ""
    if request.path.startswith("/api/"):
        message = _("Server error. Please try again in a moment. Code: %(id)s") % {"id": request_id}
        return JsonResponse({"detail": message}, status=500)
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_id": request_id}), status=500)
