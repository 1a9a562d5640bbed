"""The request type of a signed-in page.

A view behind `@login_required` annotates its request as `AuthenticatedHttpRequest`, so
`request.user` is Prima's User — what every action takes as its `actor` — and not
`User | AnonymousUser`. It is only a type: Django's request object is unchanged. It lives
here, beside User, because `prima.lib` sits below accounts and may not import it
(docs/adr/0009-one-shape-for-every-app.md).
"""

from __future__ import annotations

from django.http import HttpRequest

from prima.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
