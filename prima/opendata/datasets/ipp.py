"""The PEKPPP evaluation as open data (issue 21): the public-service index (IPP) of every unit
lokus of every published cycle, with its category and its aspect scores.

A cycle's results are final and shown to every reader once the cycle is published
(prima.evaluation.access.lokus_in_view); before that they are provisional and are not here.
As everywhere the public sees results, only lokus of listed units (the unit and its agency
active: prima.registry.access.PUBLIC_UNITS) appear. The values are the ones the module keeps
on the lokus (prima.evaluation.actions.refresh_result), never recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from prima.evaluation import instrument as instruments
from prima.evaluation.models import IPP_SCHEMES, Cycle, Lokus
from prima.opendata import schema as s
from prima.opendata.datasets import DATASETS
from prima.opendata.datasets import registry as code_lists
from prima.registry.access import public_units

CHUNK = 2000
RESULTS = "ipp_results"


def _instruments() -> list[instruments.Instrument]:
    """The instruments a cycle may use (actions.create_cycle refuses any other), oldest first."""
    return [
        instruments.built_in(code)
        for code in reversed(instruments.built_in_codes(family="pekppp"))  # never Monev MPP
    ]


def _aspects() -> list[tuple[str, str, str]]:
    """Every aspect of those instruments, once, in the order they first appear: (code, name,
    its weight in the IPP per instrument). An instrument is data (docs/regulations.md §4.7):
    a new file's new aspects become new columns, empty for cycles that do not have them."""
    found: dict[str, tuple[str, list[str]]] = {}
    for used in _instruments():
        for aspect in used.aspects:
            name, weights = found.setdefault(aspect.code, (aspect.name, []))
            weights.append(f"{float(aspect.weight):g}% ({used.code})")
    return [(code, name, ", ".join(weights)) for code, (name, weights) in found.items()]


def _categories() -> list[instruments.Category]:
    seen: dict[str, instruments.Category] = {}
    for used in _instruments():
        for category in used.categories:
            seen.setdefault(category.code, category)
    return list(seen.values())


ASPECTS = _aspects()
CATEGORIES = _categories()


def _scored(year: int | None) -> QuerySet[Lokus]:
    lokus = Lokus.objects.filter(
        # Published national cycles only, as the public national picture shows them; an
        # agency's own (Mandiri) results stay with its staff.
        cycle__status=Cycle.Status.PUBLISHED,
        cycle__scheme=Cycle.Scheme.NASIONAL,
        ipp_rounded__isnull=False,  # as the ranking: a lokus with a result (queries.scored_lokus)
        unit__in=public_units(),
    )
    if year is not None:
        lokus = lokus.filter(cycle__year=year)  # a cycle's results belong to the cycle's year
    return lokus


def _years() -> list[int]:
    years = _scored(None).order_by("cycle__year").values_list("cycle__year", flat=True)
    return sorted(set(years.distinct()))


def _aspect_score(stored: Any) -> Decimal | None:
    """An aspect score as stored: text of a number rounded half up to four decimals."""
    return Decimal(str(stored)) if stored not in (None, "") else None


def _results(year: int | None) -> Iterator[Sequence[Any]]:
    rows = (
        _scored(year)
        .order_by("cycle__year", "cycle_id", "unit__code")
        .values_list(
            "cycle_id",
            "cycle__year",
            "cycle__scheme",
            "cycle__name",
            "cycle__agency__code",
            "cycle__instrument_code",
            "cycle__published_at",
            "unit__code",
            "unit__region_id",
            "kind",
            "mode",
            "ipp_rounded",
            "category",
            "aspect_scores",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK):
        *shown, category, scores = row
        scores = scores or {}
        yield (
            *shown,
            category or None,
            *(_aspect_score(scores.get(code)) for code, _name, _weights in ASPECTS),
        )


def _aspect_field(code: str, name: str, weights: str) -> s.Field:
    return s.Field(
        f"aspect_{code}",
        format_lazy(_("Aspect: {name}"), name=name),
        "number",
        format_lazy(
            _(
                "The lokus's score on the aspect {name}, 0–5: the sum of its indicators' "
                "scores, each times its weight within the aspect (docs/regulations.md §4.5), "
                "rounded half up to four decimals. Its weight in the IPP: {weights}. Empty when "
                "the cycle's instrument has no such aspect."
            ),
            name=name,
            weights=weights,
        ),
        minimum=0,
        maximum=5,
    )


def _category_text() -> str:
    return ", ".join(f"{c.code} {c.label} (≥ {float(c.min):.2f})" for c in CATEGORIES)


RESULT_LIST = s.Resource(
    RESULTS,
    _("IPP per lokus and cycle"),
    _(
        "One row per unit lokus with a result in each published PEKPPP cycle: its public "
        "service index (IPP), category and aspect scores."
    ),
    (
        s.Field(
            "cycle_id",
            _("Evaluation cycle"),
            "integer",
            _("The evaluation cycle's number in Prima; it does not change."),
            required=True,
        ),
        s.Field(
            "cycle_year",
            _("Cycle year"),
            "year",
            _("The year of the evaluation cycle: the year its results belong to."),
            required=True,
        ),
        s.Field(
            "scheme",
            _("Scheme"),
            "string",
            _(
                "nasional: PEKPPP Nasional, lokus chosen by the ministry; mandiri: PEKPPP "
                "Mandiri, an agency evaluating its own units (docs/regulations.md §4.2)."
            ),
            required=True,
            enum=IPP_SCHEMES,
        ),
        s.Field("cycle_name", _("Cycle name"), "string", _("The cycle's name."), True),
        s.Field(
            "evaluating_agency_code",
            _("Evaluating agency"),
            "string",
            _(
                "For a PEKPPP Mandiri cycle, the agency that evaluated its own units: its code "
                "in the agencies list. Empty for PEKPPP Nasional."
            ),
            refers_to=f"{code_lists.AGENCIES}.code",
        ),
        s.Field(
            "instrument",
            _("Instrument"),
            "string",
            _("The code of the PEKPPP instrument the cycle used (its aspects and weights)."),
            required=True,
            enum=tuple(instruments.built_in_codes(family="pekppp")),
        ),
        s.Field(
            "published_at",
            _("Published"),
            "datetime",
            _("When the cycle's results were published."),
        ),
        code_lists.unit_code(),
        code_lists.region_code(),
        s.Field(
            "service_type",
            _("Type of service"),
            "string",
            _("The lokus's type: barang (goods), jasa (services) or administratif."),
            required=True,
            enum=tuple(Lokus.Kind.values),
        ),
        s.Field(
            "mode",
            _("Mode"),
            "string",
            _("luring (face to face) or daring (online): the instrument's variant A or B."),
            required=True,
            enum=tuple(Lokus.Mode.values),
        ),
        s.Field(
            "ipp",
            _("IPP"),
            "number",
            _(
                "The public service index, 0–5: the aspect scores, each times its weight "
                "(docs/regulations.md §4.5), with service users' ratings (F-03) folded in at "
                "the weight the cycle chose, if any; rounded half up to two decimals (§4.6)."
            ),
            required=True,
            minimum=0,
            maximum=5,
        ),
        s.Field(
            "category",
            _("Category"),
            "string",
            format_lazy(
                _(
                    "Read from the rounded IPP by the instrument's table (docs/regulations.md "
                    "§4.6): {categories}."
                ),
                categories=_category_text(),
            ),
            required=True,
            enum=tuple(c.code for c in CATEGORIES),
        ),
        *(_aspect_field(code, name, weights) for code, name, weights in ASPECTS),
    ),
    key=("cycle_id", "unit_code"),
    rows=_results,
)

IPP = DATASETS.add(
    s.Dataset(
        name="ipp",
        title=_("Public service index (IPP) of the PEKPPP evaluation"),
        description=_(
            "The public service index (IPP, 0–5) of every service unit evaluated (unit lokus) "
            "in each published PEKPPP cycle under PermenPANRB 29/2022, with its category and "
            "its score on each aspect of the instrument."
        ),
        producer=_("The evaluators of the PEKPPP cycles"),
        steward=_("The ministry's evaluation administrators"),
        frequency="annual",
        theme=s.GOVERNMENT,
        keywords=(_("public service"), "PEKPPP", "IPP", _("evaluation")),
        resources=(RESULT_LIST,),
        years=_years,
        code_lists=(
            code_lists.COORDINATION,
            code_lists.REGIONS,
            code_lists.AGENCIES,
            code_lists.UNITS,
        ),
        definitions=(
            (
                "IPP",
                _(
                    "Indeks Pelayanan Publik: the result of the PEKPPP evaluation of a unit, "
                    "0–5 (PermenPANRB 29/2022, amended by 4/2023)."
                ),
            ),
            (
                "Lokus",
                _("A service unit evaluated in a cycle (unit lokus)."),
            ),
            (
                _("Published cycle"),
                _(
                    "A cycle whose results the organiser has published; results of cycles "
                    "still being scored or verified are provisional and not in this dataset."
                ),
            ),
        ),
        order=20,
    )
)
