"""One way to write dates and times on pages: `{{ day|long_date }}` → 7 Desember 2026 and
`{{ when|moment:unit.region.timezone }}` → 7 Desember 2026, 09.00 WIT (WIB when no zone is
given). Both come from prima.lib.formats, so pages, PDFs and exports agree."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from prima.lib import formats

register = template.Library()


@register.filter
def long_date(day: datetime.date | datetime.datetime | None) -> str:
    """A date written out; an aware datetime is read on the server's clock (WIB)."""
    if isinstance(day, datetime.datetime) and day.tzinfo is not None:
        day = timezone.localtime(day).date()
    return formats.long_date(day)


@register.filter
def moment(when: datetime.datetime | None, zone: str = "WIB") -> str:
    return formats.moment(when, zone or "WIB")
