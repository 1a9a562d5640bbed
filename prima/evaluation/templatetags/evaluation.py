"""Template helpers of the evaluation pages."""

from __future__ import annotations

from typing import Any

from django import template

from prima.evaluation.forms import field_name

register = template.Library()


@register.simple_tag
def field_for(form: Any, prefix: str, code: str) -> Any:
    """The rendered field group of an indicator's field (names are built from its code)."""
    return form[field_name(prefix, code)].as_field_group()
