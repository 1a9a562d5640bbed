"""The SKM as open data (issue 21): the published result of every survey period — the IKM, its
category, the respondents counted and the sample, and the NRR of each of the nine elements —
and the masked suggestions of the periods whose unit chose to publish them.

Only what the public pages and the API already show (prima.surveys.access.published_periods:
periods whose results the unit published, of listed units). Every number is read from the
module's stored aggregates (PeriodResult and its sums), which count no flagged response; no
response-level data leaves Prima except a suggestion, masked, where the unit publishes them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.opendata.datasets import registry as code_lists
from prima.surveys import ikm, questionnaire
from prima.surveys.access import published_periods
from prima.surveys.models import ELEMENT_KEYS, SurveyPeriod, SurveyResponse

CHUNK = 2000
RESULTS = "skm_results"
SUGGESTIONS = "skm_suggestions"
NRR_PLACES = 3  # as the unit's SKM report shows them (prima.surveys.queries.element_rows)


def _published(year: int | None) -> QuerySet[SurveyPeriod]:
    periods = published_periods()
    if year is not None:
        # A period counts in the year its last day falls in: PeriodResult.year =
        # SurveyPeriod.year = ends_on.year, the year of the recaps, the national picture and
        # the API's `year` filter (prima.surveys.aggregates.ensure_result, mark_recap).
        periods = periods.filter(ends_on__year=year)
    return periods


def _years() -> list[int]:
    return sorted({day.year for day in published_periods().dates("ends_on", "year")})


def nrr_by_element(moments: dict[str, Any] | None) -> list[Any]:
    """The NRR of the nine elements (in ELEMENT_KEYS order) from a period's stored sums, by the
    module's own computation (ikm.Tally), rounded half-up to NRR_PLACES; None for an element
    nobody answered."""
    if not moments:
        return [None] * len(ELEMENT_KEYS)
    elements = ikm.Tally.from_json(moments).result(interval=False).elements
    found = []
    for key in ELEMENT_KEYS:
        element = elements.get(key)
        nrr = element.nrr if element is not None else None
        found.append(ikm.round_half_up(nrr, NRR_PLACES) if nrr is not None else None)
    return found


def _results(year: int | None) -> Iterator[Sequence[Any]]:
    rows = (
        _published(year)
        .order_by("ends_on", "unit__code", F("service_id").asc(nulls_first=True), "pk")
        .values_list(
            "pk",
            "unit__code",
            "unit__region_id",
            "service_id",
            ExtractYear("ends_on"),
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "method",
            "results_published_at",
            "population",
            Coalesce("result__respondents", 0),
            "result__sample_required",
            "result__sample_met",
            "result__ikm_rounded",
            NullIf("result__mutu", Value("")),
            "result__ci_low",
            "result__ci_high",
            Coalesce("result__in_recap", False),
            "result__moments",
        )
    )
    for *shown, moments in rows.iterator(chunk_size=CHUNK):
        yield (*shown, *nrr_by_element(moments))


def _suggestions(year: int | None) -> Iterator[Sequence[Any]]:
    """The masked suggestions of counted responses, in the order they were given (to the hour,
    then as stored), numbered from 1 within each period."""
    rows = (
        SurveyResponse.objects.filter(
            period__in=_published(year).filter(publish_suggestions=True), is_flagged=False
        )
        .exclude(suggestion_masked="")
        .order_by("period_id", "submitted_at", "pk")
        .values_list("period_id", "suggestion_masked")
    )
    period, number = None, 0
    for period_id, text in rows.iterator(chunk_size=CHUNK):
        number = number + 1 if period_id == period else 1
        period = period_id
        yield period_id, number, text


def _nrr_field(position: int, key: str) -> s.Field:
    return s.Field(
        f"nrr_{key}",
        format_lazy(
            _("NRR U{number} {element}"),
            number=position,
            element=questionnaire.ELEMENTS[key].title,
        ),
        "number",
        format_lazy(
            _(
                "The element's mean answer (nilai rata-rata, 1–4): the sum of the answers "
                "given to it divided by their number, blanks left out (docs/regulations.md "
                "§1.5), rounded half up to three decimals. U{number} is its place in the "
                "regulation's sample questionnaire, whatever order the unit asked in; the IKM "
                "is computed from the exact values, not from these. Empty when nobody "
                "answered it."
            ),
            number=position,
        ),
        minimum=1,
        maximum=4,
    )


PERIOD_ID = s.Field(
    "period_id",
    _("Survey period"),
    "integer",
    _("The survey period's number in Prima; it does not change."),
    required=True,
    unique=True,
)

RESULT_LIST = s.Resource(
    RESULTS,
    _("SKM results per survey period"),
    _(
        "One row per survey period whose results the unit published: of the whole unit, or of "
        "one of its services. A unit may survey several periods in a year (semesters, "
        "quarters); in_year_recap marks the one that stands for it in the year."
    ),
    (
        PERIOD_ID,
        code_lists.unit_code(),
        code_lists.region_code(),
        s.Field(
            "service_id",
            _("Service"),
            "integer",
            _("The service surveyed on its own; empty for a period of the whole unit."),
            refers_to=f"{code_lists.SERVICES}.id",
        ),
        s.Field(
            "year",
            _("Year"),
            "year",
            _("The year of the period's last day: the year the result counts in."),
            required=True,
        ),
        s.Field(
            "period_name",
            _("Period name"),
            "string",
            _("The name the unit gave the period (Semester I 2025 …)."),
            required=True,
        ),
        s.Field(
            "period_kind",
            _("Period kind"),
            "string",
            _("year, semester, quarter or custom (other dates)."),
            required=True,
            enum=tuple(SurveyPeriod.Kind.values),
        ),
        s.Field("starts_on", _("First day"), "date", _("The period's first day."), True),
        s.Field("ends_on", _("Last day"), "date", _("The period's last day."), True),
        s.Field(
            "method",
            _("Legal basis"),
            "string",
            _("The regulation the index is computed under (PermenPANRB 14/2017)."),
            required=True,
            enum=tuple(ikm.METHODS),
        ),
        s.Field(
            "published_at",
            _("Published"),
            "datetime",
            _("When the unit published the period's results."),
            required=True,
        ),
        s.Field(
            "population",
            _("Service users in the period"),
            "integer",
            _("The unit's estimate of its service users in the period; empty if not given."),
            minimum=0,
        ),
        s.Field(
            "respondents",
            _("Respondents counted"),
            "integer",
            _(
                "Responses counted in the index. Responses flagged as suspicious (a bot, too "
                "fast, too many from one device, or by a reviewer) are not counted."
            ),
            required=True,
            minimum=0,
        ),
        s.Field(
            "sample_required",
            _("Required sample"),
            "integer",
            _(
                "The Krejcie–Morgan sample for the population (docs/regulations.md §1.7); "
                "empty when the population is not known."
            ),
            minimum=0,
        ),
        s.Field(
            "sample_met",
            _("Sample met"),
            "boolean",
            _(
                "True when every element has at least the required number of answers; empty "
                "when the population is not known."
            ),
        ),
        s.Field(
            "ikm",
            _("IKM"),
            "number",
            _(
                "The Community Satisfaction Index, 25–100: 25 × the mean of the nine elements' "
                "exact NRR, rounded once, half up, to two decimals (docs/regulations.md "
                "§1.5–1.6). Empty while an element has no answer."
            ),
            minimum=25,
            maximum=100,
        ),
        s.Field(
            "mutu",
            _("Quality category"),
            "string",
            _(
                "Read from the rounded IKM (docs/regulations.md §1.6): A Sangat Baik (88.31 "
                "and above), B Baik (76.61), C Kurang Baik (65.00), D Tidak Baik."
            ),
            enum=tuple(c.mutu for c in ikm.CURRENT.categories),
        ),
        s.Field(
            "ci95_low",
            _("95% interval, low"),
            "number",
            _(
                "The lower end of a 95% confidence interval around the IKM: a statistical "
                "estimate shown beside the regulation's number, not part of it."
            ),
            minimum=25,
            maximum=100,
        ),
        s.Field(
            "ci95_high",
            _("95% interval, high"),
            "number",
            _("The upper end of the 95% confidence interval around the IKM."),
            minimum=25,
            maximum=100,
        ),
        s.Field(
            "in_year_recap",
            _("Counts for the unit's year"),
            "boolean",
            _(
                "True for the period that stands for the unit in the year's recap and the "
                "national picture: its whole-unit period that ends last in the year. To compare "
                "units in a year, use these rows only."
            ),
            required=True,
        ),
        *(_nrr_field(i, key) for i, key in enumerate(ELEMENT_KEYS, start=1)),
    ),
    key=("period_id",),
    rows=_results,
)

SUGGESTION_LIST = s.Resource(
    SUGGESTIONS,
    _("SKM suggestions"),
    _(
        "Respondents' suggestions for the periods whose unit chose to publish them, with "
        "identity numbers, telephone numbers and e-mail addresses masked; nothing else about "
        "the respondent. Suggestions of flagged responses are left out."
    ),
    (
        s.Field(
            "period_id",
            _("Survey period"),
            "integer",
            _("The survey period the suggestion was given in (skm_results)."),
            required=True,
            refers_to=f"{RESULTS}.period_id",
        ),
        s.Field(
            "number",
            _("Number"),
            "integer",
            _("The suggestion's place within its period, in the order they were given."),
            required=True,
            minimum=1,
        ),
        s.Field(
            "suggestion",
            _("Suggestion"),
            "string",
            _("The suggestion as written, with identifiers masked."),
            required=True,
        ),
    ),
    key=("period_id", "number"),
    rows=_suggestions,
)

SKM = DATASETS.add(
    s.Dataset(
        name="skm",
        title=_("Community Satisfaction Survey (SKM) results"),
        description=_(
            "The Community Satisfaction Index (IKM) of every published survey period of each "
            "service unit, with its quality category, the respondents counted, the sample, and "
            "the mean answer (NRR) of each of the nine elements of PermenPANRB 14/2017; and "
            "the suggestions units chose to publish, masked."
        ),
        producer=_("The service units that run the survey"),
        steward=_("The ministry's SKM administrators"),
        frequency="daily",
        theme=s.GOVERNMENT,
        keywords=(_("public service"), "SKM", "IKM", _("community satisfaction")),
        resources=(RESULT_LIST, SUGGESTION_LIST),
        years=_years,
        code_lists=(
            code_lists.COORDINATION,
            code_lists.REGIONS,
            code_lists.AGENCIES,
            code_lists.UNITS,
            code_lists.SERVICES,
        ),
        definitions=(
            (
                "IKM",
                _(
                    "Indeks Kepuasan Masyarakat: 25 × the mean of the nine elements' NRR, "
                    "25–100 (PermenPANRB 14/2017)."
                ),
            ),
            (
                "NRR",
                _("Nilai rata-rata: an element's mean answer on the 1–4 scale."),
            ),
            (
                "Mutu",
                _(
                    "The quality category of the IKM: A Sangat Baik, B Baik, C Kurang Baik, "
                    "D Tidak Baik."
                ),
            ),
            (
                _("Published period"),
                _(
                    "A survey period whose results the unit has published in Prima; periods "
                    "not published are not in this dataset."
                ),
            ),
        ),
        order=10,
    )
)
