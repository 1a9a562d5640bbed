"""Values every template may use. Project-level: it reads the accounts app, so it lives at
the top, not in prima.lib (which sits below every app)."""

from __future__ import annotations

from django.http import HttpRequest

import prima as prima_package
from prima.accounts.access import staff_rights


def prima(request: HttpRequest) -> dict[str, object]:
    """Values every template may use: the version, what the signed-in user may reach in the
    staff area (`staff`, prima.accounts.access.StaffRights), and which section of the site the
    page belongs to (for aria-current in the navigation)."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return {
        "prima_version": prima_package.__version__,
        "staff": staff_rights(user) if user is not None else None,
        "url_name": match.url_name if match else "",
        "url_namespace": match.namespace if match else "",
    }
