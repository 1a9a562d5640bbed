"""The national picture (issue 20) agrees with an oracle that recomputes every figure from the
raw records, straight from docs/guide/national-picture.md (prima/insights/tests/oracle.py).

Two ways in: the whole demo, every area, year and audience, read after a rebuild of the
pre-aggregated tables; and a small world where targeted writes through the apps' actions hit
the edges the guide names, read first from the tables as the writes left them (the incremental
path) and again after a rebuild. Mismatches are collected and shown together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from prima.coaching import actions as coaching
from prima.coaching.models import Event as CoachingEvent
from prima.complaints import actions as complaints
from prima.complaints import workflow
from prima.complaints.tests.factories import file
from prima.evaluation import actions as evaluation
from prima.evaluation.instrument import built_in
from prima.evaluation.models import Cycle, Lokus
from prima.insights import figures_store, national, store
from prima.insights.tests import oracle
from prima.registry import actions as registry
from prima.registry.models import CoordinationRegion, Region
from prima.surveys import actions as surveys
from prima.surveys import submission
from prima.surveys.models import SurveyPeriod
from prima.surveys.tests.factories import answers
from prima.test import World, make_world

pytestmark = pytest.mark.django_db

AUDIENCES = ("public", "staff")
SHOWN = 20  # mismatches printed in a failure


def differences(expected: Any, got: Any, path: str = "") -> Iterator[str]:
    """Where two figure panels differ, as 'path: expected … got …' lines."""
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in sorted(set(expected) | set(got), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in got:
                yield f"{where}: missing (expected {expected[key]!r})"
            elif key not in expected:
                yield f"{where}: not in the guide's panel (got {got[key]!r})"
            else:
                yield from differences(expected[key], got[key], where)
    elif type(expected) is not type(got) and not (
        isinstance(expected, int | float) and isinstance(got, int | float)
    ):
        yield f"{path}: expected {expected!r} ({type(expected).__name__}), got {got!r}"
    elif expected != got:
        yield f"{path}: expected {expected!r}, got {got!r}"


def mismatches(codes: Iterable[str], years: Iterable[int], *, label: str = "") -> list[str]:
    """Every difference between national.figures and the oracle over codes × years × audiences."""
    raw = oracle.load()
    found = []
    for code in codes:
        for year in years:
            for audience in AUDIENCES:
                where = f"{label}{code} {year} {audience}"
                expected = oracle.figures(raw, code, year=year, audience=audience)
                try:
                    got = national.figures(code, year=year, audience=audience)
                except Exception as error:  # one area failing must not hide the others
                    found.append(f"{where}: raised {error!r}")
                    continue
                found.extend(f"{where}: {line}" for line in differences(expected, got))
    return found


def report(found: list[str]) -> str:
    return f"{len(found)} mismatches, the first {SHOWN}:\n" + "\n".join(found[:SHOWN])


# --- targeted edges, written through the actions ----------------------------------------------
NOW = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 in Jakarta
YEARS = (2025, 2026)
INSTRUMENT = built_in("pekppp-2023")


@pytest.fixture
def live_world(db, django_capture_on_commit_callbacks) -> World:
    """The personas, with their on-commit refreshes run (as test_readiness_store does)."""
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        return make_world()


def edge_codes(world: World) -> list[str]:
    codes = ["ID", *CoordinationRegion.objects.values_list("code", flat=True)]
    codes += ["81", "81.04", "81.71", "81.01", "96", "96.01"]
    codes += [f"agency:{a.code}" for a in (world.buru, world.ambon, world.sorong)]
    codes += [f"agency:{world.pemprov_maluku.code}", "agency:kemenpanrb"]
    codes += [
        f"unit:{u.code}"
        for u in (world.buru_dukcapil, world.buru_rsud, world.ambon_dukcapil, world.sorong_dukcapil)
    ]
    return codes


def test_edge_cases_agree_incrementally_and_after_a_rebuild(
    live_world, django_capture_on_commit_callbacks
):
    world = live_world

    def write(action: Callable[[], Any], *, at: dt.datetime = NOW) -> Any:
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return action()

    # SKM. Buru's Disdukcapil: two periods in 2026, the later (ending last) counts; it is
    # published, with a known population its answers fall short of (below_sample, still in
    # the mean). The earlier one, published, with other answers, must not count.
    def period(unit, name, starts, ends, population=None):
        return write(
            lambda: surveys.create_period(
                actor=world.ratna,
                unit=unit,
                name=name,
                kind=SurveyPeriod.Kind.CUSTOM,
                starts_on=starts,
                ends_on=ends,
                population=population,
            )
        )

    def answer(p: SurveyPeriod, *rows: tuple[int, ...]) -> None:
        for row in rows:
            write(
                lambda row=row: submission.submit_response(p, answers=answers(*row), channel="web")
            )

    def publish(p: SurveyPeriod) -> None:
        write(lambda: surveys.publish_results(p, actor=world.ratna))

    first = period(world.buru_dukcapil, "Semester I", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    answer(first, (4,), (4,), (3,))
    publish(first)
    second = period(
        world.buru_dukcapil, "Semester II", dt.date(2026, 7, 1), dt.date(2026, 12, 31), 1000
    )
    answer(second, (2, 3, 1, 4, 3, 2, 3, 3, 4), (3, 3, 2, 4, 2, 3, 3, 4, 4), (3,))
    publish(second)
    # A period for one service only never stands for the unit.
    service_period = write(
        lambda: surveys.create_period(
            actor=world.ratna,
            unit=world.buru_dukcapil,
            service=world.buru_ktp,
            name="KTP-el 2026",
            kind=SurveyPeriod.Kind.YEAR,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
        )
    )
    answer(service_period, (1,), (1,))
    publish(service_period)
    # The unlisted RSUD: a published result the public never sees (the unit is not listed).
    rsud = period(world.buru_rsud, "2026", dt.date(2026, 1, 1), dt.date(2026, 5, 31))
    answer(rsud, (1, 2, 2, 2, 1, 2, 2, 2, 1), (2,))
    publish(rsud)
    # Ambon: a result not published — staff count it, the public does not.
    ambon = period(world.ambon_dukcapil, "2026", dt.date(2026, 1, 1), dt.date(2026, 5, 31))
    answer(ambon, (4, 4, 4, 3, 4, 4, 4, 4, 3), (4,))
    # Sorong: a small population whose sample is met; and a 2025 result (another year).
    sorong = period(world.sorong_dukcapil, "2026", dt.date(2026, 1, 1), dt.date(2026, 3, 31), 3)
    answer(sorong, (3,), (3, 3, 3, 3, 3, 3, 3, 3, 2), (4,))
    publish(sorong)
    old = period(world.sorong_dukcapil, "2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    answer(old, (2,), (3,))
    publish(old)

    # PEKPPP: a published national cycle of 2025 (shown for 2026 too), an unpublished national
    # cycle of 2026 and a published Mandiri cycle of 2026 — both ignored.
    def cycle(year: int, scheme: str, *, agency=None, units: dict, publish: bool) -> Cycle:
        made = write(
            lambda: evaluation.create_cycle(
                actor=world.ratna,
                year=year,
                scheme=scheme,
                agency=agency,
                name=f"PEKPPP {scheme} {year}",
                instrument_code=INSTRUMENT.code,
            )
        )
        lokus: dict[Any, Lokus] = {}
        for unit in units:
            lokus[unit] = write(
                lambda unit=unit: evaluation.add_lokus(
                    made, unit=unit, kind="administratif", mode="luring", actor=world.ratna
                )
            )
            write(
                lambda unit=unit: evaluation.assign(
                    lokus[unit],
                    evaluator=world.yohanis,
                    role="primary",
                    level="biro",
                    actor=world.ratna,
                )
            )
        write(lambda: evaluation.advance(made, actor=world.ratna))
        write(lambda: evaluation.advance(made, actor=world.ratna))
        for unit, by_aspect in units.items():
            scores = {
                indicator.code: (by_aspect[n % len(by_aspect)], "")
                for n, aspect in enumerate(INSTRUMENT.aspects)
                for indicator in aspect.indicators
            }
            write(
                lambda unit=unit, scores=scores: evaluation.save_scores(
                    lokus[unit], evaluator=world.yohanis, scores=scores, actor=world.yohanis
                )
            )
        if publish:
            write(lambda: evaluation.advance(made, actor=world.ratna))
            later = dt.date(year + 1, 12, 31)
            write(lambda: evaluation.advance(made, actor=world.ratna, today=later))
        return made

    national_2025 = cycle(
        2025,
        Cycle.Scheme.NASIONAL,
        units={
            world.buru_dukcapil: (3, 4, 2),
            world.buru_rsud: (1, 2),  # unlisted: staff only
            world.ambon_dukcapil: (5, 1, 4, 2),
            world.sorong_dukcapil: (2, 2, 5),
        },
        publish=True,
    )
    national_2025.refresh_from_db()
    assert national_2025.status == Cycle.Status.PUBLISHED
    cycle(2026, Cycle.Scheme.NASIONAL, units={world.buru_dukcapil: (5,)}, publish=False)
    cycle(
        2026,
        Cycle.Scheme.MANDIRI,
        agency=world.buru,
        units={world.buru_dukcapil: (1,)},
        publish=True,
    )

    # Complaints. Buru: answered ones with an even count (the median is the mean of the middle
    # two), one answered late, one without a unit, one secret, one archived as abuse.
    ministry = write(
        lambda: registry.create_agency(
            actor=world.ratna, code="kemenpanrb", name="Kementerian PANRB", kind="kementerian"
        )
    )

    def complaint(*, received: dt.datetime, hours: float | None = None, **values: Any):
        filed = write(lambda: file(world, at=received, **values), at=received).complaint
        if hours is None:
            return filed
        write(
            lambda: complaints.verify(
                filed, actor=world.siti, unit=values.get("unit", world.buru_dukcapil)
            ),
            at=received,
        )
        write(
            lambda: complaints.respond(
                filed, actor=world.abdul, role=workflow.UNIT, answer="Sudah kami tindak lanjuti."
            ),
            at=received + dt.timedelta(hours=hours),
        )
        return filed

    jan = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)
    complaint(received=jan, hours=3.5)
    complaint(received=jan + dt.timedelta(days=1), hours=26.9)
    complaint(received=jan + dt.timedelta(days=2), hours=49)
    complaint(received=jan + dt.timedelta(days=3), hours=24 * 30)  # past the deadline
    complaint(received=jan + dt.timedelta(days=4), unit=None)  # to the agency only
    complaint(received=jan + dt.timedelta(days=5), is_secret=True, hours=5)
    complaint(received=jan + dt.timedelta(days=7), hours=60)
    abuse = complaint(received=jan + dt.timedelta(days=6))
    write(lambda: complaints.archive(abuse, actor=world.siti, reason="Kata kasar", abuse=True))
    # Received on 31 December 2025 at 18:00 UTC: already 1 January 2026 in WIB.
    complaint(received=dt.datetime(2025, 12, 31, 18, 0, tzinfo=dt.UTC), hours=2)
    complaint(received=dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC), hours=8)
    # The unlisted RSUD: one public complaint.
    complaint(received=jan, unit=world.buru_rsud, hours=12)
    # Ambon: fewer than five for the public.
    complaint(received=jan, agency=world.ambon, unit=world.ambon_dukcapil)
    complaint(received=jan, agency=world.ambon, unit=None)
    # A ministry without a unit: the agency and Indonesia only.
    complaint(received=jan, agency=ministry, unit=None)

    # Coaching: Buru and Ambon attend a 2026 event, the province is invited and does not
    # come; Sorong never attends. Most regencies of Maluku have no agency in Prima at all.
    event = write(
        lambda: coaching.create_event(
            actor=world.ratna,
            topics=["standar_pelayanan"],
            title="Bimtek Standar Pelayanan",
            kind=CoachingEvent.Kind.BIMTEK,
            mode=CoachingEvent.Mode.ONLINE,
            meeting_link="https://zoom.example/j/1",
            coordination_region=CoordinationRegion.objects.get(code="III"),
            venue_province=Region.objects.get(code="81"),
            starts_at=NOW + dt.timedelta(days=1),
            ends_at=NOW + dt.timedelta(days=1, hours=6),
        )
    )
    invited = [world.buru, world.ambon, world.pemprov_maluku, world.sorong]
    write(lambda: coaching.invite(event, actor=world.ratna, agencies=invited))
    write(lambda: coaching.publish_event(event, actor=world.ratna))
    for agency, user in ((world.buru, world.siti), (world.ambon, world.marthen)):
        person = write(
            lambda agency=agency, user=user: coaching.register(
                event, actor=user, agency=agency, name="Maria", position="Staf"
            )
        )
        write(lambda person=person: coaching.mark_attendance(person, actor=world.ratna))
    write(
        lambda: coaching.register(
            event, actor=world.ratna, agency=world.sorong, name="A", position="B"
        )
    )
    tasks = write(
        lambda: coaching.set_tasks(
            event,
            actor=world.ratna,
            agencies=[world.buru, world.ambon, world.pemprov_maluku],
            title="Tetapkan standar pelayanan",
            due_on=dt.date(2026, 9, 30),
        )
    )
    write(
        lambda: coaching.set_tasks(
            event,
            actor=world.ratna,
            agencies=[world.buru],
            title="Laporan tahun depan",
            due_on=dt.date(2027, 3, 31),
        )
    )
    # Buru's task reported done; Ambon's reported done and verified (done all the same).
    for agency, user in ((world.buru, world.siti), (world.ambon, world.marthen)):
        task = next(t for t in tasks if t.agency_id == agency.pk)
        write(
            lambda task=task, user=user: coaching.report_progress(
                task,
                actor=user,
                progress=100,
                note="Selesai",
                done=True,
                link="https://example.test/sk-standar.pdf",
            )
        )
    ambon_task = next(t for t in tasks if t.agency_id == world.ambon.pk)
    write(lambda: coaching.verify(ambon_task, actor=world.ratna))

    # The oracle itself sees the edges (else the comparison below proves little).
    with time_machine.travel(NOW, tick=False):
        raw = oracle.load()
        buru = oracle.figures(raw, "81.04", year=2026, audience="staff")
        buru_public = oracle.figures(raw, "81.04", year=2026, audience="public")
        ambon_public = oracle.figures(raw, "81.71", year=2026, audience="public")
        maluku = oracle.figures(raw, "81", year=2026, audience="public")
    assert (buru["units"], buru_public["units"]) == (2, 1)
    assert buru["skm"]["units_with_result"] == 2 and buru["skm"]["below_sample"] == 1
    assert buru_public["skm"]["units_with_result"] == 1
    assert ambon_public["skm"]["units_with_result"] == 0
    assert ambon_public["complaints"]["received"] == 2
    assert ambon_public["complaints"]["median_first_answer_hours"] is None
    # Disdukcapil, public: answered after 3, 26, 49, 720 (late), 60 and (received on 1 January
    # in WIB) 2 whole hours — an even count.
    assert oracle.figures(raw, "unit:8104-DUKCAPIL", year=2026, audience="public")[
        "complaints"
    ] == {"received": 6, "answered_on_time": 5, "median_first_answer_hours": 37.5}
    # Staff see the secret one (5 hours), the abuse, the unitless one and the RSUD's (12).
    assert buru["complaints"] == {
        "received": 10,
        "answered_on_time": 7,
        "median_first_answer_hours": 19.0,  # 2 3 5 [12 26] 49 60 720
    }
    expected = (7, 5, 37.5) if oracle.PUBLIC_COMPLAINTS_NEED_A_LISTED_UNIT else (8, 6, 26.0)
    assert tuple(buru_public["complaints"].values()) == expected
    assert buru["ipp"]["cycle"] == national_2025.pk and buru_public["ipp"]["lokus"] == 1
    assert (buru["coaching"]["took_part"], buru["coaching"]["tasks_done"]) == (1, 1)
    assert (maluku["coaching"]["tasks"], maluku["coaching"]["tasks_done"]) == (3, 2)
    assert {"81", "81.01"} <= set(maluku["coaching"]["never"])  # invited, absent; no agency
    assert "81.04" not in maluku["coaching"]["never"]

    with time_machine.travel(NOW, tick=False):
        found = mismatches(edge_codes(world), YEARS, label="incremental: ")
        store.rebuild()
        figures_store.rebuild()
        found += mismatches(edge_codes(world), YEARS, label="rebuilt: ")
    assert found == [], report(found)


# --- the demo, last: its module-wide transaction would hold the world's rows ---------
@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, loaded once for the module inside a transaction rolled back at its end; its
    writes' on-commit refreshes never run there, so the tables are rebuilt here."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            store.rebuild()
            figures_store.rebuild()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_demo_oracle_covers_every_level(demo):
    """The comparison below is only as good as what it walks: every level of area, years
    back to the first record, and figures that are not all empty."""
    raw = oracle.load()
    codes = oracle.area_codes(raw)
    assert "ID" in codes and {"I", "II", "III"} <= set(codes)
    assert sum(c.startswith("agency:") for c in codes) == len(raw.agencies)
    assert sum(c.startswith("unit:") for c in codes) == len(raw.units)
    assert {"81", "81.04", "81.71", "96.01"} <= set(codes)
    years = oracle.years(raw)
    assert years.start < raw.today.year
    panels = [oracle.figures(raw, "ID", year=year, audience="staff") for year in years]
    assert any(p["skm"]["units_with_result"] for p in panels)
    assert any(p["ipp"]["lokus"] for p in panels)
    assert any(p["complaints"]["received"] for p in panels)
    assert any(p["coaching"]["took_part"] for p in panels)
    assert panels[-1]["coaching"]["governments"] == sum(r.is_active for r in raw.regions.values())


def test_every_area_of_the_demo_agrees_with_the_raw_records(demo):
    raw = oracle.load()
    found = mismatches(oracle.area_codes(raw), oracle.years(raw))
    assert found == [], report(found)
