"""Reads for the survey pages, reports and recaps. Everything here reads the pre-aggregated
tables (`PeriodResult`, `SurveyTally`), never the raw responses — except the listings of
responses themselves, which are paginated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from prima.lib.http import absolute_url
from prima.lib.masking import mask_identifiers
from prima.registry import unit_tasks
from prima.surveys import aggregates, ikm, questionnaire
from prima.surveys.access import published_periods
from prima.surveys.models import (
    ELEMENT_KEYS,
    ExtraQuestion,
    FollowUpAction,
    PeriodResult,
    Publication,
    SurveyPeriod,
    SurveyResponse,
    SurveyTarget,
    UnitSurveySettings,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from prima.registry.models import Service, ServiceUnit


def element_order(unit: ServiceUnit) -> tuple[str, ...]:
    """The order the unit asks the nine elements in (the sample questionnaire's by default)."""
    settings_row = UnitSurveySettings.objects.filter(unit=unit).first()
    return settings_row.order if settings_row else questionnaire.DEFAULT_ORDER


# --- the citizen's form ---------------------------------------------------------------------
@dataclass(frozen=True)
class CitizenForm:
    """What the citizen's questionnaire of a unit needs, read in one go: the unit (with its
    agency and region), its offered services, the question order and extra questions, and
    the periods that are taking answers."""

    unit: ServiceUnit
    services: tuple[Service, ...]
    order: tuple[str, ...]
    extra_questions: list[ExtraQuestion]
    periods: tuple[SurveyPeriod, ...]

    def service(self, pk: int) -> Service | None:
        return next((s for s in self.services if s.pk == pk), None)

    def open_period(self, service: Service | None, today: dt.date) -> SurveyPeriod | None:
        return choose_open_period(self.periods, service, today)


def choose_open_period(
    periods: Iterable[SurveyPeriod], service: Service | None, today: dt.date
) -> SurveyPeriod | None:
    """The period a citizen's answer goes to on `today` (the unit's local date): one for the
    service received if the unit runs one, otherwise the unit's own."""
    chosen = None
    for period in periods:
        if not (period.accepting and period.starts_on <= today <= period.ends_on):
            continue
        if period.service_id is not None and (service is None or period.service_id != service.pk):
            continue
        if chosen is None or (period.service_id is not None and chosen.service_id is None):
            chosen = period
    return chosen


def citizen_form_key(code: str) -> str:
    return f"skm-citizen-form:{code}"


def citizen_form(code: str) -> CitizenForm:
    """The citizen's form of the listed unit `code` (Http404 if there is none).

    Every form drawn and every answer sent reads it, and the five queries behind it were most
    of an answer's cost (benchmarks/skm.py), so it is kept in the shared cache for
    PRIMA_CITIZEN_FORM_CACHE_SECONDS. A change to anything it holds clears it at once
    (`forget_citizen_forms`, connected in apps.py). Storing an answer checks again that its
    period is open (submission.submit_response), so even a stale copy never files an answer into
    a closed period.
    """
    from django.core.cache import cache

    from prima.registry.access import get_public_unit

    key = citizen_form_key(code)
    found = cache.get(key)
    if isinstance(found, CitizenForm):
        return found
    unit = get_public_unit(code)
    # Indonesia's zones are ahead of UTC: no unit's today is before UTC's today.
    periods = tuple(
        SurveyPeriod.objects.filter(
            unit=unit, accepting=True, ends_on__gte=timezone.now().date() - dt.timedelta(days=1)
        ).order_by("starts_on", "pk")
    )
    for period in periods:
        period.unit = unit
    found = CitizenForm(
        unit=unit,
        services=tuple(unit.services.filter(is_active=True).order_by("name")),
        order=element_order(unit),
        extra_questions=list(ExtraQuestion.objects.filter(unit=unit, is_active=True)),
        periods=periods,
    )
    cache.set(key, found, timeout=settings.PRIMA_CITIZEN_FORM_CACHE_SECONDS)
    return found


def forget_citizen_forms(sender: Any = None, instance: Any = None, **_kwargs: Any) -> None:
    """Drop the cached citizen forms that a saved or deleted `instance` shows: its unit's,
    or those of every unit of a changed agency or region. Again after the commit, in case a
    form was read from the database in between."""
    from django.core.cache import cache
    from django.db import transaction

    from prima.registry.models import Agency, Region, ServiceUnit

    units = ServiceUnit.objects.all()
    if isinstance(instance, ServiceUnit):
        codes = [instance.code]
    elif isinstance(instance, Agency):
        codes = list(units.filter(agency=instance).values_list("code", flat=True))
    elif isinstance(instance, Region):
        codes = list(
            units.filter(Q(region=instance) | Q(region__parent=instance)).values_list(
                "code", flat=True
            )
        )
    elif getattr(instance, "unit_id", None) is not None:
        codes = list(units.filter(pk=instance.unit_id).values_list("code", flat=True))
    else:
        return
    keys = [citizen_form_key(code) for code in codes]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def survey_path(unit: ServiceUnit, service: Service | None = None) -> str:
    if service is not None:
        return reverse("surveys:respond_service", args=[unit.code, service.pk])
    return reverse("surveys:respond", args=[unit.code])


def survey_url(request: HttpRequest, unit: ServiceUnit, service: Service | None = None) -> str:
    """The absolute address printed in QR codes: PRIMA_PUBLIC_URL if set, else this host."""
    return absolute_url(survey_path(unit, service), request)


def rating_tasks(unit: ServiceUnit, now: dt.datetime) -> list[unit_tasks.Task]:
    """The "rate this service" task on the unit's public page (registry.unit_tasks), in one
    query: the unit's form while a whole-unit period takes answers, otherwise the form of each
    service whose own period does (the choice choose_open_period makes for the form itself),
    otherwise a note that rating is not open now."""
    today = now.astimezone(unit.region.zoneinfo).date()
    periods = (
        SurveyPeriod.objects.filter(
            unit=unit, accepting=True, starts_on__lte=today, ends_on__gte=today
        )
        .select_related("service")
        .order_by("service__name", "pk")
    )
    services: dict[int, Service] = {}
    for period in periods:
        if period.service is None:
            return [
                unit_tasks.Task(
                    unit_tasks.RATE,
                    _("Rate this service"),
                    _("The satisfaction survey: nine short questions, no name asked."),
                    survey_path(unit),
                )
            ]
        if period.service.is_active:
            services.setdefault(period.service.pk, period.service)
    if not services:
        return [
            unit_tasks.Task(
                unit_tasks.RATE,
                _("Rating this service is not open now"),
                _("The unit opens its satisfaction survey for set periods."),
            )
        ]
    return [
        unit_tasks.Task(
            unit_tasks.RATE,
            _("Rate: %(service)s") % {"service": service.name},
            _("The satisfaction survey: nine short questions, no name asked."),
            survey_path(unit, service),
        )
        for service in services.values()
    ]


# --- the IKM as shown everywhere ------------------------------------------------------------
# The quality categories in words: the "kinerja unit" column of the conversion table
# (PermenPANRB 14/2017, Lampiran; docs/regulations.md §1.6). ikm.py keeps the regulation's
# Indonesian words and stays free of Django; these are the same words through the catalogue,
# so an English page says them in English.
GRADE_WORDS: dict[str, Any] = {
    "A": pgettext_lazy("SKM quality", "Very good"),
    "B": pgettext_lazy("SKM quality", "Good"),
    "C": pgettext_lazy("SKM quality", "Less than good"),
    "D": pgettext_lazy("SKM quality", "Not good"),
}


@dataclass(frozen=True)
class IkmSummary:
    """What every page shows beside an IKM: the value, its category, the interval, and
    whether the sample is large enough (docs/regulations.md §1.5–1.7)."""

    period: SurveyPeriod
    respondents: int
    flagged: int
    ikm_rounded: Decimal | None
    mutu: str
    kinerja: str
    ci_low: Decimal | None
    ci_high: Decimal | None
    sample_required: int | None
    sample_met: bool | None

    @property
    def enough_responses(self) -> bool:
        """False when the period's population is known and the sample falls short."""
        return self.sample_met is not False

    @property
    def has_index(self) -> bool:
        return self.ikm_rounded is not None

    @property
    def grade(self) -> str:
        """The category in words ("Baik"), in the page's language."""
        return str(GRADE_WORDS.get(self.mutu, ""))


def summary_of(period: SurveyPeriod, row: PeriodResult | None = None) -> IkmSummary:
    row = row or getattr(period, "result", None)
    method = period.ikm_method
    mutu = row.mutu if row else ""
    kinerja = next((c.kinerja for c in method.categories if c.mutu == mutu), "")
    return IkmSummary(
        period=period,
        respondents=row.respondents if row else 0,
        flagged=row.flagged if row else 0,
        ikm_rounded=row.ikm_rounded if row else None,
        mutu=mutu,
        kinerja=kinerja,
        ci_low=row.ci_low if row else None,
        ci_high=row.ci_high if row else None,
        sample_required=row.sample_required if row else None,
        sample_met=row.sample_met if row else None,
    )


# Whole-unit periods first, then the latest.
LATEST_FIRST = (F("service").asc(nulls_first=True), "-ends_on", "-pk")


def latest_published(unit: ServiceUnit) -> IkmSummary | None:
    """The unit's most recent published result, whole-unit periods first (one row: the
    citizen's thank-you page reads it)."""
    period = (
        published_periods()
        .filter(unit=unit)
        .select_related("result", "service")
        .order_by(*LATEST_FIRST)
        .first()
    )
    return summary_of(period) if period else None


def latest_published_by_unit(unit_ids: Iterable[int]) -> dict[int, IkmSummary]:
    """latest_published for many units in one query: unit id → its latest result."""
    periods = (
        published_periods()
        .filter(unit_id__in=list(unit_ids))
        .select_related("result", "service")
        .order_by("unit_id", *LATEST_FIRST)
    )
    found: dict[int, IkmSummary] = {}
    for period in periods:
        if period.unit_id not in found:
            found[period.unit_id] = summary_of(period)
    return found


# --- "you said, we did": the public results page --------------------------------------------
@dataclass(frozen=True)
class PublicFollowUp:
    """One action of a period's follow-up plan as anyone may read it: what was found and done,
    its status and dates. Not the officer responsible (often a person's name) nor the evidence
    (internal documents); the texts with ID numbers, phone numbers and e-mail addresses
    masked."""

    element: str  # the element it answers, in words; "" when none was given
    problem: str
    action: str
    status: str  # FollowUpAction.Status
    status_label: str
    deadline: dt.date
    completed_on: dt.date | None

    @classmethod
    def of(cls, row: FollowUpAction) -> PublicFollowUp:
        return cls(
            element=questionnaire.element_title(row.element) if row.element else "",
            problem=mask_identifiers(row.problem),
            action=mask_identifiers(row.action),
            status=row.status,
            status_label=str(row.get_status_display()),
            deadline=row.deadline,
            completed_on=row.completed_on,
        )


@dataclass
class PublicPeriod:
    """One published period as the public results page shows it."""

    summary: IkmSummary
    elements: list[ElementRow]  # in the unit's questionnaire order
    weakest: list[ElementRow]  # the lowest scores, lowest first (the follow-up's priorities)
    followups: list[PublicFollowUp]
    followup: FollowUpScore
    suggestions: list[str]

    @property
    def period(self) -> SurveyPeriod:
        return self.summary.period


WEAKEST_SHOWN = 3


def weakest_elements(rows: list[ElementRow], *, count: int = WEAKEST_SHOWN) -> list[ElementRow]:
    """The answered elements with the `count` lowest scores (weakest first, as element_rows
    sorts them): every element that scores as low as the `count`-th lowest, so that equal
    scores are marked alike, and none that scores as high as the best — when every element
    scores the same, none is weaker than another."""
    answered = [row for row in rows if row.nrr is not None]
    if not answered:
        return []
    best = max(row.nrr for row in answered if row.nrr is not None)
    weaker = [row for row in answered if row.nrr is not None and row.nrr < best]
    if len(weaker) <= count:
        return weaker
    cut = weaker[count - 1].nrr
    return [row for row in weaker if row.nrr is not None and cut is not None and row.nrr <= cut]


def public_results(unit: ServiceUnit) -> list[PublicPeriod]:
    """The unit's published periods, newest first, with what service users said (the index,
    each element's score and category, published suggestions) and what the unit did about it
    (the follow-up plan and how far it is done) — PermenPANRB 14/2017 asks units to publish
    both. Reads the stored results, never the responses (save the latest suggestions of the
    periods that publish them): three queries, plus one per such period."""
    periods = list(
        published_periods()
        .filter(unit=unit)
        .select_related("result", "service")
        .prefetch_related("followups")
        .order_by("-ends_on", "-pk")
    )
    order = element_order(unit) if periods else questionnaire.DEFAULT_ORDER
    shown = []
    for period in periods:
        period.unit = unit
        ranked = element_rows(aggregates.result_of(period), order)
        followups = sorted(period.followups.all(), key=lambda f: (f.deadline, f.pk))
        shown.append(
            PublicPeriod(
                summary=summary_of(period),
                elements=sorted(ranked, key=lambda row: row.position),
                weakest=weakest_elements(ranked),
                followups=[PublicFollowUp.of(row) for row in followups],
                followup=followup_score(period, followups),
                suggestions=published_suggestions(period),
            )
        )
    return shown


def published_suggestions(period: SurveyPeriod, *, limit: int = 10) -> list[str]:
    """The latest suggestions of a published period that publishes them, masked (ID numbers,
    phone numbers and e-mail addresses); never the text as written."""
    if not (period.is_published and period.publish_suggestions):
        return []
    from prima.surveys.models import SurveyResponse

    return list(
        SurveyResponse.objects.filter(period=period, is_flagged=False)
        .exclude(suggestion_masked="")
        .order_by("-submitted_at", "-pk")
        .values_list("suggestion_masked", flat=True)[:limit]
    )


def latest_suggestions_for_staff(period: SurveyPeriod, limit: int = 10) -> list[str]:
    """The newest suggestions of counted answers for the unit's staff: as written, or masked
    once the retention period removed the text as written (see with_suggestion_shown)."""
    shown = with_suggestion_shown(SurveyResponse.objects.filter(period=period, is_flagged=False))
    return list(
        shown.exclude(suggestion_shown="")
        .order_by("-submitted_at", "-pk")
        .values_list("suggestion_shown", flat=True)[:limit]
    )


# --- one period -----------------------------------------------------------------------------
@dataclass
class ElementRow:
    key: str
    position: int  # U1 … U9 in the unit's order
    title: str
    n: int
    nrr: Decimal | None  # 3 decimals, for display
    value: Decimal | None  # NRR × 25, rounded half-up to 2 decimals
    mutu: str
    distribution: tuple[int, ...]

    @property
    def grade(self) -> str:
        return str(GRADE_WORDS.get(self.mutu, ""))

    @property
    def question(self) -> str:
        """What the questionnaire asked about the element, in plain words."""
        return str(questionnaire.ELEMENTS[self.key].question)


@dataclass
class TrendPoint:
    period: SurveyPeriod
    ikm_rounded: Decimal | None
    mutu: str
    target: Decimal | None
    enough: bool


@dataclass
class PeriodReport:
    period: SurveyPeriod
    summary: IkmSummary
    result: ikm.Result
    elements: list[ElementRow]  # weakest first
    order: tuple[str, ...]
    trend: list[TrendPoint]
    target: Decimal | None
    profile: dict[str, list[tuple[str, int]]]
    followups: list[FollowUpAction] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    followup_score: FollowUpScore | None = None


def _three(value: Any) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_UP
    )


def element_rows(result: ikm.Result, order: tuple[str, ...]) -> list[ElementRow]:
    """The nine elements, weakest (lowest NRR) first; unanswered elements last."""
    rows = []
    for key in order:
        element = result.elements[key]
        rows.append(
            ElementRow(
                key=key,
                position=order.index(key) + 1,
                title=questionnaire.element_title(key),
                n=element.n,
                nrr=_three(element.nrr),
                value=element.value_rounded,
                mutu=element.category.mutu if element.category else "",
                distribution=element.distribution,
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.nrr is None, result.elements[r.key].nrr or 0, r.position),
    )


def _profile_tables(
    row: PeriodResult | None, unit: ServiceUnit
) -> dict[str, list[tuple[str, int]]]:
    profile = (row.profile if row else None) or {}
    labels: dict[str, dict[str, str]] = {
        "sex": {k: str(v) for k, v in questionnaire.SEX_CHOICES},
        "education": {k: str(v) for k, v in questionnaire.EDUCATION_CHOICES},
        "occupation": {k: str(v) for k, v in questionnaire.OCCUPATION_CHOICES},
        "service": {str(s.pk): s.name for s in unit.services.all()},
        "channel": {k: str(v) for k, v in SurveyResponse.Channel.choices},
    }
    tables: dict[str, list[tuple[str, int]]] = {}
    for name in aggregates.PROFILE_FIELDS:
        counts = profile.get(name, {})
        if name == "age_band":
            order = [*questionnaire.age_band_labels(), ""]
            items = [(band, counts.get(band, 0)) for band in order if counts.get(band)]
        else:
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        names = labels.get(name, {})
        tables[name] = [
            (names.get(value, value) if value else "—", count) for value, count in items
        ]
    return tables


def trend_of(period: SurveyPeriod) -> list[TrendPoint]:
    """The IKM of the unit's periods of the same scope, oldest first, with each year's target."""
    periods = list(
        SurveyPeriod.objects.filter(unit=period.unit, service=period.service)
        .select_related("result")
        .order_by("starts_on", "pk")
    )
    targets = dict(SurveyTarget.objects.filter(unit=period.unit).values_list("year", "target"))
    points = []
    for p in periods:
        summary = summary_of(p)
        points.append(
            TrendPoint(
                period=p,
                ikm_rounded=summary.ikm_rounded,
                mutu=summary.mutu,
                target=targets.get(p.year),
                enough=summary.enough_responses,
            )
        )
    return points


def period_report(period: SurveyPeriod) -> PeriodReport:
    row = getattr(period, "result", None)
    result = aggregates.result_of(period)
    order = element_order(period.unit)
    target = (
        SurveyTarget.objects.filter(unit=period.unit, year=period.year)
        .values_list("target", flat=True)
        .first()
    )
    followups = list(period.followups.order_by("deadline", "pk"))
    return PeriodReport(
        period=period,
        summary=summary_of(period, row),
        result=result,
        elements=element_rows(result, order),
        order=order,
        trend=trend_of(period),
        target=target,
        profile=_profile_tables(row, period.unit),
        followups=followups,
        publications=list(period.publications.order_by("published_on", "pk")),
        followup_score=followup_score(period, followups),
    )


# --- follow-up and publication, as PEKPPP scores them ---------------------------------------
@dataclass(frozen=True)
class FollowUpScore:
    planned: int
    done: int
    share_done: Decimal | None  # percent, 1 decimal
    days_to_complete: int | None  # from the period's end to the last action done
    realisation_score: int  # 0–5, offered as the evidence slot surveys.followup_realised
    speed_score: int  # 0–5, offered as surveys.followup_speed


def realisation_score(planned: int, done: int) -> int:
    """The PEKPPP scale of follow-up done (docs/regulations.md §1.8): 0 no follow-up plan; 1 plan
    not carried out; 2 under 30% done; 3 30–80%; 4 over 80%; 5 all done."""
    if planned == 0:
        return 0
    if done == 0:
        return 1
    if done == planned:
        return 5
    share = Decimal(done * 100) / planned
    if share < 30:
        return 2
    if share <= 80:
        return 3
    return 4


def speed_score(days: int | None) -> int:
    """The PEKPPP scale of follow-up speed (docs/regulations.md §1.8): how soon after the report
    every action was done — 5 within a month, 4 three months, 3 six, 2 nine, 1 a year, 0 not
    (yet) done. Months are counted as 30 days, a year as 365."""
    if days is None:
        return 0
    for limit, score in ((30, 5), (91, 4), (182, 3), (273, 2), (365, 1)):
        if days <= limit:
            return score
    return 0


def followup_score(period: SurveyPeriod, followups: Iterable[FollowUpAction]) -> FollowUpScore:
    active = [f for f in followups if f.status != FollowUpAction.Status.CANCELLED]
    done = [f for f in active if f.status == FollowUpAction.Status.DONE and f.completed_on]
    planned = len(active)
    share = (
        (Decimal(len(done) * 100) / planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if planned
        else None
    )
    days = None
    if planned and len(done) == planned:
        last = max(f.completed_on for f in done if f.completed_on)
        days = max(0, (last - period.ends_on).days)
    return FollowUpScore(
        planned=planned,
        done=len(done),
        share_done=share,
        days_to_complete=days,
        realisation_score=realisation_score(planned, len(done)),
        speed_score=speed_score(days),
    )


def publication_media_count(period: SurveyPeriod) -> int:
    """Distinct media the results were published on (PEKPPP counts media)."""
    return period.publications.values("medium").distinct().count()


# --- recaps ---------------------------------------------------------------------------------
def recap_rows(
    scope: QuerySet[Any] | None, *, year: int, province: str = "", agency_id: int | None = None
) -> QuerySet[PeriodResult]:
    """One result per unit for `year`: the whole-unit period that ends last in the year
    (a unit surveyed per semester is ranked by its latest semester; `in_recap` marks it).
    `scope` limits the units (None: every unit, for national readers)."""
    rows = PeriodResult.objects.filter(year=year, in_recap=True)
    if scope is not None:
        rows = rows.filter(unit__in=scope)
    if province:
        from prima.registry.models import Region

        rows = rows.filter(
            region__in=Region.objects.filter(Q(code=province) | Q(parent_id=province))
        )
    if agency_id:
        rows = rows.filter(agency_id=agency_id)
    # The sums behind each index are not shown in a recap, and are most of a row's width.
    return rows.select_related("period", "unit", "agency", "region").defer("moments", "profile")


@dataclass(frozen=True)
class RecapSummary:
    units: int
    with_index: int
    mean_ikm: Decimal | None
    by_mutu: dict[str, int]
    sample_met: int
    respondents: int


@dataclass(frozen=True)
class RecapOverview:
    summary: RecapSummary
    by_province: list[dict[str, Any]]  # provinces ranked by their units' mean IKM


def _mean(total: Any, count: int) -> Decimal | None:
    if not count or total is None:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def recap_overview(rows: QuerySet[PeriodResult]) -> RecapOverview:
    """The recap's totals and its provinces, from one grouped scan of the results (the
    national figures are the provinces' summed up: counts and exact sums of the stored IKM,
    divided once)."""
    from prima.registry.models import Region

    grades = ("A", "B", "C", "D")
    grouped: list[dict[str, Any]] = [
        dict(group)
        for group in rows.annotate(province=Substr("region_id", 1, 2))
        .order_by()
        .values("province")
        .annotate(
            units=Count("pk"),
            with_index=Count("pk", filter=Q(ikm__isnull=False)),
            ikm_sum=Sum("ikm"),
            met=Count("pk", filter=Q(sample_met=True)),
            respondents=Sum("respondents"),
            **{f"mutu_{m}": Count("pk", filter=Q(mutu=m)) for m in grades},
        )
    ]
    with_index = sum(g["with_index"] for g in grouped)
    ikm_sum = sum((Decimal(g["ikm_sum"]) for g in grouped if g["ikm_sum"] is not None), Decimal(0))
    summary = RecapSummary(
        units=sum(g["units"] for g in grouped),
        with_index=with_index,
        mean_ikm=_mean(ikm_sum, with_index),
        by_mutu={m: sum(g[f"mutu_{m}"] for g in grouped) for m in grades},
        sample_met=sum(g["met"] for g in grouped),
        respondents=sum(g["respondents"] or 0 for g in grouped),
    )
    names = {r.code: r.display_name for r in Region.objects.filter(level=1)}
    provinces = [
        {
            "code": g["province"],
            "name": names.get(g["province"], g["province"]),
            "units": g["with_index"],
            "mean": _mean(g["ikm_sum"], g["with_index"]),
        }
        for g in grouped
        if g["with_index"]
    ]
    provinces.sort(key=lambda g: (-g["mean"], g["code"]))
    return RecapOverview(summary=summary, by_province=provinces)


@dataclass(frozen=True)
class _Kept:
    at: float  # time.time() when computed
    value: Any


def _kept(key: str, compute: Callable[[], Any]) -> Any:
    """`compute()` kept in the shared cache under `key` for the recap pages: at national scale
    their totals add up every unit's result, and figures a minute old serve a dashboard.

    Figures older than PRIMA_RECAP_CACHE_SECONDS are still shown once, and recomputed after
    that response has been sent (prima.lib.deferred), so no reader waits for the scan; they are
    dropped altogether after ten times that. Only a reader who finds none computes them while
    waiting.
    """
    import time

    from django.core.cache import cache

    from prima.lib.deferred import after_response

    soft = settings.PRIMA_RECAP_CACHE_SECONDS

    def refresh() -> Any:
        value = compute()
        cache.set(key, _Kept(time.time(), value), timeout=soft * 10)
        cache.delete(f"{key}:refreshing")
        return value

    found = cache.get(key)
    if not isinstance(found, _Kept):
        return refresh()
    if time.time() - found.at > soft and cache.add(f"{key}:refreshing", 1, timeout=60):
        after_response(refresh)
    return found.value


def cached_recap_overview(rows: QuerySet[PeriodResult], *, key: str) -> RecapOverview:
    """`recap_overview`, kept under `key` (which must name everything that selects `rows`);
    the ranked list itself is always read live."""
    overview: RecapOverview = _kept(key, lambda: recap_overview(rows.all()))
    return overview


def pooled_elements(rows: QuerySet[PeriodResult]) -> list[ElementRow] | None:
    """The nine elements pooled over the recap's units, weakest first."""
    result = national_elements(rows)
    return element_rows(result, questionnaire.DEFAULT_ORDER) if result else None


def cached_pooled_elements(rows: QuerySet[PeriodResult], *, key: str) -> list[ElementRow] | None:
    """`pooled_elements`, kept as the recap's totals are."""
    elements: list[ElementRow] | None = _kept(
        f"{key}:elements", lambda: pooled_elements(rows.all())
    )
    return elements


def years_with_results(scope: QuerySet[Any] | None) -> list[int]:
    """The years with results, newest first. For every unit (scope None) the years come from
    the recap index, kept in the shared cache for an hour: a new year appears once."""
    from django.core.cache import cache

    if scope is not None:
        rows = PeriodResult.objects.filter(unit__in=scope)
        return list(rows.order_by("-year").values_list("year", flat=True).distinct())
    found = cache.get(aggregates.RECAP_YEARS_KEY)
    if found is None:
        found = list(
            PeriodResult.objects.order_by("-year").values_list("year", flat=True).distinct()
        )
        cache.set(aggregates.RECAP_YEARS_KEY, found, timeout=3600)
    return list(found)


def national_elements(rows: QuerySet[PeriodResult]) -> ikm.Result | None:
    """The pooled NRR of each element over the recap's periods (all their respondents), to
    show which elements are weakest across many units. Reads the answer counts."""
    from prima.surveys.models import SurveyTally

    sums = (
        SurveyTally.objects.filter(period_id__in=rows.values("period_id"))
        .order_by()
        .values("element", "answer")
        .annotate(total=Sum("count"))
    )
    tally = ikm.Tally()
    found = False
    for item in sums:
        if item["element"] in ELEMENT_KEYS:
            tally.counts[item["element"]][item["answer"] - 1] += item["total"]
            found = True
    return tally.result() if found else None


def today_in(unit: ServiceUnit) -> dt.date:
    from django.utils import timezone

    return timezone.now().astimezone(unit.region.zoneinfo).date()


def with_suggestion_shown(responses: QuerySet[SurveyResponse]) -> QuerySet[Any]:
    """Annotate `suggestion_shown`: the suggestion as written, or — once the retention period
    removed that (prima.privacy.retention, survey_suggestions) — its masked form, which is
    kept. Staff read this; the public pages read the masked form only."""
    return responses.annotate(
        suggestion_shown=Case(
            When(suggestion="", then=F("suggestion_masked")), default=F("suggestion")
        )
    )
