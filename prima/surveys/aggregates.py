"""The pre-aggregated tables the survey pages read: answer counts per (period, element, answer)
(`SurveyTally`) and one `PeriodResult` per period with the IKM, its interval, the sums behind
it and the respondent profile.

Every write that changes which responses count — a submission, an import, a reviewer flagging
or restoring — calls `apply` inside its own transaction, so the aggregates are never behind.
`rebuild` recomputes them from the responses; a property test proves the two agree
(prima/surveys/tests/test_aggregates.py). Pages never scan raw responses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from prima.lib import changes, db
from prima.surveys import ikm, questionnaire
from prima.surveys.models import (
    ELEMENT_KEYS,
    ClearedProfile,
    PeriodResult,
    SurveyPeriod,
    SurveyResponse,
    SurveyTally,
)

PROFILE_FIELDS = ("sex", "age_band", "education", "occupation", "service", "channel")


def profile_of(response: SurveyResponse | Mapping[str, Any]) -> dict[str, str]:
    """The respondent-profile cells a response adds to: one value per profile field."""

    def get(name: str) -> Any:
        if isinstance(response, Mapping):
            return response.get(name)
        return getattr(response, name)

    service = get("service_id")
    return {
        "sex": get("sex") or "",
        "age_band": questionnaire.age_band(get("age")),
        "education": get("education") or "",
        "occupation": get("occupation") or "",
        "service": str(service) if service else "",
        "channel": get("channel") or "",
    }


def _add_profile(profile: dict[str, dict[str, int]], cells: Mapping[str, str], weight: int) -> None:
    for name, value in cells.items():
        counts = profile.setdefault(name, {})
        counts[value] = counts.get(value, 0) + weight
        if counts[value] == 0:
            del counts[value]
            if not counts:
                del profile[name]


RESULT_FIELDS = (
    "moments",
    "respondents",
    "ikm",
    "ikm_rounded",
    "mutu",
    "ci_low",
    "ci_high",
    "sample_required",
    "sample_met",
)


def _store_result(result_row: PeriodResult, tally: ikm.Tally, population: int | None) -> None:
    result = tally.result(population=population, elements=False)
    result_row.moments = tally.to_json()
    result_row.respondents = tally.respondents
    result_row.ikm = _fixed(result.ikm)
    result_row.ikm_rounded = result.ikm_rounded
    result_row.mutu = result.category.mutu if result.category else ""
    result_row.ci_low, result_row.ci_high = result.ci95 if result.ci95 else (None, None)
    result_row.sample_required = result.sample_required
    result_row.sample_met = result.sample_met


def _fixed(value: Any) -> Any:
    """An exact IKM as the column stores it (10 decimals: for sorting and recaps only; the
    rounded value that decides the category is computed exactly before this)."""
    from decimal import ROUND_HALF_UP, Decimal

    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("1E-10"), rounding=ROUND_HALF_UP
    )


RECAP_YEARS_KEY = "skm-recap-years"  # queries.years_with_results


def forget_recap_years() -> None:
    """A result row was added or moved to another year: the recap's list of years changes."""
    from django.core.cache import cache

    cache.delete(RECAP_YEARS_KEY)
    transaction.on_commit(lambda: cache.delete(RECAP_YEARS_KEY))


def _has_result(period_id: int) -> bool:
    return PeriodResult.objects.filter(pk=period_id).exists()


def ensure_result(period: SurveyPeriod) -> None:
    """Create the period's result row, empty, if it is missing.

    Two first answers to a period can arrive at once: the row is inserted with ON CONFLICT
    DO NOTHING, so the second waits for the first and finds its row instead of failing (and
    losing its citizen's answer with the rolled-back transaction).
    """
    if _has_result(period.pk):
        return
    result = PeriodResult(
        period=period,
        unit_id=period.unit_id,
        agency_id=period.unit.agency_id,
        region_id=period.unit.region_id,
        year=period.year,
        profile={},
    )
    _store_result(result, ikm.Tally(period.ikm_method), period.population)
    if db.insert(result, skip_on_conflict=("period",)):
        mark_recap([(period.unit_id, period.year)])
        forget_recap_years()


def _upsert_tallies(
    period_id: int, deltas: Mapping[tuple[str, int], int], then: tuple[str, list[Any]] | None = None
) -> None:
    """Add `deltas` to the counts: additions in one upsert statement (SQLite ≥ 3.24 and
    PostgreSQL), subtractions as updates of rows that must already exist. `then` is a
    statement to run after them; on PostgreSQL it rides in the upsert's round trip."""
    table = SurveyTally._meta.db_table
    rows = [(period_id, e, a, d) for (e, a), d in deltas.items() if d > 0]
    if rows:
        placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
        upsert = (
            f"INSERT INTO {table} (period_id, element, answer, count) "  # noqa: S608 - our table
            f"VALUES {placeholders} ON CONFLICT (period_id, element, answer) "
            f"DO UPDATE SET count = {table}.count + excluded.count"
        )
        params = [value for row in rows for value in row]
        if then is not None and connection.vendor == "postgresql":
            db.execute(f"WITH tallies AS ({upsert} RETURNING 1) {then[0]}", [*params, *then[1]])
            then = None
        else:
            db.execute(upsert, params)
    for (element, answer), delta in deltas.items():
        if delta < 0:
            db.execute(
                f"UPDATE {table} SET count = count + %s "  # noqa: S608 - our table
                "WHERE period_id = %s AND element = %s AND answer = %s",
                [delta, period_id, element, answer],
            )
    if then is not None:
        db.execute(*then)


def apply(
    period: SurveyPeriod,
    responses: Iterable[SurveyResponse | Mapping[str, Any]],
    *,
    weight: int = 1,
    locked: Mapping[str, Any] | None = None,
) -> None:
    """Count `responses` into the period's aggregates (weight −1 takes them back out).

    Must run inside the caller's transaction; the result row is locked so that concurrent
    submissions to one period queue instead of losing counts. `locked` is the row's
    `moments` and `profile` when the caller has read and locked it already in this
    transaction (the citizen's submission does so in the statement that stores the answer).
    """
    assert transaction.get_connection().in_atomic_block, "apply() needs the caller's transaction"
    # Plain statements rather than ORM queries: this runs in every citizen's submission
    # (benchmarks/skm.py), where compiling the queries cost more than running them.
    stored = locked or db.load(PeriodResult, period.pk, ("moments", "profile"), lock=True)
    if stored is None:
        ensure_result(period)
        stored = db.load(PeriodResult, period.pk, ("moments", "profile"), lock=True)
        assert stored is not None
    row = PeriodResult(period_id=period.pk)
    tally = ikm.Tally.from_json(stored["moments"])
    before = (tally.respondents > 0, _fewest_answers(tally))
    profile: dict[str, dict[str, int]] = stored["profile"] or {}
    deltas: dict[tuple[str, int], int] = {}
    for response in responses:
        answers = (
            {key: response.get(key) for key in ELEMENT_KEYS}
            if isinstance(response, Mapping)
            else response.answers()
        )
        tally.add(answers, weight=weight)
        for key, answer in answers.items():
            if answer is not None:
                deltas[(key, answer)] = deltas.get((key, answer), 0) + weight
        _add_profile(profile, profile_of(response), weight)
    row.profile = profile
    _store_result(row, tally, period.population)
    _upsert_tallies(
        period.pk, deltas, then=db.update_statement(row, (*RESULT_FIELDS, "profile", "updated_at"))
    )
    # The unit's start page and readiness row care whether the period has answers and whether
    # its sample is met; they learn of it only when one of the two changes.
    required = row.sample_required
    was_met = required is not None and before[1] >= required
    if before[0] != (row.respondents > 0) or was_met != bool(row.sample_met):
        changes.units_changed([period.unit_id])


def _fewest_answers(tally: ikm.Tally) -> int:
    """The answers of the element answered least: the sample is met when it reaches the
    required size (ikm.Tally.result)."""
    return min((sum(counts) for counts in tally.counts.values()), default=0)


def change_flag_count(period: SurveyPeriod, delta: int) -> None:
    """Keep the count of flagged responses shown beside the IKM current."""
    from django.db.models import F

    ensure_result(period)
    PeriodResult.objects.filter(pk=period.pk).update(flagged=F("flagged") + delta)


def refresh(period: SurveyPeriod) -> PeriodResult:
    """Recompute the derived fields of a period's result from its stored sums — after the
    period's population or dates change. Reads no responses."""
    with transaction.atomic():
        ensure_result(period)
        row = PeriodResult.objects.select_for_update().get(pk=period.pk)
        old_year = row.year
        row.year = period.year
        row.region_id = period.unit.region_id
        _store_result(row, ikm.Tally.from_json(row.moments), period.population)
        row.save()
        mark_recap([(period.unit_id, old_year), (period.unit_id, period.year)])
        if old_year != period.year:
            forget_recap_years()
        return row


def _sum_expressions(method: ikm.Method) -> dict[str, Any]:
    """The sufficient statistics of ikm.Tally as SQL aggregates over responses: the count of
    each answer to each element, and for each pair of elements the count, the two sums and the
    sum of products over the respondents who answered both. One scan of the responses gives
    them all, exactly (integers)."""
    from django.db.models import Count, F, Sum

    expressions: dict[str, Any] = {"n": Count("id")}
    for key in method.elements:
        for answer in range(method.lowest, method.highest + 1):
            expressions[f"c_{key}_{answer}"] = Count("id", filter=Q(**{key: answer}))
    keys = method.elements
    for i, a in enumerate(keys):
        for j in range(i, len(keys)):
            b = keys[j]
            both = Q(**{f"{a}__isnull": False, f"{b}__isnull": False})
            expressions[f"p_{i}_{j}_n"] = Count("id", filter=both)
            expressions[f"p_{i}_{j}_a"] = Sum(a, filter=both)
            expressions[f"p_{i}_{j}_b"] = Sum(b, filter=both)
            expressions[f"p_{i}_{j}_ab"] = Sum(F(a) * F(b), filter=both)
    return expressions


def _tally_from_sums(method: ikm.Method, sums: Mapping[str, Any]) -> ikm.Tally:
    tally = ikm.Tally(method)
    tally.respondents = sums["n"]
    for key in method.elements:
        tally.counts[key] = [
            sums[f"c_{key}_{answer}"] for answer in range(method.lowest, method.highest + 1)
        ]
    index = 0
    k = len(method.elements)
    for i in range(k):
        for j in range(i, k):
            tally.pairs[index] = [sums[f"p_{i}_{j}_{part}"] or 0 for part in ("n", "a", "b", "ab")]
            index += 1
    return tally


def _age_band_expression() -> Any:
    from django.db.models import Case, CharField, Value, When

    whens = []
    for low, high in questionnaire.AGE_BANDS:
        label = questionnaire.age_band(low if low else high)
        condition = Q(age__gte=low) & (Q(age__lte=high) if high is not None else Q())
        whens.append(When(condition, then=Value(label)))
    return Case(*whens, default=Value(""), output_field=CharField())


def rebuild(periods: Iterable[SurveyPeriod] | None = None, *, chunk_size: int = 2000) -> int:
    """Recompute the aggregates of `periods` (default: every period) from the counted
    responses, replacing what is stored. Returns the number of periods rebuilt.

    The sums are computed by the database in one scan per chunk of periods (no response is
    loaded into Python), then turned into each period's result with the same ikm.Tally the
    incremental path uses, so both give the same integers and the same numbers.
    """
    from django.db.models import Count

    selected = (
        SurveyPeriod.objects.select_related("unit").order_by("pk") if periods is None else periods
    )
    iterator = iter(selected)
    rebuilt = 0
    while True:
        chunk = [period for _, period in zip(range(chunk_size), iterator, strict=False)]
        if not chunk:
            forget_recap_years()
            return rebuilt
        ids = [period.pk for period in chunk]
        counted = SurveyResponse.objects.filter(period_id__in=ids, is_flagged=False).order_by()
        with transaction.atomic():
            by_method: dict[str, list[SurveyPeriod]] = {}
            for period in chunk:
                by_method.setdefault(period.method, []).append(period)
            sums: dict[int, dict[str, Any]] = {}
            for code, members in by_method.items():
                expressions = _sum_expressions(ikm.METHODS[code])
                for found in (
                    counted.filter(period_id__in=[p.pk for p in members])
                    .values("period_id")
                    .annotate(**expressions)
                ):
                    sums[found["period_id"]] = dict(found)
            profiles: dict[int, dict[str, dict[str, int]]] = {pk: {} for pk in ids}
            fields = {
                "sex": "sex",
                "education": "education",
                "occupation": "occupation",
                "service": "service_id",
                "channel": "channel",
            }
            for name, column in fields.items():
                for cell in counted.values("period_id", column).annotate(n=Count("id")):
                    value = cell[column]
                    profiles[cell["period_id"]].setdefault(name, {})[
                        "" if value is None else str(value)
                    ] = cell["n"]
            for cell in (
                counted.annotate(band=_age_band_expression())
                .values("period_id", "band")
                .annotate(n=Count("id"))
            ):
                profiles[cell["period_id"]].setdefault("age_band", {})[cell["band"]] = cell["n"]
            # Profiles cleared at the end of their retention period count as what they were
            # (prima.privacy.erasure): the published profile never moves with a purge.
            for cleared in ClearedProfile.objects.filter(period_id__in=ids, count__gt=0):
                counts = profiles[cleared.period_id].setdefault(cleared.field, {})
                counts[""] = counts.get("", 0) - cleared.count
                counts[cleared.value] = counts.get(cleared.value, 0) + cleared.count
            flagged = dict(
                SurveyResponse.objects.filter(period_id__in=ids, is_flagged=True)
                .order_by()
                .values("period_id")
                .annotate(n=Count("id"))
                .values_list("period_id", "n")
            )
            SurveyTally.objects.filter(period_id__in=ids).delete()
            # Lock the chunk's results (a submission waits), then replace them: deleting and
            # inserting is many times faster than updating thousands of rows column by column.
            rows = {
                row.pk: row
                for row in PeriodResult.objects.select_for_update().filter(period_id__in=ids)
            }
            tallies: list[tuple[int, str, int, int]] = []
            created: list[PeriodResult] = []
            for period in chunk:
                method = period.ikm_method
                tally = (
                    _tally_from_sums(method, sums[period.pk])
                    if period.pk in sums
                    else ikm.Tally(method)
                )
                for key in method.elements:
                    for offset, count in enumerate(tally.counts[key]):
                        if count:
                            tallies.append((period.pk, key, method.lowest + offset, count))
                result = PeriodResult(period=period, in_recap=False)
                if period.pk in rows:
                    result.in_recap = rows[period.pk].in_recap
                created.append(result)
                result.profile = {
                    name: {value: n for value, n in sorted(counts.items()) if n}
                    for name, counts in sorted(profiles[period.pk].items())
                }
                result.flagged = flagged.get(period.pk, 0)
                result.unit_id = period.unit_id
                result.agency_id = period.unit.agency_id
                result.region_id = period.unit.region_id
                result.year = period.year
                _store_result(result, tally, period.population)
            PeriodResult.objects.filter(period_id__in=ids).delete()
            PeriodResult.objects.bulk_create(created, batch_size=1000)
            _insert_tallies(tallies)
            mark_recap({(period.unit_id, period.year) for period in chunk})
        rebuilt += len(chunk)


def tallies_by_service(period: SurveyPeriod) -> dict[int | None, ikm.Tally]:
    """The period's counted responses (flagged ones left out, as everywhere) summed per
    service received, as tallies (None: no service given). One scan by the database with the
    sums `rebuild` uses, turned into the same ikm.Tally: merged back together they are the
    period's own tally. For breakdowns of a period by service or group of services (an MPP's
    IKM per tenant, prima.mpp.quality); staff pages only, never the citizen's path."""
    method = period.ikm_method
    rows = (
        SurveyResponse.objects.filter(period_id=period.pk, is_flagged=False)
        .order_by()
        .values("service_id")
        .annotate(**_sum_expressions(method))
    )
    return {row["service_id"]: _tally_from_sums(method, row) for row in rows}


def ikm_from_responses(periods: QuerySet[SurveyPeriod]) -> dict[int, ikm.Index | None]:
    """The IKM of each period recomputed from its counted responses, without the stored
    aggregates: one scan for the number and the sum of the answers to each element, then the
    exact index (ikm.index_from_sums, as everywhere). For checking the aggregates
    (`prima rebuild_survey_aggregates --check`)."""
    from django.db.models import Count, Sum

    results: dict[int, ikm.Index | None] = {}
    by_method: dict[str, list[int]] = {}
    for pk, code in periods.order_by().values_list("pk", "method"):
        by_method.setdefault(code, []).append(pk)
    for code, members in by_method.items():
        method = ikm.METHODS[code]
        # All the counts, then all the sums: the row's columns follow this order.
        expressions: dict[str, Any] = {f"n_{key}": Count(key) for key in method.elements}
        expressions.update({f"s_{key}": Sum(key) for key in method.elements})
        rows = (
            SurveyResponse.objects.filter(period_id__in=members, is_flagged=False)
            .order_by()
            .values_list("period_id")
            .annotate(**expressions)
        )
        k = len(method.elements)
        for row in rows:
            sums = [(row[1 + i], row[1 + k + i] or 0) for i in range(k)]
            results[row[0]] = ikm.index_from_sums(method, sums)
    return results


def _insert_tallies(rows: list[tuple[int, str, int, int]]) -> None:
    """Write answer counts fast: COPY on PostgreSQL, one prepared INSERT otherwise."""
    table = SurveyTally._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(  # type: ignore[attr-defined]
                f"COPY {table} (period_id, element, answer, count) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} (period_id, element, answer, count) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                rows,
            )


def mark_recap(unit_years: Iterable[tuple[int, int]]) -> None:
    """For each (unit, year), mark the period that stands for the unit in that year's recap:
    its whole-unit period that ends last in the year (the latest period id on a tie)."""
    pairs = set(unit_years)
    if not pairs:
        return
    units = {unit for unit, _ in pairs}
    candidates = (
        PeriodResult.objects.filter(unit_id__in=units)
        .order_by()
        .values_list("pk", "unit_id", "year", "period__service_id", "period__ends_on")
    )
    best: dict[tuple[int, int], tuple[Any, int]] = {}
    touched: list[int] = []
    for pk, unit, year, service, ends_on in candidates:
        if (unit, year) not in pairs:
            continue
        touched.append(pk)
        current = best.get((unit, year))
        if service is None and (current is None or (ends_on, pk) > current):
            best[(unit, year)] = (ends_on, pk)
    winners = [pk for _, pk in best.values()]
    PeriodResult.objects.filter(pk__in=touched, in_recap=True).exclude(pk__in=winners).update(
        in_recap=False
    )
    PeriodResult.objects.filter(pk__in=winners, in_recap=False).update(in_recap=True)


def result_of(period: SurveyPeriod) -> ikm.Result:
    """The full IKM result of a period from its stored sums (no response is read)."""
    row = getattr(period, "result", None)
    moments = row.moments if row is not None else {}
    return ikm.Tally.from_json(moments or ikm.Tally(period.ikm_method).to_json()).result(
        population=period.population
    )
