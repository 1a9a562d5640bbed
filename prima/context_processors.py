"""Values every template may use. Project-level: it reads the accounts app, so it lives at
the top, not in prima.lib (which sits below every app)."""

from __future__ import annotations

from django.http import HttpRequest

import prima as prima_package
from prima.accounts.scope import scope_for


def prima(request: HttpRequest) -> dict[str, object]:
    """Values every template may use: the version, the signed-in user's scope, and which
    section of the site the page belongs to (for aria-current in the navigation)."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return {
        "prima_version": prima_package.__version__,
        "scope": scope_for(user) if user is not None else None,
        "url_name": match.url_name if match else "",
        "url_namespace": match.namespace if match else "",
    }
