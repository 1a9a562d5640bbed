"""Who may see and change survey records. Every survey view fetches through here.

A survey period has the rights of its unit (prima.registry.access): staff who read the unit
read its periods and results; its operators and administrators run the survey. Restoring or
flagging a response is for administrators only — the agency's administrators or a national
one — so that a unit's own staff cannot restore answers that were held back from their own
index. The public sees published results of listed units only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from prima.accounts.access import deny
from prima.accounts.scope import scope_for
from prima.registry.access import get_unit_for_user, unit_rights, units_visible_to
from prima.registry.models import ServiceUnit
from prima.surveys.models import FollowUpAction, Kiosk, Publication, SurveyPeriod, SurveyResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from prima.accounts.models import User

    AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class SurveyRights:
    """What a user may do with a unit's survey and its records (periods, responses, the
    follow-up plan, publication records, kiosks)."""

    read: bool
    change: bool  # run the survey: the unit's operators and administrators
    review_responses: bool  # flag and restore responses: administrators only (see above)


def can_review_responses(user: AnyUser, unit: ServiceUnit) -> bool:
    """Flagging and restoring responses: those who administer the unit (its agency's
    administrators and national administrators), never the unit's own operators."""
    return unit_rights(user, unit).administer


def reads_every_unit(user: AnyUser) -> bool:
    """National readers see every unit's results (the recap needs no list of units)."""
    return scope_for(user).national_reader


def periods_visible_to(user: AnyUser) -> QuerySet[SurveyPeriod]:
    return SurveyPeriod.objects.filter(unit__in=units_visible_to(user))


def get_survey_unit_for_user(
    user: AnyUser, code: str, *, write: bool = False
) -> tuple[ServiceUnit, SurveyRights]:
    """The unit `code` whose survey is shown, with its rights: read if the unit is in scope,
    write if the user administers or operates it; otherwise 404 (audited)."""
    unit, rights = get_unit_for_user(user, code, write=write)
    return unit, SurveyRights(
        read=rights.read, change=rights.change, review_responses=rights.administer
    )


def get_period_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[SurveyPeriod, SurveyRights]:
    """A period with its unit's rights: read if the unit is in scope, write if the user
    administers or operates the unit."""
    period = (
        SurveyPeriod.objects.select_related(
            "unit", "unit__agency", "unit__region", "service", "result"
        )
        .filter(pk=pk)
        .first()
    )
    if period is None:
        deny(user, "survey_period", pk, write=write)
    _unit, rights = get_survey_unit_for_user(user, period.unit.code, write=write)
    return period, rights


def get_response_for_review(user: AnyUser, pk: int) -> tuple[SurveyResponse, SurveyRights]:
    """A response to flag or restore: for those who review its unit's responses only."""
    response = (
        SurveyResponse.objects.select_related("period", "unit", "unit__agency")
        .filter(pk=pk)
        .first()
    )
    if response is None or not can_review_responses(user, response.unit):
        deny(user, "survey_response", pk, write=True)
    _unit, rights = get_survey_unit_for_user(user, response.unit.code)
    return response, rights


def get_followup_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[FollowUpAction, SurveyRights]:
    followup = FollowUpAction.objects.select_related("period").filter(pk=pk).first()
    if followup is None:
        deny(user, "followup_action", pk, write=write)
    _period, rights = get_period_for_user(user, followup.period_id, write=write)
    return followup, rights


def get_publication_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Publication, SurveyRights]:
    publication = Publication.objects.select_related("period").filter(pk=pk).first()
    if publication is None:
        deny(user, "publication", pk, write=write)
    _period, rights = get_period_for_user(user, publication.period_id, write=write)
    return publication, rights


def get_kiosk_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Kiosk, SurveyRights]:
    kiosk = Kiosk.objects.select_related("unit").filter(pk=pk).first()
    if kiosk is None:
        deny(user, "kiosk", pk, write=write)
    _unit, rights = get_survey_unit_for_user(user, kiosk.unit.code, write=write)
    return kiosk, rights


PUBLISHED = Q(
    results_published_at__isnull=False, unit__is_active=True, unit__agency__is_active=True
)


def published_periods() -> QuerySet[SurveyPeriod]:
    """Periods whose results the unit has published, of listed units."""
    return SurveyPeriod.objects.filter(PUBLISHED)


def get_published_period(pk: int) -> SurveyPeriod:
    period = (
        published_periods()
        .select_related("unit", "unit__agency", "unit__region", "service", "result")
        .filter(pk=pk)
        .first()
    )
    if period is None:
        raise Http404
    return period
