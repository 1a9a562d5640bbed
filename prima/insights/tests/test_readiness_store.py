"""The readiness rows kept current by the writes (the incremental path, prima.insights.store)
agree exactly with a rebuild from the records (issue 19 item 7).

Each example runs a random sequence of real writes — the actions the pages call, and the
citizen's SKM submission — each in its own transaction with its on-commit callbacks run, as a
request would, at one frozen instant. Then the unit rows, their deadlines and the agency sums
are read, `store.rebuild` recomputes them from the records at the same instant, and the two
must be equal, field by field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from prima.complaints import actions as complaints
from prima.complaints.models import Complaint
from prima.evaluation import actions as evaluation
from prima.evaluation.models import Cycle, Lokus
from prima.innovation import actions as innovations
from prima.innovation.models import Innovation
from prima.insights import store
from prima.insights.models import AgencyReadiness, Deadline, UnitReadiness
from prima.registry import actions as registry
from prima.registry.models import Agency, Region, Service, ServiceUnit
from prima.standards import actions as standards
from prima.standards.models import (
    FacilityType,
    Forum,
    Maklumat,
    Participant,
    ServiceStandard,
    StandardPublication,
    StandardReview,
    UnitFacility,
)
from prima.standards.tests.factories import complete_components
from prima.surveys import actions as surveys
from prima.surveys import submission
from prima.surveys.models import (
    FollowUpAction,
    Publication,
    SurveyPeriod,
    SurveyResponse,
)
from prima.surveys.tests.factories import answers
from prima.test import World, make_world

NOW = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 in Jakarta
TODAY = dt.date(2026, 6, 15)
ELEMENTS = [value for value, _label in Participant.Element.choices]
MEDIA = ["website", "notice_board", "social", "leaflet", "sippn"]
REGIONS = ["81.04", "81.71", "96.01", "81"]

# Fields the incremental path is known to leave stale, each shown by its own strict xfail
# test below (remove a name here when its test starts to pass).
KNOWN_STALE: dict[str, set[str]] = {"unit": set(), "agency": set()}


def snapshot() -> dict[str, Any]:
    """Every readiness row, all fields; deadlines without their ids (they are recreated)."""
    units = [
        {k: v for k, v in row.items() if k not in KNOWN_STALE["unit"]}
        for row in UnitReadiness.objects.order_by("unit_id").values()
    ]
    deadlines = sorted(
        (
            (d["unit_id"], d["agency_id"], d["kind"], d["due_on"], d["subject"])
            + (d["target"], d["key"])
        )
        for d in Deadline.objects.values()
    )
    agencies = [
        {k: v for k, v in row.items() if k not in KNOWN_STALE["agency"]}
        for row in AgencyReadiness.objects.order_by("agency_id").values()
    ]
    return {"units": units, "deadlines": deadlines, "agencies": agencies}


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Readable differences between two snapshots, for the failure message."""
    found: list[str] = []
    for table in ("units", "agencies"):
        key = "unit_id" if table == "units" else "agency_id"
        old = {row[key]: row for row in before[table]}
        new = {row[key]: row for row in after[table]}
        for pk in sorted(old.keys() | new.keys()):
            a, b = old.get(pk), new.get(pk)
            if a is None or b is None:
                found.append(f"{table} {pk}: incremental {a!r} rebuild {b!r}")
                continue
            for name in a:
                if a[name] != b.get(name):
                    found.append(
                        f"{table} {pk}.{name}: incremental {a[name]!r} rebuild {b[name]!r}"
                    )
    if before["deadlines"] != after["deadlines"]:
        found.append(f"deadlines: incremental {before['deadlines']} rebuild {after['deadlines']}")
    return found


# --- the writes -----------------------------------------------------------------------------
# An operation is (name, a, b, c): small numbers that pick the records (modulo how many there
# are) and the values. Records are looked up afresh each time, so a refused write (a
# ValidationError, rolled back like a refused form) changes nothing.


class Nothing(Exception):
    """No record of the kind the write needs exists yet."""


def _pick(items: list[Any], index: int) -> Any:
    if not items:
        raise Nothing
    return items[index % len(items)]


def _units() -> list[ServiceUnit]:
    return list(ServiceUnit.objects.order_by("pk"))


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Writes:
    def __init__(self, world: World, *, forums_ahead: bool = True) -> None:
        self.world = world
        self.actor = world.ratna
        self.forums_ahead = forums_ahead

    # registry
    def service(self, a: int, b: int, c: int) -> None:
        registry.create_service(actor=self.actor, unit=_pick(_units(), a), name=f"Layanan {b}")

    def service_active(self, a: int, b: int, c: int) -> None:
        service = _pick(list(Service.objects.order_by("pk")), a)
        registry.update_service(service, actor=self.actor, is_active=not service.is_active)

    def unit_region(self, a: int, b: int, c: int) -> None:
        region = Region.objects.get(code=_pick(REGIONS, b))
        registry.update_unit(_pick(_units(), a), actor=self.actor, region=region)

    def unit_active(self, a: int, b: int, c: int) -> None:
        unit = _pick(_units(), a)
        registry.update_unit(unit, actor=self.actor, is_active=not unit.is_active)

    def new_unit(self, a: int, b: int, c: int) -> None:
        agency = _pick(list(Agency.objects.order_by("pk")), a)
        registry.create_unit(
            actor=self.actor,
            agency=agency,
            code=f"U-{ServiceUnit.objects.count()}-{b}",
            name=f"Unit {b}",
            kind="disdukcapil",
            region=agency.region,
        )

    # standards
    def draft(self, a: int, b: int, c: int) -> None:
        service = _pick(list(Service.objects.order_by("pk")), a)
        standards.create_draft(service, actor=self.actor, components=complete_components())

    def set(self, a: int, b: int, c: int) -> None:
        standard = _pick(list(ServiceStandard.objects.order_by("pk")), a)
        standards.set_standard(
            standard,
            actor=self.actor,
            decree_number=f"800/{b}/SK",
            decree_date=TODAY - _days(25 * (b % 20)),
            signer_name="Kepala Dinas",
        )

    def publish(self, a: int, b: int, c: int) -> None:
        standard = _pick(list(ServiceStandard.objects.order_by("pk")), a)
        standards.publish_standard(standard, actor=self.actor)

    def review(self, a: int, b: int, c: int) -> None:
        standard = _pick(list(ServiceStandard.objects.order_by("pk")), a)
        standards.start_review(standard, actor=self.actor, started_on=TODAY - _days(b % 40))

    def finish(self, a: int, b: int, c: int) -> None:
        review = _pick(list(StandardReview.objects.order_by("pk")), a)
        outcome = _pick(StandardReview.Outcome.values, c)
        standards.finish_review(
            review, actor=self.actor, finished_on=TODAY - _days(b % 5), outcome=outcome
        )

    def forum(self, a: int, b: int, c: int) -> None:
        unit = _pick(_units(), a)
        own = list(ServiceStandard.objects.filter(service__unit=unit).order_by("pk"))
        forum = standards.save_forum(
            unit,
            actor=self.actor,
            title=f"FKP {b}",
            purpose=_pick(Forum.Purpose.values, c),
            held_on=min(
                TODAY - _days(40 * (b % 12) - 60),  # some ahead of today
                TODAY + _days(60 if self.forums_ahead else 0),
            ),
            place="Aula",
            standards=own[: c % 3],
        )
        for i in range(c % 4):
            standards.add_participant(
                forum,
                actor=self.actor,
                name=f"Peserta {i}",
                element=_pick(ELEMENTS, b + i),
                attended=(b + i) % 3 != 0,
            )

    def unparticipate(self, a: int, b: int, c: int) -> None:
        participant = _pick(list(Participant.objects.order_by("pk")), a)
        standards.remove_participant(participant, actor=self.actor)

    def standard_publication(self, a: int, b: int, c: int) -> None:
        standards.record_publication(
            _pick(_units(), a),
            actor=self.actor,
            medium=_pick(MEDIA, b),
            published_on=TODAY,
            all_components=bool(c % 2),
        )

    def standard_unpublication(self, a: int, b: int, c: int) -> None:
        publication = _pick(list(StandardPublication.objects.order_by("pk")), a)
        standards.delete_publication(publication, actor=self.actor)

    def maklumat(self, a: int, b: int, c: int) -> None:
        unit = _pick(_units(), a)
        existing = Maklumat.objects.filter(unit=unit).order_by("-pk").first() if c % 2 else None
        signed = b % 3 != 0
        standards.save_maklumat(
            unit,
            actor=self.actor,
            maklumat=existing,
            promise="Kami sanggup",
            commitment="Kami berkomitmen" if b % 4 else "",
            sanction="Siap menerima sanksi",
            signer_name="Kepala" if signed else "",
            signed_on=TODAY - _days(b) if signed else None,
        )

    def maklumat_publication(self, a: int, b: int, c: int) -> None:
        maklumat = _pick(list(Maklumat.objects.order_by("pk")), a)
        standards.record_maklumat_publication(
            maklumat, actor=self.actor, medium=_pick(MEDIA, b), published_on=TODAY
        )

    def facility(self, a: int, b: int, c: int) -> None:
        kind = _pick(list(FacilityType.objects.order_by("pk")), b)
        row = None if c % 4 == 0 else {"condition": _pick(UnitFacility.Condition.values, c)}
        standards.save_facilities(_pick(_units(), a), actor=self.actor, rows={kind: row})

    def facility_type(self, a: int, b: int, c: int) -> None:
        kind = _pick(list(FacilityType.objects.order_by("pk")), a)
        kind.is_active = not kind.is_active
        standards.save_facility_type(kind, actor=self.actor)

    # surveys
    def period(self, a: int, b: int, c: int) -> None:
        starts = TODAY - _days(30 * (a % 16))
        surveys.create_period(
            actor=self.actor,
            unit=_pick(_units(), c),
            name=f"Periode {a}-{b}",
            kind=SurveyPeriod.Kind.CUSTOM,
            starts_on=starts,
            ends_on=starts + _days(20 + 30 * (b % 8)),
            population=_pick([None, 2, 3, 5], b),
        )

    def period_population(self, a: int, b: int, c: int) -> None:
        period = _pick(list(SurveyPeriod.objects.order_by("pk")), a)
        surveys.update_period(period, actor=self.actor, population=_pick([None, 1, 2, 4, 40], b))

    def answer(self, a: int, b: int, c: int) -> None:
        period = _pick(list(SurveyPeriod.objects.order_by("pk")), a)
        for i in range(1 + c % 3):
            submission.submit_response(
                period, answers=answers(1 + (b + i) % 4), channel="web", now=NOW
            )

    def flag(self, a: int, b: int, c: int) -> None:
        response = _pick(list(SurveyResponse.objects.order_by("pk")), a)
        if b % 2:
            surveys.flag_response(response, actor=self.actor)
        else:
            surveys.restore_response(response, actor=self.actor)

    def publish_results(self, a: int, b: int, c: int) -> None:
        period = _pick(list(SurveyPeriod.objects.order_by("pk")), a)
        surveys.publish_results(period, actor=self.actor, publish=b % 3 != 0)

    def survey_publication(self, a: int, b: int, c: int) -> None:
        period = _pick(list(SurveyPeriod.objects.order_by("pk")), a)
        surveys.add_publication(
            period, actor=self.actor, medium=_pick(MEDIA, b), published_on=TODAY
        )

    def survey_unpublication(self, a: int, b: int, c: int) -> None:
        publication = _pick(list(Publication.objects.order_by("pk")), a)
        surveys.delete_publication(publication, actor=self.actor)

    def followup(self, a: int, b: int, c: int) -> None:
        period = _pick(list(SurveyPeriod.objects.order_by("pk")), a)
        surveys.save_followup(
            None,
            actor=self.actor,
            period=period,
            element="waktu",
            problem="Antrean panjang",
            action=f"Tambah loket {b}",
            owner="Kepala seksi",
            deadline=TODAY + _days(10 * (b % 10) - 40),
            status=FollowUpAction.Status.PLANNED,
        )

    def followup_status(self, a: int, b: int, c: int) -> None:
        followup = _pick(list(FollowUpAction.objects.order_by("pk")), a)
        surveys.save_followup(
            followup,
            actor=self.actor,
            period=followup.period,
            status=_pick(FollowUpAction.Status.values, b),
        )

    def followup_delete(self, a: int, b: int, c: int) -> None:
        followup = _pick(list(FollowUpAction.objects.order_by("pk")), a)
        surveys.delete_followup(followup, actor=self.actor)

    def target(self, a: int, b: int, c: int) -> None:
        surveys.set_target(
            _pick(_units(), a), actor=self.actor, year=TODAY.year - c % 2, target=Decimal(70 + b)
        )

    # complaints
    def complaint(self, a: int, b: int, c: int) -> None:
        unit = _pick(_units(), a)
        complaints.file_complaint(
            agency=unit.agency,
            unit=unit if c % 3 else None,
            title="KTP-el belum jadi",
            description="Sudah tiga minggu KTP-el saya belum selesai.",
            channel="web",
            received_at=NOW - _days(b % 25),
            actor=None,
        )

    def complaint_step(self, a: int, b: int, c: int) -> None:
        complaint = _pick(list(Complaint.objects.order_by("pk")), a)
        step = _pick(
            ["verify", "start", "respond", "close", "archive", "postpone", "reroute", "info"], b
        )
        coordinator, unit_role = "coordinator", "unit"
        if step == "verify":
            units = list(complaint.agency.units.order_by("pk"))
            complaints.verify(complaint, actor=self.actor, unit=_pick(units, c))
        elif step == "start":
            complaints.start(complaint, actor=self.actor, role=unit_role)
        elif step == "respond":
            complaints.respond(
                complaint, actor=self.actor, role=unit_role, answer="KTP-el sudah dicetak."
            )
        elif step == "close":
            complaints.accept(complaint, actor=None, rating=1 + c % 4)
        elif step == "archive":
            complaints.archive(complaint, actor=self.actor, reason="Tidak jelas", abuse=c % 2 == 1)
        elif step == "postpone":
            complaints.postpone(complaint, actor=self.actor, question="Nomor NIK Anda?")
        elif step == "reroute":
            others = list(Agency.objects.exclude(pk=complaint.agency_id).order_by("pk"))
            complaints.reroute(
                complaint, actor=self.actor, agency=_pick(others, c), role=coordinator
            )
        else:
            complaints.add_information(complaint, actor=None, message="NIK 8104...")

    # evaluation
    def evaluate(self, a: int, b: int, c: int) -> None:
        """A published cycle with the unit as lokus, every indicator scored `b % 6`."""
        unit = _pick(_units(), a)
        world = self.world
        cycle = evaluation.create_cycle(
            actor=world.ratna,
            year=TODAY.year - 1 - c % 2,
            scheme=Cycle.Scheme.NASIONAL,
            agency=None,
            name=f"PEKPPP {b}",
            instrument_code="pekppp-2023",
        )
        lokus = evaluation.add_lokus(
            cycle, unit=unit, kind="administratif", mode="luring", actor=world.ratna
        )
        evaluation.assign(
            lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna
        )
        evaluation.advance(cycle, actor=world.ratna)
        evaluation.advance(cycle, actor=world.ratna)
        evaluation.save_scores(
            lokus,
            evaluator=world.yohanis,
            scores={code: (b % 6, "") for code in cycle.instrument.indicators},
            actor=world.yohanis,
        )
        evaluation.advance(cycle, actor=world.ratna)
        evaluation.accept_scores(Lokus.objects.get(pk=lokus.pk), actor=world.abdul)
        evaluation.advance(cycle, actor=world.ratna)

    def priority(self, a: int, b: int, c: int) -> None:
        cycle = _pick(list(Cycle.objects.order_by("pk")), a)
        evaluation.update_cycle(cycle, actor=self.actor, priority_below=Decimal(40 + 10 * (b % 5)))

    def unlokus(self, a: int, b: int, c: int) -> None:
        lokus = _pick(list(Lokus.objects.order_by("pk")), a)
        evaluation.remove_lokus(lokus, actor=self.actor)

    # innovation
    def innovation(self, a: int, b: int, c: int) -> None:
        stage = _pick(["inisiatif", "uji_coba", "penerapan"], c)
        innovations.register_innovation(
            actor=self.actor,
            unit=_pick(_units(), a),
            title=f"Inovasi {b}-{Innovation.objects.count()}",
            summary="Ringkasan.",
            problem="Masalah.",
            theme="tata_kelola",
            stage=stage,
            started_on=None if stage == "inisiatif" else TODAY - _days(40 * b),
            status=_pick(["aktif", "berkembang", "vakum", "berhenti"], b),
        )

    def innovation_report(self, a: int, b: int, c: int) -> None:
        item = _pick(list(Innovation.objects.order_by("pk")), a)
        rule = _pick(["none", "rancangan", "ditetapkan"], b)
        innovations.file_report(
            item,
            actor=self.actor,
            year=TODAY.year - b % 2,
            status=_pick(["aktif", "berkembang", "vakum", "berhenti"], c),
            institutionalisation=rule,
            legal_basis="" if rule == "none" else f"Perbup {b}",
            funded=bool(c % 2),
            budget_source="APBD" if c % 2 else "",
            has_team_decree=bool(b % 3),
        )

    def innovation_replication(self, a: int, b: int, c: int) -> None:
        source = _pick(list(Innovation.objects.order_by("pk")), a)
        innovations.record_replication(
            source,
            actor=self.actor,
            adopter_unit=_pick(_units(), b),
            started_on=TODAY - _days(b),
            state=_pick(["dirintis", "berjalan", "berhenti"], c),
        )


# Saving a checklist item crashes the incremental path (see
# test_changing_a_facility_type_refreshes_the_units_that_have_it): left out until fixed.
BROKEN: set[str] = set()
OPERATIONS = [name for name in vars(Writes) if not name.startswith("_") and name not in BROKEN]
operation = st.tuples(
    st.sampled_from(OPERATIONS),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(0, 40),
)


class IncrementalEqualsRebuild(TestCase):
    world: World

    @classmethod
    def setUpTestData(cls) -> None:
        # The world's own writes run the incremental path too, so no refresh is left pending.
        with time_machine.travel(NOW, tick=False), cls.captureOnCommitCallbacks(execute=True):
            cls.world = make_world()

    def run_writes(
        self, operations: list[tuple[str, int, int, int]], *, forums_ahead: bool = True
    ) -> list[str]:
        writes = Writes(self.world, forums_ahead=forums_ahead)
        done: list[str] = []
        for name, a, b, c in operations:
            write: Callable[[int, int, int], None] = getattr(writes, name)
            try:
                with self.captureOnCommitCallbacks(execute=True):
                    write(a, b, c)
            except (ValidationError, Nothing):
                continue  # a refused write, or nothing to write to yet, changes nothing
            done.append(name)
        return done

    @settings(
        max_examples=int(__import__("os").environ.get("PROP_EXAMPLES", "25")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(operations=st.lists(operation, min_size=1, max_size=30))
    def test_any_sequence_of_writes_leaves_the_rows_a_rebuild_makes(self, operations):
        with time_machine.travel(NOW, tick=False):
            done = self.run_writes(operations)
            incremental = snapshot()
            store.rebuild(now=timezone.now())
            rebuilt = snapshot()
        assert incremental == rebuilt, "\n".join(
            [f"writes: {done}", *differences(incremental, rebuilt)]
        )

    @settings(
        max_examples=int(__import__("os").environ.get("PROP_EXAMPLES", "25")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        operations=st.lists(operation, min_size=1, max_size=30),
        days=st.integers(0, 400),
    )
    def test_refresh_due_later_leaves_the_rows_a_rebuild_makes_then(self, operations, days):
        """The time path: rows computed now, refreshed later by `refresh_due`, equal a rebuild
        at that later moment."""
        with time_machine.travel(NOW, tick=False):
            # A forum dated ahead is a known miss of the time path
            # (test_readiness_rules.py::test_refresh_due_sees_a_forum_whose_day_has_come).
            done = self.run_writes(operations, forums_ahead=False)
            store.rebuild(now=NOW)
        later = NOW + dt.timedelta(days=days)
        with time_machine.travel(later, tick=False):
            store.refresh_due(now=later)
            refreshed = snapshot()
            store.rebuild(now=later)
            rebuilt = snapshot()
        assert refreshed == rebuilt, "\n".join(
            [f"writes: {done}, {days} days later", *differences(refreshed, rebuilt)]
        )


# --- the writes the incremental path misses, one test each ------------------------------------
# Each is strict: when the miss is fixed the test passes, fails as XPASS, and its name comes
# out of KNOWN_STALE / BROKEN above.
@pytest.fixture
def live_world(db, django_capture_on_commit_callbacks) -> World:
    """The personas, made with their on-commit refreshes run. (A world made without leaves
    one refresh pending in the test's never-committed transaction, and every later change
    joins that one instead of running when its own write is captured.)"""
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        return make_world()


def _write(capture, write: Callable[[], Any]) -> Any:
    with time_machine.travel(NOW, tick=False), capture(execute=True):
        return write()


def _agrees_with_rebuild() -> list[str]:
    with time_machine.travel(NOW, tick=False):
        incremental = snapshot()
        store.rebuild(now=NOW)
        return differences(incremental, snapshot())


def test_the_incremental_path_runs_when_a_write_is_captured(
    live_world, django_capture_on_commit_callbacks
):
    """The harness itself: a captured write refreshes the unit's row."""
    world = live_world
    assert UnitReadiness.objects.get(unit=world.buru_dukcapil).services_total == 1
    _write(
        django_capture_on_commit_callbacks,
        lambda: registry.create_service(actor=world.siti, unit=world.buru_dukcapil, name="Akta"),
    )
    assert UnitReadiness.objects.get(unit=world.buru_dukcapil).services_total == 2
    assert _agrees_with_rebuild() == []


def test_changing_a_facility_type_refreshes_the_units_that_have_it(
    live_world, django_capture_on_commit_callbacks
):
    world = live_world
    kind = FacilityType.objects.filter(is_active=True).order_by("pk").first()
    _write(
        django_capture_on_commit_callbacks,
        lambda: standards.save_facilities(
            world.buru_dukcapil, actor=world.siti, rows={kind: {"condition": "good"}}
        ),
    )
    assert (
        UnitReadiness.objects.get(unit=world.buru_dukcapil).duties["facilities"]["status"] == "ok"
    )
    kind.is_active = False  # retired from the checklist: no longer counts
    _write(
        django_capture_on_commit_callbacks,
        lambda: standards.save_facility_type(kind, actor=world.ratna),
    )
    state = UnitReadiness.objects.get(unit=world.buru_dukcapil).duties["facilities"]
    assert state["status"] == "missing"


def test_deleting_a_unit_sums_its_agency_again(live_world, django_capture_on_commit_callbacks):
    world = live_world
    extra = _write(
        django_capture_on_commit_callbacks,
        lambda: registry.create_unit(
            actor=world.ratna,
            agency=world.buru,
            code="8104-X",
            name="Unit X",
            kind="rsud",
            region=world.buru.region,
        ),
    )
    assert AgencyReadiness.objects.get(agency=world.buru).units == 3
    _write(django_capture_on_commit_callbacks, extra.delete)  # the admin's delete
    assert AgencyReadiness.objects.get(agency=world.buru).units == 2
