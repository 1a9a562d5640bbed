"""Numbers of the competition pages: exact fractions shown as decimals (84.3, 26.67)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.formats import number_format

from prima.innovation import rubric

register = template.Library()


@register.filter
def score(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A score or mean rounded half up to `places` decimals, in the page's number format;
    empty when there is none."""
    if value is None or value == "":
        return "–"
    exact = Fraction(value)
    text = rubric.format_number(exact, places)
    return number_format(Decimal(text), decimal_pos=None, use_l10n=True)


@register.filter
def share(value: Fraction | None) -> str:
    """A share (0–1) as a whole percentage."""
    if value is None:
        return "–"
    return f"{rubric.format_number(value * 100, 0)}%"
