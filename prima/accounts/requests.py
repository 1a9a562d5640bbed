"""The request type of a signed-in page, and the acting user of an API write.

A view behind `@login_required` annotates its request as `AuthenticatedHttpRequest`, so
`request.user` is Prima's User — what every action takes as its `actor` — and not
`User | AnonymousUser`. It is only a type: Django's request object is unchanged. An API view
names the actor of a write with `api_user(request)`. Both live here, beside User, because
`prima.lib` sits below accounts and may not import it (docs/adr/0009-one-shape-for-every-app.md).
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from prima.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def api_user(request: Request) -> User:
    """The signed-in user of an API request that writes: the acting user of its action.

    Writing endpoints admit only signed-in users (their permission classes), so this is never
    anonymous there; should one be reached without a user, it is refused (401), not run.
    """
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user
