"""Which innovations live: the rule of Innovation.status_on as a database filter, for the
reads that ask it of many units at once (the coaching priorities, the boards)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from prima.innovation.models import Innovation
from prima.innovation.models.registry import LIVING, STATUS_VALID_FOR


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
