"""How the JSON API knows who is calling: a personal token, or a fully signed-in session."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from prima.accounts.models import ApiToken, User


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token prima_…` (or `Bearer prima_…`), looked up by SHA-256 digest."""

    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the keyword, once.")
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(header[1]))
            .first()
        )
        if token is None or not token.is_usable or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        now = timezone.now()
        # Write the last-used time at most once a minute per token.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, but only once the second factor (when required) is done."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = request._request.user
        if not user.is_verified():  # type: ignore[union-attr]
            from prima.accounts.twofactor import has_confirmed_device

            if has_confirmed_device(user) or user.must_use_two_factor:  # type: ignore[arg-type,union-attr]
                return None
        return result


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "prima.accounts.api_auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <your token>`; create one under Akun → Token API.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "prima.accounts.api_auth.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
