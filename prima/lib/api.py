"""Shared plumbing for the JSON API under /api/v1/: pagination, checked query parameters and
the error shape (prima.lib.api_schema documents all three in the OpenAPI schema).

The schema must tell the truth (scripts/schemathesis.py holds every endpoint to it in CI), so
what is checked and what is documented come from one place: a list's query parameters are a
serializer that both validates the request and describes the parameters.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext as _
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
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
    """Page-numbered lists with `count`, `next`, `previous` and `results`.

    `page_size` above the maximum gives the maximum, an empty one the default; one that is not
    a whole number of at least 1 is a 400 (DRF would silently fall back to the default). A
    page past the end is DRF's 404 "Invalid page."."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 600

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # not given, or given empty (as every parameter may be)
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            message = _("A whole number from 1 to %(most)d.") % {"most": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Results per page: {self.page_size} by default, at most "
                    f"{self.max_page_size} (a larger number gives {self.max_page_size})."
                )
        return parameters


# Query parameters a list takes besides its filters: the pagination's and DRF's `format`.
COMMON_PARAMETERS = {"page", "page_size", "format"}


def query_params(request: Request, filters: type[serializers.Serializer]) -> dict[str, Any]:
    """The query parameters of a list, checked by `filters` — the serializer that the view
    also names in its schema (`extend_schema(parameters=[filters])`). An empty value means
    "not given" (as a form sends an unchosen filter); anything else `filters` refuses, and a
    parameter it does not know (a misspelt filter would otherwise answer the whole list), is
    a 400 naming the parameter."""
    unknown = {
        name: [_("This list has no such parameter.")]
        for name in request.query_params
        if name not in filters().fields and name not in COMMON_PARAMETERS
    }
    if unknown:
        raise ValidationError(unknown)
    given = {name: value for name, value in request.query_params.items() if value != ""}
    checked = filters(data=given)
    checked.is_valid(raise_exception=True)
    return dict(checked.validated_data)


def text_filter(**kwargs: Any) -> serializers.CharField:
    """An optional free-text or code query parameter (empty means "not given")."""
    return serializers.CharField(required=False, allow_blank=True, max_length=200, **kwargs)


def choice_filter(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """An optional query parameter with a fixed set of values (empty means "not given")."""
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, **kwargs)


def year_filter(**kwargs: Any) -> serializers.IntegerField:
    """An optional year: 1 to 9999, the years a date can have."""
    return serializers.IntegerField(required=False, min_value=1, max_value=9999, **kwargs)


# --- JSON bodies: the types the schema says, no others ------------------------------------------
# DRF's fields take what a form would send: the number 7 as the text "7", "true" or 1 as a yes,
# the text "12" as a number. A JSON body has types, the schema names them, and Schemathesis
# holds the API to it: a body field of these kinds takes its own JSON type only.
class StrictCharField(serializers.CharField):
    """Text in quotes only."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise ValidationError(_("Give text here, in quotes."))
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A whole number, not in quotes, not true or false."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ValidationError(_("Give a whole number here, not in quotes."))
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false, not in quotes."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            raise ValidationError(_("Give true or false here, not in quotes."))
        return data


class StrictChoiceField(serializers.ChoiceField):
    """One of the choices, as text in quotes."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            raise ValidationError(_("Give text here, in quotes."))
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A model serializer whose text, number, yes/no and choice fields take their own JSON
    type only (the Strict* fields above), as the schema says."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
    }
    serializer_choice_field = StrictChoiceField


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
