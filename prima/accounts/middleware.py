"""Session rules for signed-in staff: idle time-out and the second sign-in factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from prima.accounts.audit import record_event
from prima.accounts.models import AuditEvent, User
from prima.accounts.twofactor import has_confirmed_device

LAST_SEEN_KEY = "prima_last_seen"
SIGNED_IN_AT_KEY = "prima_signed_in_at"

# Paths a half-signed-in user (password given, second factor pending) may still reach.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz", "/readyz")


class SessionPolicyMiddleware:
    """Enforce the 30-minute idle time-out and two-factor sign-in.

    - A session idle longer than PRIMA_SESSION_IDLE_SECONDS, or older than
      SESSION_COOKIE_AGE since sign-in however active, is ended (ASVS 4.0.3 3.3.2). The
      cookie's own expiry is renewed whenever the session is saved, so the absolute limit
      is kept here, from the sign-in time.
    - A user with a confirmed authenticator must enter a code before anything else.
    - A national administrator without one must set it up before anything else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User):  # signed in
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            signed_in_at = request.session.setdefault(SIGNED_IN_AT_KEY, now)
            idle = (
                last_seen is not None and now - int(last_seen) > settings.PRIMA_SESSION_IDLE_SECONDS
            )
            too_old = now - int(signed_in_at) > settings.SESSION_COOKIE_AGE
            if idle or too_old:
                record_event(AuditEvent.Kind.SESSION_EXPIRED, actor=user)
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if last_seen is None or now - int(last_seen) >= 60:
                # A minute's precision is enough, and spares a session write per request.
                request.session[LAST_SEEN_KEY] = now
            gate = self._two_factor_gate(request, user)
            if gate is not None:
                return gate
        return self.get_response(request)

    def _two_factor_gate(self, request: HttpRequest, user: User) -> HttpResponse | None:
        if user.is_verified() or request.path.startswith(_OPEN_PREFIXES):  # type: ignore[attr-defined]
            return None
        verify_url = reverse("accounts:otp_verify")
        setup_url = reverse("accounts:two_factor_setup")
        allowed = {verify_url, setup_url, reverse("accounts:logout")}
        if request.path in allowed:
            return None
        if has_confirmed_device(user):
            target = verify_url
        elif user.must_use_two_factor:
            target = setup_url
        else:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "Two-factor sign-in is not complete for this session."}, status=403
            )
        return redirect(f"{target}?next={request.get_full_path()}")
