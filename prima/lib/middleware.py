"""Project-wide middleware: request context, interface language, security headers."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from prima.lib.context import RequestInfo, current_request
from prima.lib.http import client_ip

Handler = Callable[[HttpRequest], HttpResponse]


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
