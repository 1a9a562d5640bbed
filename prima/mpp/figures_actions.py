"""Every write of an MPP's daily figures, each in one transaction that also brings the day's
pre-aggregates up to date (prima.mpp.aggregates.refresh_days).

Entered by hand (`record_day`): one day of one MPP, each service's and each counter's figures
set, or cleared when given as None. Imported (`import_figures`): a checked file
(prima.mpp.importing), whole or nothing, recorded as a FigureImport naming who imported it;
a service's or counter's day the file covers replaces what was stored for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prima.mpp import aggregates
from prima.mpp.models import (
    HOURS,
    Counter,
    CounterDay,
    FigureImport,
    Mpp,
    Offering,
    OfferingDay,
    Source,
)

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.mpp.importing import ParsedFigures


@dataclass(frozen=True)
class ServiceFigures:
    visitors: int = 0
    transactions: int = 0
    wait_minutes: int = 0
    service_minutes: int = 0
    hourly: list[int] | None = None  # None: keep what is stored (all zeros for a new row)


@dataclass(frozen=True)
class CounterFigures:
    opened_at: dt.time | None = None
    closed_at: dt.time | None = None
    staff: int = 0


class DuplicateImport(ValidationError):
    def __init__(self, earlier: FigureImport) -> None:
        self.earlier = earlier
        super().__init__(
            _("This file was imported before: %(name)s on %(date)s (%(n)s rows).")
            % {
                "name": earlier.filename,
                "date": earlier.imported_at.strftime("%Y-%m-%d %H:%M"),
                "n": earlier.rows,
            }
        )


@dataclass
class Imported:
    figure_import: FigureImport
    services: int = 0
    counters: int = 0
    replaced: int = 0
    days: set[dt.date] = field(default_factory=set)


def _check_counter(figures: CounterFigures) -> None:
    if figures.closed_at is not None and figures.opened_at is None:
        raise ValidationError(_("A counter that closed must have opened: give the opening time."))
    if (
        figures.closed_at is not None
        and figures.opened_at is not None
        and figures.closed_at <= figures.opened_at
    ):
        raise ValidationError(_("A counter closes after it opens."))


def _check_service(figures: ServiceFigures) -> None:
    if figures.transactions > figures.visitors:
        raise ValidationError(_("Transactions cannot exceed visitors."))
    if figures.hourly is not None and (
        len(figures.hourly) != HOURS or any(n < 0 for n in figures.hourly)
    ):
        raise ValidationError(_("Visitors per hour must be 24 whole numbers."))


def _set_offering_day(
    offering: Offering,
    day: dt.date,
    figures: ServiceFigures,
    source: str,
    figure_import: FigureImport | None = None,
) -> bool:
    """Store one service's day; True when it replaced a stored one."""
    row = OfferingDay.objects.filter(offering=offering, date=day).first()
    replaced = row is not None
    if row is None:
        row = OfferingDay(offering=offering, date=day)
    row.visitors = figures.visitors
    row.transactions = figures.transactions
    row.wait_minutes = figures.wait_minutes
    row.service_minutes = figures.service_minutes
    if figures.hourly is not None:
        row.hourly = list(figures.hourly)
    elif not replaced:
        row.hourly = [0] * HOURS
    row.source = source
    row.figure_import = figure_import
    row.save()
    return replaced


def _set_counter_day(
    counter: Counter,
    day: dt.date,
    figures: CounterFigures,
    source: str,
    figure_import: FigureImport | None = None,
) -> bool:
    row = CounterDay.objects.filter(counter=counter, date=day).first()
    replaced = row is not None
    if row is None:
        row = CounterDay(counter=counter, date=day)
    row.opened_at = figures.opened_at
    row.closed_at = figures.closed_at
    row.staff = figures.staff
    row.source = source
    row.figure_import = figure_import
    row.save()
    return replaced


def record_day(
    mpp: Mpp,
    *,
    actor: User | None,
    day: dt.date,
    services: Mapping[Offering, ServiceFigures | None],
    counters: Mapping[Counter, CounterFigures | None],
) -> None:
    """Set (or, for None, clear) the figures of the given services and counters of `mpp` on
    `day`, entered by hand; the day's aggregates follow. Refused whole when one is wrong."""
    for offering in services:
        if offering.tenant.mpp_id != mpp.pk:
            raise ValidationError(_("A service of another MPP."))
    for counter in counters:
        if counter.tenant.mpp_id != mpp.pk:
            raise ValidationError(_("A counter of another MPP."))
    for service_figures in services.values():
        if service_figures is not None:
            _check_service(service_figures)
    for counter_figures in counters.values():
        if counter_figures is not None:
            _check_counter(counter_figures)
    with transaction.atomic():
        for offering, figures in services.items():
            if figures is None:
                OfferingDay.objects.filter(offering=offering, date=day).delete()
            else:
                _set_offering_day(offering, day, figures, Source.MANUAL)
        for counter, counter_figures in counters.items():
            if counter_figures is None:
                CounterDay.objects.filter(counter=counter, date=day).delete()
            else:
                _set_counter_day(counter, day, counter_figures, Source.MANUAL)
        aggregates.refresh_days(mpp, {day})


def import_figures(
    mpp: Mpp,
    *,
    actor: User | None,
    parsed: ParsedFigures,
    filename: str,
    sha256: str,
) -> Imported:
    """Store every figure of a checked file, or nothing: a file with any problem is refused,
    and so is a file imported before for this MPP (same SHA-256). A service's or counter's day
    in the file replaces the one stored (by hand or by an earlier import)."""
    if not parsed.ok:
        raise ValidationError(_("The file has errors; nothing was imported."))
    earlier = FigureImport.objects.filter(mpp=mpp, sha256=sha256).first()
    if earlier is not None:
        raise DuplicateImport(earlier)
    days = {day for _, day in parsed.services} | {day for _, day in parsed.counters}
    with transaction.atomic():
        record = FigureImport.objects.create(
            mpp=mpp,
            sha256=sha256,
            filename=filename[:200],
            rows=parsed.rows,
            first_day=min(days),
            last_day=max(days),
            imported_by=actor if actor is not None and actor.pk else None,
        )
        result = Imported(record, days=days)
        for (offering, day), figures in parsed.services.items():
            result.replaced += _set_offering_day(offering, day, figures, Source.IMPORT, record)
            result.services += 1
        for (counter, day), counter_figures in parsed.counters.items():
            result.replaced += _set_counter_day(
                counter, day, counter_figures, Source.IMPORT, record
            )
            result.counters += 1
        aggregates.refresh_days(mpp, days)
    return result
