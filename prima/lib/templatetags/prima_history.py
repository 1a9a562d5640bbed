"""{% load prima_history %}: a stored change reason in the reader's language, for pages that
list history records themselves rather than through prima.lib.history.describe."""

from __future__ import annotations

from django import template

from prima.lib.history import reason_text

register = template.Library()


@register.filter
def change_reason(stored: str | None) -> str:
    return reason_text(stored)
