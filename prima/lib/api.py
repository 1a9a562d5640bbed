"""Shared plumbing for the JSON API under /api/v1/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from prima.lib.text import has_control


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing characters no person types anywhere in the document
    (keys and values; prima.lib.text). Form bodies are cleaned before DRF sees them, by
    prima.lib.middleware.InputBoundaryMiddleware."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if _holds_control(data):
            raise ParseError(
                _("A value holds characters that cannot be read (control characters).")
            )
        return data


def _holds_control(value: Any) -> bool:
    if isinstance(value, str):
        return has_control(value)
    if isinstance(value, dict):
        return any(_holds_control(k) or _holds_control(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_control(v) for v in value)
    return False


class Pagination(PageNumberPagination):
    """Page-numbered lists with `count`, `next`, `previous` and `results`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 600


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every error body shaped as `{"detail": ...}` at least.

    A Django ValidationError raised by an action's full_clean() (for example a race that
    passed the serializer) becomes a 400 with the same field messages, never a 500.
    """
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = ValidationError(detail)
    response = drf_exception_handler(exc, context)
    if response is not None and not isinstance(response.data, dict):
        response.data = {"detail": response.data}
    return response
