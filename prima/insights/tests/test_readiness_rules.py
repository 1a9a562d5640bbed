"""The status rules of prima.insights.readiness at their boundaries, the projected IPP, and
the time path (`store.refresh_due`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from prima.complaints.tests.factories import file as file_complaint
from prima.evaluation import scoring
from prima.insights import readiness, store
from prima.insights.models import UnitReadiness
from prima.registry import actions as registry
from prima.standards import actions as standards
from prima.standards.tests.factories import published_standard
from prima.surveys import actions as surveys
from prima.surveys import submission
from prima.surveys.tests.factories import answers

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 15)


def status(unit, duty, today, now=None):
    state = readiness.assess(unit, today, now or _noon(today)).duties[duty]
    return state.status


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


# --- the due window, on the FKP held yearly ------------------------------------------------
FORUM_DAY = dt.date(2025, 7, 1)
FKP_DUE = FORUM_DAY + dt.timedelta(days=365)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (FKP_DUE - dt.timedelta(days=31), "ok"),
        (FKP_DUE - dt.timedelta(days=30), "due"),
        (FKP_DUE - dt.timedelta(days=1), "due"),
        (FKP_DUE, "due"),
        (FKP_DUE + dt.timedelta(days=1), "late"),
    ],
)
def test_an_fkp_falls_due_30_days_before_its_yearly_date_and_is_late_the_day_after(
    world, today, expected
):
    standards.save_forum(
        world.buru_dukcapil, actor=world.siti, title="FKP", purpose="review", held_on=FORUM_DAY
    )
    state = readiness.assess(world.buru_dukcapil, today, _noon(today)).duties["fkp"]
    assert (state.status, state.due_on) == (expected, FKP_DUE)


@pytest.mark.parametrize(
    ("purpose", "held_on", "expected"),
    [
        ("drafting", TODAY, "ok"),
        ("review", TODAY - dt.timedelta(days=100), "ok"),
        ("other", TODAY, "missing"),  # not a forum on the standards
        ("drafting", TODAY + dt.timedelta(days=1), "missing"),  # not held yet
    ],
)
def test_only_a_held_forum_on_the_standards_counts_as_the_fkp(world, purpose, held_on, expected):
    standards.save_forum(
        world.buru_dukcapil, actor=world.siti, title="FKP", purpose=purpose, held_on=held_on
    )
    assert status(world.buru_dukcapil, "fkp", TODAY) == expected


def test_a_unit_that_never_held_an_fkp_misses_it(world):
    assert status(world.buru_dukcapil, "fkp", TODAY) == "missing"


# --- standards and their reviews --------------------------------------------------------------
def test_standards_are_missing_without_services_or_without_any_standard_in_force(world):
    assert status(world.sorong_dukcapil, "standards", TODAY) == "missing"  # no services
    assert status(world.buru_dukcapil, "standards", TODAY) == "missing"  # a service, no standard


def test_standards_are_late_while_one_offered_service_has_none_in_force(world):
    published_standard(world.buru_ktp, world.siti)
    registry.create_service(actor=world.siti, unit=world.buru_dukcapil, name="Akta kelahiran")
    state = readiness.assess(world.buru_dukcapil, TODAY, NOW).duties["standards"]
    assert (state.status, state.done, state.total) == ("late", 1, 2)


def test_standards_are_in_order_when_every_offered_service_has_one_in_force(world):
    published_standard(world.buru_ktp, world.siti)
    retired = registry.create_service(actor=world.siti, unit=world.buru_dukcapil, name="Lama")
    registry.update_service(retired, actor=world.siti, is_active=False)  # not offered
    state = readiness.assess(world.buru_dukcapil, TODAY, NOW).duties["standards"]
    assert (state.status, state.done, state.total) == ("ok", 1, 1)


REVIEW_DUE = dt.date(2027, 1, 15)  # a year after the factories' decree date


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (REVIEW_DUE - dt.timedelta(days=31), "ok"),
        (REVIEW_DUE - dt.timedelta(days=30), "due"),
        (REVIEW_DUE, "due"),
        (REVIEW_DUE + dt.timedelta(days=1), "late"),
    ],
)
def test_a_standard_review_follows_the_due_window(world, today, expected):
    published_standard(world.buru_ktp, world.siti)
    state = readiness.assess(world.buru_dukcapil, today, _noon(today)).duties["review"]
    assert (state.status, state.due_on) == (expected, REVIEW_DUE)


@pytest.mark.parametrize(
    "today", [REVIEW_DUE - dt.timedelta(days=60), REVIEW_DUE, REVIEW_DUE + dt.timedelta(days=90)]
)
def test_a_standard_under_review_is_due_never_late_as_the_standards_pages_count(world, today):
    standard = published_standard(world.buru_ktp, world.siti)
    standards.start_review(standard, actor=world.siti, started_on=today)
    assessment = readiness.assess(world.buru_dukcapil, today, _noon(today))
    state = assessment.duties["review"]
    assert (state.status, state.done, state.total, state.due_on) == ("due", 0, 1, None)
    assert assessment.reviews_overdue == 0


# --- maklumat -----------------------------------------------------------------------------
@pytest.mark.parametrize(("signed", "expected"), [(None, "missing"), (False, "late"), (True, "ok")])
def test_the_maklumat_is_in_order_once_signed(world, signed, expected):
    if signed is not None:
        standards.save_maklumat(
            world.buru_dukcapil,
            actor=world.siti,
            promise="Kami sanggup",
            commitment="Kami berkomitmen",
            sanction="Siap disanksi",
            signer_name="Kepala" if signed else "",
            signed_on=TODAY if signed else None,
        )
    assert status(world.buru_dukcapil, "maklumat", TODAY) == expected


# --- SKM: held this year with its sample met, published, followed up --------------------------
def _period(world, starts_on, ends_on, population=2, name="P"):
    return surveys.create_period(
        actor=world.siti,
        unit=world.buru_dukcapil,
        name=name,
        kind="custom",
        starts_on=starts_on,
        ends_on=ends_on,
        population=population,
    )


def _answer(period, times):
    for _ in range(times):
        submission.submit_response(period, answers=answers(3), channel="web", now=NOW)


def test_no_survey_this_year_is_missing_and_due_by_the_end_of_the_year(world):
    state = readiness.assess(world.buru_dukcapil, TODAY, NOW).duties["skm"]
    assert (state.status, state.due_on) == ("missing", dt.date(2026, 12, 31))


@pytest.mark.parametrize(
    ("ends_on", "answered", "expected"),
    [
        (dt.date(2026, 12, 31), 0, "due"),  # running, far from its end: still due
        (TODAY, 1, "due"),  # running, sample not met (2 needed)
        (TODAY - dt.timedelta(days=1), 1, "late"),  # ended without its sample
        (TODAY - dt.timedelta(days=1), 0, "late"),
        (TODAY - dt.timedelta(days=1), 2, "ok"),  # sample met
        (dt.date(2026, 12, 31), 2, "ok"),
    ],
)
def test_the_skm_is_in_order_once_a_period_of_this_year_meets_its_sample(
    world, ends_on, answered, expected
):
    period = _period(world, dt.date(2026, 1, 1), ends_on)
    _answer(period, answered)
    state = readiness.assess(world.buru_dukcapil, TODAY, NOW).duties["skm"]
    assert state.status == expected
    assert state.period == period.pk


PERIOD_END = dt.date(2026, 5, 31)
PUBLISH_BY = PERIOD_END + dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("today", "published", "expected"),
    [
        (PUBLISH_BY - dt.timedelta(days=1), False, "due"),
        (PUBLISH_BY, False, "due"),
        (PUBLISH_BY + dt.timedelta(days=1), False, "late"),
        (PUBLISH_BY + dt.timedelta(days=1), True, "ok"),
    ],
)
def test_results_are_published_within_30_days_of_the_period_end(world, today, published, expected):
    period = _period(world, dt.date(2026, 1, 1), PERIOD_END)
    _answer(period, 1)
    if published:
        surveys.publish_results(period, actor=world.siti)
    state = readiness.assess(world.buru_dukcapil, today, _noon(today)).duties["skm_published"]
    assert state.status == expected
    assert state.due_on == (None if published else PUBLISH_BY)


def test_a_period_without_answers_has_no_results_to_publish_or_follow_up(world):
    _period(world, dt.date(2026, 1, 1), PERIOD_END)
    duties = readiness.assess(world.buru_dukcapil, TODAY, NOW).duties
    assert (duties["skm_published"].status, duties["followup"].status) == ("missing", "missing")


@pytest.mark.parametrize(
    ("deadlines", "statuses", "expected"),
    [
        ([], [], "missing"),
        ([TODAY + dt.timedelta(days=31)], ["planned"], "ok"),
        ([TODAY + dt.timedelta(days=30)], ["planned"], "due"),
        ([TODAY - dt.timedelta(days=1)], ["planned"], "late"),
        ([TODAY - dt.timedelta(days=1)], ["done"], "ok"),
        ([TODAY - dt.timedelta(days=1)], ["cancelled"], "missing"),
    ],
)
def test_follow_up_actions_are_late_once_an_open_one_passes_its_deadline(
    world, deadlines, statuses, expected
):
    period = _period(world, dt.date(2026, 1, 1), PERIOD_END)
    _answer(period, 1)
    for deadline, action_status in zip(deadlines, statuses, strict=True):
        surveys.save_followup(
            None,
            actor=world.siti,
            period=period,
            element="waktu",
            problem="Antrean",
            action="Tambah loket",
            owner="Kasi",
            deadline=deadline,
            status=action_status,
        )
    assert status(world.buru_dukcapil, "followup", TODAY) == expected


# --- complaints -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before_due", "expected"),
    [
        (dt.timedelta(days=3, seconds=1), "ok"),
        (dt.timedelta(days=3), "due"),
        (dt.timedelta(0), "due"),
        (-dt.timedelta(seconds=1), "late"),
    ],
)
def test_a_complaint_is_due_soon_3_days_before_its_answer_is_due(world, before_due, expected):
    complaint = file_complaint(world, at=NOW).complaint
    now = complaint.due_at - before_due
    assessment = readiness.assess(world.buru_dukcapil, timezone.localdate(now), now)
    assert assessment.duties["complaints"].status == expected
    assert (assessment.complaints_overdue, assessment.complaints_due_soon) == {
        "ok": (0, 0),
        "due": (0, 1),
        "late": (1, 0),
    }[expected]


def test_an_answered_complaint_has_no_deadline_for_the_unit(world):
    from prima.complaints import actions as complaints

    complaint = file_complaint(world, at=NOW).complaint
    complaints.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    complaints.respond(complaint, actor=world.abdul, role="unit", answer="Sudah selesai dicetak.")
    later = complaint.due_at + dt.timedelta(days=40)
    assessment = readiness.assess(world.buru_dukcapil, timezone.localdate(later), later)
    assert assessment.duties["complaints"].status == "ok"
    assert assessment.complaints_overdue == 0


# --- the projected IPP ----------------------------------------------------------------------
TOOL = readiness.newest_instrument()
CODES = sorted(TOOL.indicators)


def _raised(levels: dict[str, int], n: int) -> scoring.Result:
    """The IPP with the n indicators that gain most raised to 5, scored by scoring.score."""
    full = {code: levels.get(code, 0) for code in CODES}

    def gain(code):
        raised = dict(full, **{code: 5})
        return scoring.score(TOOL, raised).ipp - scoring.score(TOOL, full).ipp

    for code in sorted(CODES, key=gain, reverse=True)[:n]:
        full[code] = 5
    return scoring.score(TOOL, full)


@pytest.mark.parametrize(
    "levels",
    [
        {},
        dict.fromkeys(CODES, 1),
        dict.fromkeys(CODES, 3),
        dict.fromkeys(CODES, 4),
        {code: i % 6 for i, code in enumerate(CODES)},
        {code: 5 - i % 3 for i, code in enumerate(CODES)},
        dict.fromkeys(CODES[:3], 5),
    ],
)
def test_the_projection_scores_the_levels_and_counts_the_indicators_to_the_next_category(levels):
    result, next_category, to_next = readiness.projection(levels)
    expected = scoring.score(TOOL, {code: levels.get(code, 0) for code in CODES})
    assert result.ipp_rounded == expected.ipp_rounded
    assert result.category.code == expected.category.code
    order = [c.code for c in TOOL.categories]  # highest first
    assert next_category == order[order.index(expected.category.code) - 1]
    assert to_next is not None and to_next > 0
    reached = _raised(levels, to_next)
    assert order.index(reached.category.code) < order.index(expected.category.code)
    short = _raised(levels, to_next - 1)
    assert short.category.code == expected.category.code


def test_at_the_top_category_there_is_no_next_one():
    result, next_category, to_next = readiness.projection(dict.fromkeys(CODES, 5))
    assert result.category.code == TOOL.categories[0].code
    assert result.ipp_rounded == Decimal("5.00")
    assert (next_category, to_next) == ("", None)


# --- the time path ----------------------------------------------------------------------------
def test_refresh_due_recomputes_the_rows_whose_time_has_come_and_no_others(world):
    store.rebuild(now=NOW)
    passed = NOW - dt.timedelta(minutes=1)
    ahead = NOW + dt.timedelta(minutes=1)
    UnitReadiness.objects.filter(unit=world.buru_dukcapil).update(recheck_at=passed, ok_count=99)
    UnitReadiness.objects.filter(unit=world.ambon_dukcapil).update(recheck_at=NOW, ok_count=99)
    UnitReadiness.objects.filter(unit=world.sorong_dukcapil).update(recheck_at=ahead, ok_count=99)
    UnitReadiness.objects.filter(unit=world.buru_rsud).delete()
    assert store.refresh_due(now=NOW) == 3
    rows = dict(UnitReadiness.objects.values_list("unit__code", "ok_count"))
    assert rows["8104-DUKCAPIL"] != 99 and rows["8171-DUKCAPIL"] != 99
    assert rows["9601-DUKCAPIL"] == 99  # not yet due: untouched
    assert "8104-RSUD" in rows  # a unit without a row gets one


def test_a_row_asks_to_be_rechecked_when_a_deadline_enters_the_window_or_passes(world):
    standards.save_forum(
        world.buru_dukcapil, actor=world.siti, title="FKP", purpose="review", held_on=FORUM_DAY
    )
    today = FKP_DUE - dt.timedelta(days=45)
    assessment = readiness.assess(world.buru_dukcapil, today, _noon(today))
    window = FKP_DUE - dt.timedelta(days=30)
    assert assessment.recheck_at == timezone.make_aware(dt.datetime.combine(window, dt.time.min))


def test_refresh_due_sees_a_forum_whose_day_has_come(world):
    held_on = TODAY + dt.timedelta(days=10)
    standards.save_forum(
        world.buru_dukcapil, actor=world.siti, title="FKP", purpose="review", held_on=held_on
    )
    store.rebuild(now=NOW)
    assert UnitReadiness.objects.get(unit=world.buru_dukcapil).duties["fkp"]["status"] == "missing"
    later = NOW + dt.timedelta(days=10)
    store.refresh_due(now=later)
    assert UnitReadiness.objects.get(unit=world.buru_dukcapil).duties["fkp"]["status"] == "ok"
