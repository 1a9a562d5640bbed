"""The national picture's tables kept current by the writes (the incremental path,
prima.insights.figures_store) agree exactly with a rebuild from the records (issue 20 item 6).

The writes are the readiness property test's — every action that changes a unit's records,
the citizen's SKM answer among them — plus what only the national picture reads: coaching
(events, attendance, follow-up tasks), an agency listed or not. Each runs in its own
transaction with its on-commit callbacks, as a request would. The SKM answers move a
period's IKM without a refresh each (the submission's hot path): `sweep`, the timer's job,
takes them in, and runs before the comparison as the timer would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from prima.coaching import actions as coaching
from prima.coaching.models import Event, FollowUpTask, Participant
from prima.insights import figures_store
from prima.insights.models import QUICK, AreaFigures, GovernmentFigures, HolderFigures
from prima.insights.tests.test_readiness_store import NOW, Nothing, Writes, _pick
from prima.registry import actions as registry
from prima.registry.models import Agency, CoordinationRegion, Region
from prima.test import World, make_world


def snapshot() -> dict[str, Any]:
    return {
        "holders": sorted(
            HolderFigures.objects.values_list(
                "holder",
                "year",
                "audience",
                "unit_id",
                "agency_id",
                "region_id",
                "kind",
                "province",
                "data",
                *QUICK,
            ),
            key=str,
        ),
        "areas": sorted(
            AreaFigures.objects.values_list("area", "year", "audience", "data"), key=str
        ),
        "governments": sorted(
            GovernmentFigures.objects.values_list(
                "region_id", "year", "took_part", "tasks", "tasks_done"
            )
        ),
    }


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found = []
    for table in before:
        mine, theirs = set(map(str, before[table])), set(map(str, after[table]))
        found += [f"{table} only incremental: {row}" for row in sorted(mine - theirs)[:5]]
        found += [f"{table} only rebuilt: {row}" for row in sorted(theirs - mine)[:5]]
    return found


class NationalWrites(Writes):
    """The readiness writes, and coaching and listing."""

    def _event(self, b: int) -> Event:
        world = self.world
        start = NOW - dt.timedelta(days=30 + 200 * (b % 3))
        event = coaching.create_event(
            actor=world.ratna,
            topics=["standar_pelayanan"],
            title=f"Bimtek {b}",
            kind=Event.Kind.BIMTEK,
            mode=Event.Mode.ONLINE,
            meeting_link="https://zoom.example/j/1",
            coordination_region=CoordinationRegion.objects.get(code="III"),
            venue_province=Region.objects.get(code="81"),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=6),
        )
        coaching.invite(event, actor=world.ratna, agencies=Agency.objects.order_by("pk"))
        coaching.publish_event(event, actor=world.ratna)
        return event

    def coaching_event(self, a: int, b: int, c: int) -> None:
        self._event(b)

    def attend(self, a: int, b: int, c: int) -> None:
        events = list(Event.objects.order_by("pk"))
        if not events:
            raise Nothing
        event = _pick(events, a)
        agency = _pick(list(Agency.objects.order_by("pk")), b)
        name = f"Peserta {a}-{b}-{c}"
        if Participant.objects.filter(event=event, agency=agency, name=name).exists():
            raise Nothing  # one person per agency and name at an event (a unique constraint)
        participant = Participant.objects.create(
            event=event, agency=agency, name=name, position="Analis"
        )
        Participant.objects.filter(pk=participant.pk).update(attended_at=event.starts_at)
        # The attendance written as the join-list import writes it: saved through the model.
        participant.refresh_from_db()
        participant.save()

    def absent(self, a: int, b: int, c: int) -> None:
        participant = _pick(list(Participant.objects.order_by("pk")), a)
        participant.delete()

    def task(self, a: int, b: int, c: int) -> None:
        events = list(Event.objects.filter(status=Event.Status.PUBLISHED).order_by("pk"))
        if not events:
            raise Nothing
        event = _pick(events, a)
        coaching.set_tasks(
            event,
            actor=self.world.ratna,
            agencies=[_pick(list(Agency.objects.order_by("pk")), b)],
            title=f"Tugas {c}",
            due_on=event.local_end.date() + dt.timedelta(days=30 + 120 * (c % 4)),
        )

    def task_done(self, a: int, b: int, c: int) -> None:
        task = _pick(list(FollowUpTask.objects.order_by("pk")), a)
        FollowUpTask.objects.filter(pk=task.pk).update(status=FollowUpTask.Status.DONE)
        task.refresh_from_db()
        task.save()

    def agency_active(self, a: int, b: int, c: int) -> None:
        agency = _pick(list(Agency.objects.order_by("pk")), a)
        registry.update_agency(agency, actor=self.actor, is_active=not agency.is_active)


OPERATIONS = [name for name in vars(NationalWrites) if not name.startswith("_")] + [
    name for name in vars(Writes) if not name.startswith("_")
]
operation = st.tuples(
    st.sampled_from(OPERATIONS), st.integers(0, 40), st.integers(0, 40), st.integers(0, 40)
)


class FiguresIncrementalEqualsRebuild(TestCase):
    world: World

    @classmethod
    def setUpTestData(cls) -> None:
        with time_machine.travel(NOW, tick=False), cls.captureOnCommitCallbacks(execute=True):
            cls.world = make_world()

    def run_writes(self, operations: list[tuple[str, int, int, int]]) -> list[str]:
        writes = NationalWrites(self.world)
        done: list[str] = []
        for name, a, b, c in operations:
            write: Callable[[int, int, int], None] = getattr(writes, name)
            try:
                with self.captureOnCommitCallbacks(execute=True):
                    write(a, b, c)
            except (ValidationError, Nothing):
                continue
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
            figures_store.sweep()
            incremental = snapshot()
            figures_store.rebuild()
            rebuilt = snapshot()
        assert incremental == rebuilt, "\n".join(
            [f"writes: {done}", *differences(incremental, rebuilt)]
        )


@pytest.mark.django_db
def test_check_finds_a_row_that_went_stale_and_nothing_after_a_rebuild(world):
    figures_store.rebuild()
    assert figures_store.check() == []
    row = AreaFigures.objects.filter(area="81.04", year=0, audience="staff").get()
    row.data = {**row.data, "units": 99}
    row.save()
    assert figures_store.check() == ["area 81.04 0 staff"]
    figures_store.rebuild()
    assert figures_store.check() == []


@pytest.mark.parametrize("swept_daily", [True, False])
def test_the_sweep_takes_in_an_innovation_whose_status_lapsed(world, swept_daily):
    from prima.innovation.models import Innovation

    day = dt.date(2026, 6, 15)
    Innovation.objects.create(
        unit=world.buru_dukcapil,
        title="Dukcapil Jemput Bola",
        summary="Ringkasan.",
        problem="Masalah.",
        theme="tata_kelola",
        stage="penerapan",
        started_on=dt.date(2024, 1, 2),
        status="aktif",
        status_confirmed_on=day - dt.timedelta(days=365),
        is_published=True,
    )

    def living() -> int:
        row = AreaFigures.objects.get(area="81.04", year=0, audience="public")
        return row.data.get("inv_living", 0)

    figures_store.rebuild(today=day)
    figures_store.sweep(today=day - dt.timedelta(days=1 if swept_daily else 30))
    assert living() == 1  # the 365th day after the confirmation still counts
    figures_store.sweep(today=day + dt.timedelta(days=1 if swept_daily else 20))
    assert living() == 0
    assert figures_store.check(today=day + dt.timedelta(days=1 if swept_daily else 20)) == []


def test_sums_add_exactly_and_key_by_key():
    from decimal import Decimal

    from prima.insights.figures import Sums

    sums = Sums()
    for row in (
        {"skm_units": 1, "skm_sum": "78.7870370370", "skm_mutu": {"B": 1}},
        {"skm_units": 2, "skm_sum": "0.0000000001", "skm_mutu": {"B": 1, "A": 1}},
        {"skm_tally": {"waktu": [1, 2, 3, 4]}, "ipp_aspects": {"sdm": "2.5000"}},
        {"skm_tally": {"waktu": [1, 0, 0, 1]}, "ipp_aspects": {"sdm": "0.2500"}},
    ):
        sums.add(row)
    found = sums.data
    assert found["skm_units"] == 3 and Decimal(found["skm_sum"]) == Decimal("78.7870370371")
    assert found["skm_mutu"] == {"B": 2, "A": 1}
    assert found["skm_tally"] == {"waktu": [2, 2, 3, 5]}
    assert Decimal(found["ipp_aspects"]["sdm"]) == Decimal("2.75")
    assert Sums().data == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_refreshes_of_one_unit_and_its_areas_queue_instead_of_colliding(world):
    """Five refreshes of one unit and of its neighbour at once (the fault test's SKM answers
    did this): each waits for the one before — none fails on the rows' unique keys — and the
    rows left are a rebuild's."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database (the suite on PostgreSQL)")
    figures_store.rebuild()
    barrier = threading.Barrier(6)
    failures: list[BaseException] = []
    units = [world.buru_dukcapil.pk] * 5 + [world.buru_rsud.pk]

    def refresh(unit_id: int) -> None:
        try:
            barrier.wait()
            figures_store.refresh([unit_id])
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh, args=(unit,)) for unit in units]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert figures_store.check() == []
