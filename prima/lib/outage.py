"""When the database is briefly out of reach — a restart, a fail-over, a dropped connection —
no citizen sees a 500 and nothing they sent is lost (issue 16, item 7).

- A view that raises a connection error (Django's OperationalError or InterfaceError) is run
  once more on a fresh connection when running it twice cannot do a thing twice: a read (GET,
  HEAD) or a view marked `@retry_safe` because its write is idempotent in the database (the
  SKM answer and the complaint form, both unique on their form's nonce).
- Otherwise, or when the retry fails too, the answer is 503 with Retry-After and, for a
  form, everything it sent kept in a form that sends it again with one press
  (`unavailable`). The same page answers a connection error raised anywhere else
  (prima.lib.errors.server_error).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 5
log = logging.getLogger("prima.outage")

View = TypeVar("View", bound=Callable[..., HttpResponse])


def retry_safe(view: View) -> View:
    """Mark a view whose POST may run twice: its write is idempotent in the database."""
    view.prima_retry_safe = True  # type: ignore[attr-defined]
    return view


def is_connection_error(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def _drop_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            # Only a test's own transaction is still open once a view has raised (Prima
            # does not wrap requests in transactions); closing it would end the test.
            continue
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a dead connection may fail to close; it is dropped
            connection.connection = None


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After. Rendered without context processors (they would read the
    database again); a POST's fields come back as a form that sends them again."""
    fields: list[tuple[str, str]] = []
    files = False
    if request.method == "POST":
        fields = [(key, value) for key, values in request.POST.lists() for value in values]
        files = bool(request.FILES)
    body = loader.get_template("503.html").render(
        {"fields": fields, "files": files, "action": request.get_full_path()}
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Run a safe view once more after a connection error, else answer `unavailable`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if not is_connection_error(exception):
            return None
        _drop_connections()
        match = request.resolver_match
        safe = request.method in {"GET", "HEAD"} or getattr(
            match.func if match else None, "prima_retry_safe", False
        )
        log.warning(
            "database unreachable",
            extra={"path": request.path, "retry": bool(safe and match)},
        )
        if safe and match is not None:
            try:
                return match.func(request, *match.args, **match.kwargs)
            except (OperationalError, InterfaceError):
                _drop_connections()
        return unavailable(request)


def current_error_is_connection_error() -> bool:
    """For the 500 handler, which Django calls while the exception is being handled."""
    return is_connection_error(sys.exc_info()[1])
