"""The coaching dataset (issue 21): valid packages on the demo, exact rows for a small case made
with the coaching module's own actions — only published events, each in the year of its own
clock; agencies that took part are those with an attendee; tasks done by FollowUpTask.FINISHED
and overdue from the day after the deadline — and no participant's or signatory's name, NIP,
e-mail or code anywhere in a package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from prima.coaching import actions
from prima.coaching.models import Event, FollowUpTask, Participant
from prima.opendata.build import build_package, editions
from prima.opendata.datasets import dataset
from prima.opendata.datasets.coaching import COACHING
from prima.opendata.tests.packages import assert_valid as _assert_valid
from prima.opendata.tests.packages import every_text as _every_text
from prima.opendata.tests.packages import rows as _rows
from prima.opendata.tests.packages import seeded_demo
from prima.registry.models import Agency, CoordinationRegion, Region

pytestmark = pytest.mark.django_db

WIT = ZoneInfo("Asia/Jayapura")
WIB = ZoneInfo("Asia/Jakarta")
SETUP = dt.datetime(2026, 5, 1, 9, tzinfo=WIB)  # when the events are prepared
BUILT = dt.datetime(2026, 7, 1, 5, tzinfo=dt.UTC)  # 12:00 on 1 July 2026 in Jakarta
TODAY = dt.date(2026, 7, 1)
EVENTS, PARTICIPATION, COMPLETION = (
    "coaching_events",
    "coaching_participation",
    "follow_up_completion",
)
SIGNER = {
    "signatory_name": "Drs. Agus Hidayat Tuasikal, M.Si.",
    "signatory_position": "Asisten Deputi Wilayah III",
    "signatory_nip": "197002151995031002",
}
PEOPLE = [
    ("buru", "Drs. La Ode Ahmad", "laode@buru.go.id"),
    ("buru", "Maria Sahetapy", "maria.sahetapy@buru.go.id"),
    ("ambon", "Yusuf Latuconsina", "yusuf@ambon.go.id"),
]


def _build(folder: Path) -> dict[str, Path]:
    """Every package of the dataset (each year and all), by label, built on BUILT."""
    built = {}
    with time_machine.travel(BUILT, tick=False):
        for edition in editions(COACHING):
            built[edition.label] = folder / edition.label
            build_package(edition, built[edition.label], BUILT, "/data/coaching/")
    return built


# --- the demo -------------------------------------------------------------------------------
@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict[str, Path]]:
    """The demo, seeded once for the class inside a transaction rolled back at its end (before
    the small cases below, which make their own world), and the coaching packages built
    from it."""
    with seeded_demo(django_db_blocker, tmp_path_factory):
        built = {}
        folder = tmp_path_factory.mktemp("coaching")
        for edition in editions(COACHING):
            built[edition.label] = folder / edition.label
            build_package(edition, built[edition.label], BUILT, "/data/coaching/")
        yield built


class TestDemo:
    """On the demo, seeded once for these tests."""

    def test_the_dataset_is_found(self, demo):
        assert dataset("coaching") is COACHING

    def test_every_demo_package_is_valid_frictionless(self, demo):
        assert "all" in demo and len(demo) >= 3  # 2020's, a recent year's and the whole
        for folder in demo.values():
            _assert_valid(folder)

    def test_the_demo_events_are_the_published_ones_with_their_counts(self, demo):
        rows = _rows(demo["all"], EVENTS)
        published = Event.objects.filter(status=Event.Status.PUBLISHED)
        assert {int(r["id"]) for r in rows} == set(published.values_list("pk", flat=True))
        attended = Participant.objects.filter(attended_at__isnull=False)
        assert sum(int(r["participants_attended"]) for r in rows) == attended.count()
        participation = _rows(demo["all"], PARTICIPATION)
        assert sum(int(r["participants_attended"]) for r in participation) == attended.count()
        tasks = FollowUpTask.objects.exclude(status=FollowUpTask.Status.CANCELLED)
        completion = _rows(demo["all"], COMPLETION)
        assert sum(int(r["tasks"]) for r in completion) == tasks.count()
        done = tasks.filter(status__in=FollowUpTask.FINISHED).count()
        assert sum(int(r["tasks_done"]) for r in completion) == done > 0

    def test_no_participant_or_signatory_of_the_demo_appears(self, demo):
        text = _every_text(demo["all"].parent)
        people: set[str] = set()
        for name, email, code, certificate in Participant.objects.values_list(
            "name", "email", "code", "certificate_number"
        ):
            people |= {name, email, code, certificate}
        for name, nip in Event.objects.values_list("signatory_name", "signatory_nip"):
            people |= {name, nip}
        assert len(people) > 10
        for value in {p for p in people if p}:
            assert value not in text, value


# --- a small case made with the module's actions --------------------------------------------
def _event(world, *, title: str, starts_at: dt.datetime, publish: bool = True, **fields) -> Event:
    organiser = fields or {
        "coordination_region": CoordinationRegion.objects.get(code="III"),
        "venue_province": Region.objects.get(code="81"),
    }
    event = actions.create_event(
        actor=world.ratna,
        topics=["standar_pelayanan"],
        title=title,
        kind=Event.Kind.BIMTEK,
        mode=Event.Mode.ONLINE,
        meeting_link="https://zoom.example/j/1",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=6),
        **organiser,
    )
    actions.invite(event, actor=world.ratna, agencies=[world.buru, world.ambon, world.sorong])
    if publish:
        actions.publish_event(event, actor=world.ratna)
    return event


def _task(world, event: Event, agency: Agency, title: str, due_on: dt.date) -> FollowUpTask:
    (task,) = actions.set_tasks(
        event, actor=world.ratna, agencies=[agency], title=title, due_on=due_on
    )
    return task


def _done(world, task: FollowUpTask, *, verify: bool = False) -> None:
    actions.report_progress(
        task,
        actor=world.siti,
        progress=100,
        note="SK ditetapkan",
        done=True,
        link="https://jdih.example/sk-1",
    )
    if verify:
        actions.verify(task, actor=world.ratna)


@pytest.fixture
def case(world) -> dict[str, Event]:
    """A Wilayah III bimtek on 12 May 2026 (WIT) with three invited agencies — Buru sent two
    who attended, Ambon one who did not, Sorong nobody — and its follow-up tasks; a Maluku
    bimtek at 01.00 WIT on New Year's Day 2027 (still 2026 in Jakarta); a draft and a
    cancelled event, never published."""
    Agency.objects.create(code="kemenpanrb", name="Kementerian PANRB", kind="kementerian")
    with time_machine.travel(SETUP, tick=False):
        bimtek = _event(
            world,
            title="Bimtek Standar Pelayanan Wilayah III",
            starts_at=dt.datetime(2026, 5, 12, 9, tzinfo=WIT),
        )
        actions.update_event(bimtek, actor=world.ratna, **SIGNER)
        agencies = {"buru": world.buru, "ambon": world.ambon}
        for agency, name, email in PEOPLE:
            participant = actions.register(
                bimtek,
                actor=world.siti,
                agency=agencies[agency],
                name=name,
                position="Analis Kebijakan",
                email=email,
            )
            if agency == "buru":
                actions.mark_attendance(participant, actor=world.ratna)
        new_year = _event(
            world,
            title="Bimtek SKM Provinsi Maluku",
            starts_at=dt.datetime(2027, 1, 1, 1, tzinfo=WIT),
            province=Region.objects.get(code="81"),
        )
        _event(
            world,
            title="Rakor (draft)",
            starts_at=dt.datetime(2026, 6, 2, 9, tzinfo=WIT),
            publish=False,
        )
        cancelled = _event(
            world, title="Lokakarya (cancelled)", starts_at=dt.datetime(2025, 6, 2, 9, tzinfo=WIT)
        )
        _task(world, cancelled, world.buru, "Tetapkan SP", dt.date(2025, 7, 1))
        actions.cancel_event(cancelled, actor=world.ratna, reason="Anggaran dialihkan")
        # Buru: one verified, one reported done, one never started and due yesterday.
        _done(world, _task(world, bimtek, world.buru, "Tetapkan SP", TODAY), verify=True)
        _done(world, _task(world, bimtek, world.buru, "Maklumat", TODAY))
        _task(world, bimtek, world.buru, "FKP", TODAY - dt.timedelta(days=1))
        # Ambon: one due today (not yet overdue), one due yesterday (overdue).
        _task(world, bimtek, world.ambon, "Tetapkan SP", TODAY)
        _task(world, bimtek, world.ambon, "FKP", TODAY - dt.timedelta(days=1))
    return {"bimtek": bimtek, "new_year": new_year}


def test_only_published_events_count_each_in_the_year_of_its_own_clock(case, tmp_path):
    assert COACHING.years() == [2026, 2027]  # the cancelled 2025 event is not a year
    built = _build(tmp_path)
    assert set(built) == {"2026", "2027", "all"}
    bimtek, new_year = case["bimtek"], case["new_year"]
    bimtek_row = {
        "id": str(bimtek.pk),
        "title": "Bimtek Standar Pelayanan Wilayah III",
        "kind": "bimtek",
        "mode": "online",
        "organiser_coordination_region": "III",
        "organiser_province_code": "",
        "organiser_agency_code": "kemenpanrb",
        "venue_province_code": "81",
        "time_zone": "WIT",
        "start_date": "2026-05-12",
        "end_date": "2026-05-12",
        "invited_agencies": "3",
        "participating_agencies": "1",
        "participants_registered": "3",
        "participants_attended": "2",
    }
    new_year_row = {
        "id": str(new_year.pk),
        "title": "Bimtek SKM Provinsi Maluku",
        "kind": "bimtek",
        "mode": "online",
        "organiser_coordination_region": "",
        "organiser_province_code": "81",
        "organiser_agency_code": "pemprov-maluku",
        "venue_province_code": "",
        "time_zone": "WIT",
        "start_date": "2027-01-01",
        "end_date": "2027-01-01",
        "invited_agencies": "3",
        "participating_agencies": "0",
        "participants_registered": "0",
        "participants_attended": "0",
    }
    assert _rows(built["2026"], EVENTS) == [bimtek_row]
    assert _rows(built["2027"], EVENTS) == [new_year_row]
    assert _rows(built["all"], EVENTS) == [bimtek_row, new_year_row]
    for folder in built.values():
        _assert_valid(folder)


def test_agencies_took_part_with_an_attendee_and_tasks_are_done_when_finished(case, tmp_path):
    built = _build(tmp_path)
    event = str(case["bimtek"].pk)
    participation = [
        {"event_id": event, "agency_code": "pemkab-buru", "participants_attended": "2"}
    ]
    completion = [
        {
            "event_id": event,
            "agency_code": "pemkab-buru",
            "tasks": "3",
            "tasks_done": "2",
            "tasks_verified": "1",
            "tasks_overdue": "1",
        },
        {
            "event_id": event,
            "agency_code": "pemkot-ambon",
            "tasks": "2",
            "tasks_done": "0",
            "tasks_verified": "0",
            "tasks_overdue": "1",  # due today is not overdue; due yesterday is
        },
    ]
    for label in ("2026", "all"):
        assert _rows(built[label], PARTICIPATION) == participation
        assert _rows(built[label], COMPLETION) == completion
    assert _rows(built["2027"], PARTICIPATION) == _rows(built["2027"], COMPLETION) == []


def test_no_participant_or_signatory_appears_in_any_file(case, tmp_path):
    _build(tmp_path)
    text = _every_text(tmp_path)
    secrets = {*SIGNER.values()}
    for _agency, name, email in PEOPLE:
        secrets |= {name, email}
    secrets |= set(Participant.objects.values_list("code", flat=True))
    secrets |= set(
        Participant.objects.exclude(certificate_number="").values_list(
            "certificate_number", flat=True
        )
    )
    for secret in secrets:
        assert secret not in text, secret
    assert "Rakor (draft)" not in text and "Lokakarya (cancelled)" not in text
