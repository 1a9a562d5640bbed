"""The request being served, for code that records who did what from where.

Set by RequestContextMiddleware; read by the audit log. Outside a request (management
commands, tests calling actions directly) every value is None.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RequestInfo:
    request_id: str
    ip: str | None
    path: str
    method: str
    user_agent: str


current_request: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "prima_current_request", default=None
)


def get_request_info() -> RequestInfo | None:
    return current_request.get()
