"""Every write in the innovation registry, each in one transaction, naming who acted.

Registering or editing an innovation confirms its status as of that day, and so does a yearly
sustainability report (which also sets the status); an innovation nobody confirms for a year
shows as unknown (prima.innovation.models.registry.status_on). A replication links the
innovation replicated to the adopting unit and, once it has one, to the adopter's own entry,
which then counts as a replication.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from prima.innovation.models import (
    Innovation,
    InnovationFile,
    Measure,
    Replication,
    SustainabilityReport,
    TeamMember,
)
from prima.innovation.models.registry import Stage
from prima.lib.history import Reason
from prima.lib.history import delete_recorded as _delete
from prima.lib.history import save_recorded as _save

if TYPE_CHECKING:
    from django.core.files.base import File

    from prima.accounts.models import User
    from prima.registry.models import Service, ServiceUnit
    from prima.standards.models import ServiceStandard

# Why each action saved (prima.lib.history): English here, in the reader's language when shown.
REGISTERED = Reason(gettext_noop("innovation registered"))
EDITED = Reason(gettext_noop("innovation edited; status confirmed"))
REPORTED = Reason(gettext_noop("sustainability report %(year)s filed"))
MARKED_REPLICATION = Reason(gettext_noop("marked as a replication"))
PUBLISHED = Reason(gettext_noop("published in the catalogue"))
UNPUBLISHED = Reason(gettext_noop("taken out of the catalogue"))

NO_START = gettext_lazy(
    "Give the day implementation started: only an initiative has not started yet."
)

# The fields of Innovation a form sets (the rest are kept by the actions).
INNOVATION_FIELDS = (
    "title",
    "summary",
    "problem",
    "description",
    "theme",
    "kind",
    "started_on",
    "stage",
    "status",
    "decree_number",
    "decree_date",
    "decree_file",
    "website",
    "jippnas_id",
)


def _check_innovation(innovation: Innovation, today: dt.date) -> None:
    if innovation.stage != Stage.INISIATIF and innovation.started_on is None:
        raise ValidationError(NO_START)
    if innovation.started_on and innovation.started_on > today:
        raise ValidationError(_("Implementation cannot start in the future."))
    if innovation.decree_date and innovation.decree_date > today:
        raise ValidationError(_("The decree cannot be dated in the future."))
    same_title = Innovation.objects.filter(
        unit_id=innovation.unit_id, title__iexact=innovation.title
    ).exclude(pk=innovation.pk)
    if same_title.exists():
        raise ValidationError(_("This unit already has an innovation with this name."))


def _set_links(
    innovation: Innovation,
    services: Iterable[Service],
    standards: Iterable[ServiceStandard],
) -> None:
    services = list(services)
    standards = list(standards)
    if any(service.unit_id != innovation.unit_id for service in services):
        raise ValidationError(_("Choose services of the innovation's own unit."))
    if any(standard.service.unit_id != innovation.unit_id for standard in standards):
        raise ValidationError(_("Choose service standards of the innovation's own unit."))
    innovation.services.set(services)
    innovation.standards.set(standards)


@transaction.atomic
def register_innovation(
    *,
    actor: User,
    unit: ServiceUnit,
    services: Iterable[Service] = (),
    standards: Iterable[ServiceStandard] = (),
    **fields: Any,
) -> Innovation:
    """A new innovation of `unit`, its status confirmed today. `fields` are Innovation fields
    (INNOVATION_FIELDS)."""
    today = timezone.localdate()
    innovation = Innovation(unit=unit, created_by=actor, status_confirmed_on=today, **fields)
    _check_innovation(innovation, today)
    _save(innovation, actor, REGISTERED)
    _set_links(innovation, services, standards)
    return innovation


@transaction.atomic
def update_innovation(
    innovation: Innovation,
    *,
    actor: User,
    services: Iterable[Service] = (),
    standards: Iterable[ServiceStandard] = (),
    **fields: Any,
) -> Innovation:
    """Change an innovation; saving it confirms its status as of today."""
    today = timezone.localdate()
    for name, value in fields.items():
        if name not in INNOVATION_FIELDS:
            raise TypeError(name)
        if name == "decree_file" and value is None:
            continue  # no new file: keep the one stored
        setattr(innovation, name, value or "" if name == "decree_file" else value)
    innovation.status_confirmed_on = today
    _check_innovation(innovation, today)
    _save(innovation, actor, EDITED)
    _set_links(innovation, services, standards)
    return innovation


@transaction.atomic
def publish_innovation(innovation: Innovation, *, actor: User) -> None:
    """Show the innovation in the public catalogue, the API and the open data."""
    if not (innovation.unit.is_active and innovation.unit.agency.is_active):
        raise ValidationError(
            _("The unit is not listed publicly, so its innovations cannot be published.")
        )
    innovation.is_published = True
    _save(innovation, actor, PUBLISHED)


@transaction.atomic
def unpublish_innovation(innovation: Innovation, *, actor: User) -> None:
    innovation.is_published = False
    _save(innovation, actor, UNPUBLISHED)


# --- team, measures, files ------------------------------------------------------------------
@transaction.atomic
def add_team_member(
    innovation: Innovation, *, actor: User, name: str, role: str, position: str = ""
) -> TeamMember:
    member = TeamMember(innovation=innovation, name=name, role=role, position=position)
    _save(member, actor)
    return member


@transaction.atomic
def remove_team_member(member: TeamMember, *, actor: User) -> None:
    _delete(member, actor)


@transaction.atomic
def add_measure(
    innovation: Innovation,
    *,
    actor: User,
    name: str,
    unit_of_measure: str,
    before: Decimal,
    after: Decimal,
    measured_on: dt.date,
    source: str = "",
) -> Measure:
    """A before/after figure; the 'after' is measured once implementation started."""
    if measured_on > timezone.localdate():
        raise ValidationError(_("A measure cannot be taken in the future."))
    if innovation.started_on and measured_on < innovation.started_on:
        raise ValidationError(_("The 'after' figure is measured after implementation started."))
    measure = Measure(
        innovation=innovation,
        name=name,
        unit_of_measure=unit_of_measure,
        before=before,
        after=after,
        measured_on=measured_on,
        source=source,
    )
    _save(measure, actor)
    return measure


@transaction.atomic
def remove_measure(measure: Measure, *, actor: User) -> None:
    _delete(measure, actor)


@transaction.atomic
def add_file(
    innovation: Innovation, *, actor: User, title: str, file: File[Any], is_public: bool = False
) -> InnovationFile:
    entry = InnovationFile(innovation=innovation, title=title, is_public=is_public)
    entry.uploaded_by = actor
    entry.file.save(file.name or "bukti", file, save=False)
    _save(entry, actor)
    return entry


@transaction.atomic
def remove_file(entry: InnovationFile, *, actor: User) -> None:
    stored = entry.file
    _delete(entry, actor)
    transaction.on_commit(lambda: stored.delete(save=False))


# --- sustainability reports -----------------------------------------------------------------
@transaction.atomic
def file_report(
    innovation: Innovation,
    *,
    actor: User,
    year: int,
    status: str,
    file: File[Any] | None = None,
    **fields: Any,
) -> SustainabilityReport:
    """The yearly sustainability report (the PKRI questions). It sets the innovation's status
    and confirms it as of today; one report a year."""
    today = timezone.localdate()
    if year > today.year:
        raise ValidationError(_("Report on this year or an earlier one."))
    if innovation.started_on and year < innovation.started_on.year:
        raise ValidationError(_("The innovation had not started in that year."))
    if innovation.reports.filter(year=year).exists():
        raise ValidationError(_("The report for %(year)s is already filed.") % {"year": year})
    report = SustainabilityReport(
        innovation=innovation,
        year=year,
        reported_on=today,
        status=status,
        reported_by=actor,
        **fields,
    )
    if report.institutionalisation != "none" and not report.legal_basis:
        raise ValidationError(_("Name the rule that anchors the innovation."))
    if report.funded and not report.budget_source:
        raise ValidationError(_("Say where the budget comes from."))
    if file:
        report.file.save(file.name or "laporan", file, save=False)
    _save(report, actor)
    innovation.status = status
    innovation.status_confirmed_on = today
    _save(innovation, actor, REPORTED(year=year))
    return report


# --- replications ---------------------------------------------------------------------------
def _check_replication(replication: Replication) -> None:
    source = replication.source
    if replication.adopter_unit_id == source.unit_id:
        raise ValidationError(_("A unit does not replicate its own innovation."))
    adopter = replication.adopter_innovation
    if adopter is not None:
        if adopter.pk == source.pk:
            raise ValidationError(_("An innovation is not a replication of itself."))
        if adopter.unit_id != replication.adopter_unit_id:
            raise ValidationError(_("The adopter's entry must belong to the adopting unit."))
    if replication.started_on > timezone.localdate():
        raise ValidationError(_("A replication cannot start in the future."))
    taken = Replication.objects.filter(
        source_id=source.pk, adopter_unit_id=replication.adopter_unit_id
    ).exclude(pk=replication.pk)
    if taken.exists():
        raise ValidationError(_("This unit's replication of the innovation is already recorded."))


def _mark_adopter(replication: Replication, actor: User) -> None:
    adopter = replication.adopter_innovation
    if adopter is not None and adopter.kind != Innovation.Kind.REPLICATION:
        adopter.kind = Innovation.Kind.REPLICATION
        _save(adopter, actor, MARKED_REPLICATION)


@transaction.atomic
def record_replication(
    source: Innovation,
    *,
    actor: User,
    adopter_unit: ServiceUnit,
    started_on: dt.date,
    adopter_innovation: Innovation | None = None,
    agreement: str = "",
    agreement_file: File[Any] | None = None,
    adaptation: str = "",
    state: str = Replication.State.PLANNED,
) -> Replication:
    """`adopter_unit` replicates `source`. When the adopter's own entry is given, it becomes
    a replication (kind) linked to its source."""
    replication = Replication(
        source=source,
        adopter_unit=adopter_unit,
        adopter_innovation=adopter_innovation,
        started_on=started_on,
        agreement=agreement,
        adaptation=adaptation,
        state=state,
        recorded_by=actor,
    )
    _check_replication(replication)
    if agreement_file:
        replication.agreement_file.save(agreement_file.name or "pks", agreement_file, save=False)
    _save(replication, actor)
    _mark_adopter(replication, actor)
    return replication


@transaction.atomic
def update_replication(
    replication: Replication,
    *,
    actor: User,
    started_on: dt.date,
    adopter_innovation: Innovation | None = None,
    agreement: str = "",
    agreement_file: File[Any] | None = None,
    adaptation: str = "",
    state: str = Replication.State.PLANNED,
) -> Replication:
    """Change how a replication goes; its two sides stay (record another for another unit)."""
    replication.started_on = started_on
    replication.adopter_innovation = adopter_innovation
    replication.agreement = agreement
    replication.adaptation = adaptation
    replication.state = state
    _check_replication(replication)
    if agreement_file:
        replication.agreement_file.save(agreement_file.name or "pks", agreement_file, save=False)
    _save(replication, actor)
    _mark_adopter(replication, actor)
    return replication
