"""Sign-in events from Django and django-axes, written to the security log.

Signals are used here because the events originate in third-party code (Django's auth,
axes); Prima's own writes call record_event directly from their actions.
"""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from prima.accounts.audit import record_event
from prima.accounts.models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        from prima.accounts.middleware import SIGNED_IN_AT_KEY

        # The 12-hour limit counts from here (SessionPolicyMiddleware).
        request.session[SIGNED_IN_AT_KEY] = int(time.time())
    record_event(AuditEvent.Kind.LOGIN_SUCCEEDED, actor=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(AuditEvent.Kind.LOGOUT, actor=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already replaced the password with asterisks; only the user name is kept.
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    record_event(AuditEvent.Kind.LOGIN_FAILED, actor=user, username=username)


@receiver(user_locked_out)
def _locked_out(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None,
    **kwargs: Any,
) -> None:
    name = (username or "")[:150]
    user = get_user_model().objects.filter(username=name).first()
    record_event(AuditEvent.Kind.LOCKED_OUT, actor=user, username=name)
