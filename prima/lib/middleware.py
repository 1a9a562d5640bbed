"""Project-wide middleware: compression, request context, the input boundary, interface
language, security headers, and the answer given when the database is briefly unreachable."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.middleware.gzip import GZipMiddleware
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from prima.lib.context import RequestInfo, current_request
from prima.lib.http import client_ip
from prima.lib.text import has_control, strip_control

Handler = Callable[[HttpRequest], HttpResponse]


# Text worth compressing; images, fonts, PDFs and archives are compressed already.
_TEXT = (
    "text/",
    "application/javascript",
    "application/json",
    "application/ld+json",
    "application/xml",
    "image/svg+xml",
)


class CompressionMiddleware(GZipMiddleware):
    """Gzip pages for visitors who are not signed in, and static files for everyone (ADR 0013).

    The same in the demo and in production, so that what a phone receives from `make demo` is
    what it receives from a server. In production WhiteNoise sends the static files gzipped at
    `collectstatic` (Content-Encoding set: nothing left to do here); in the demo it serves them
    from the apps as they are, and they are compressed here on the way out.

    Not compressed:
    - pages shown to a signed-in user: they hold personal data and reflect what is typed in
      their search boxes, the two ingredients of BREACH; they are small and no-store anyway;
    - other streamed responses (downloads, exports, open-data files): sent as they are, with
      their length, and never compressed again per request;
    - anything but a full answer to a GET (a 304 or a 206 has no body to compress).
    Django adds up to 100 random bytes to each compressed page, BREACH's usual mitigation.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        static = request.path.startswith(settings.STATIC_URL)
        user = getattr(request, "user", None)
        if (
            request.method != "GET"
            or response.status_code != 200
            or not response.get("Content-Type", "").startswith(_TEXT)
            or (response.streaming and not static)
            or (not static and user is not None and user.is_authenticated)
        ):
            return response
        return super().process_response(request, response)


class RequestContextMiddleware:
    """Give each request an id (echoed as X-Request-ID) and expose it to the audit log."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        info = RequestInfo(
            request_id=secrets.token_hex(8),
            ip=client_ip(request),
            path=request.path[:300],
            method=request.method or "",
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = current_request.set(info)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = info.request_id
        return response


_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class InputBoundaryMiddleware:
    """The one door every request passes: characters no person types (prima.lib.text) never
    reach a view, a query or the database.

    - in the path or the query string they are refused with 400 — such an address names
      nothing (PostgreSQL would answer a NUL with an error, SQLite would quietly look it up);
    - in a submitted form (web forms, Open311, uploads' file names) they are removed, the
      rest of what the person wrote is kept;
    - a cookie that carries one is ignored, as if it had not been sent.

    JSON bodies of the API are checked by its parser (prima.lib.api.JSONParser), which
    refuses them with the API's own error shape. It sits before the session middleware, so
    that a session cookie is checked before it is looked up.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control(request.path) or _query_has_control(request.GET):
            return refuse_control_characters(request)
        for name, value in list(request.COOKIES.items()):
            if has_control(name) or has_control(value):
                del request.COOKIES[name]
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            request.POST = _stripped(request.POST)  # type: ignore[misc,assignment]
            for uploads in request.FILES.lists():
                for upload in uploads[1]:
                    if upload.name and has_control(upload.name):
                        upload.name = strip_control(upload.name)
        return self.get_response(request)


def _query_has_control(query: QueryDict) -> bool:
    return any(
        has_control(key) or any(has_control(value) for value in values)
        for key, values in query.lists()
    )


def _stripped(data: QueryDict) -> QueryDict:
    if not _query_has_control(data):
        return data  # nearly always: no copy
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean.setlist(strip_control(key), [strip_control(value) for value in values])
    clean._mutable = False
    return clean


def refuse_control_characters(request: HttpRequest) -> HttpResponse:
    """400 in the shape the caller reads: the API's `{"detail": …}`, Open311's error list,
    or a page in Prima's layout (in the visitor's language: this runs before the language
    middleware)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        message = _("The address or a value in it holds characters that cannot be read.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        if request.path.startswith("/open311/"):
            body = [{"code": 400, "description": message}]
            if request.path.endswith(".xml"):
                from xml.sax.saxutils import escape

                xml = (
                    '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code>'
                    f"<description>{escape(message)}</description></error></errors>"
                )
                return HttpResponse(xml, content_type="text/xml; charset=utf-8", status=400)
            return JsonResponse(body, safe=False, status=400)
        html = loader.render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(html, status=400)


class LanguageMiddleware:
    """Bahasa Indonesia unless the visitor chose another language with the switcher.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: many phones in Indonesia
    are set to English, and a government service speaks Indonesian first. The choice is
    remembered in a cookie set by Django's `set_language` view (a plain form post).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy everywhere; no caching of pages shown to a signed-in user.

    Authenticated responses carry Cache-Control: no-store so that a shared computer's
    browser cache or an intermediary never keeps an officer's page (ASVS 5.0 14.3.2).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.PRIMA_CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response
