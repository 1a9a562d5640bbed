"""Which innovations live: the rule of Innovation.status_on as a database filter, for the
reads that ask it of many units at once (the coaching priorities, the boards); and when the
yearly sustainability report falls due — one rule for the registry's pages and the readiness
board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from prima.innovation.eligibility import months_between
from prima.innovation.models import Innovation
from prima.innovation.models.registry import LIVING, STATUS_VALID_FOR

# A report is due this many whole months after the status was last confirmed: the unit has
# about a month before the status turns unknown (STATUS_VALID_FOR).
REPORT_DUE_AFTER_MONTHS = 11


def report_due(confirmed_on: dt.date, today: dt.date) -> bool:
    """The yearly report of an innovation confirmed on `confirmed_on` is due on `today`:
    eleven or more whole months have passed (months_between)."""
    return months_between(confirmed_on, today) >= REPORT_DUE_AFTER_MONTHS


def stale_before(today: dt.date) -> dt.date:
    """Confirmed before this day, a status shows as unknown on `today` (status_on)."""
    return today - STATUS_VALID_FOR


def living(today: dt.date) -> Q:
    """Running or growing, and confirmed within STATUS_VALID_FOR of `today` — the same
    innovations for which Innovation.status_on(today) is in LIVING."""
    return Q(status__in=LIVING, status_confirmed_on__gte=stale_before(today))


def units_with_living_innovation(unit_ids: Iterable[int], today: dt.date) -> set[int]:
    return set(
        Innovation.objects.filter(living(today), unit_id__in=list(unit_ids)).values_list(
            "unit_id", flat=True
        )
    )
