"""The readiness board's Innovation duty (docs/guide/readiness.md): missing, late, due and in
order at their boundaries, the level the F-01 pre-fill gives, and the yearly confirmation's
deadline reminded by e-mail before the status lapses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prima.innovation.models import Innovation
from prima.insights import readiness, store
from prima.insights.models import Deadline

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def make(unit, title="Dukcapil Jemput Bola", *, confirmed_days_ago=10, status="aktif"):
    return Innovation.objects.create(
        unit=unit,
        title=title,
        summary="Ringkasan.",
        problem="Masalah.",
        theme="tata_kelola",
        stage="penerapan",
        started_on=dt.date(2024, 1, 2),
        status=status,
        status_confirmed_on=TODAY - dt.timedelta(days=confirmed_days_ago),
    )


@pytest.mark.parametrize(
    ("innovations", "status", "due_on"),
    [
        ([], "missing", None),
        ([("aktif", 10)], "ok", TODAY + dt.timedelta(days=355)),
        ([("aktif", 334)], "ok", TODAY + dt.timedelta(days=31)),
        ([("aktif", 335)], "due", TODAY + dt.timedelta(days=30)),  # within the 30-day window
        ([("berkembang", 365)], "due", TODAY),  # the last day it counts
        ([("aktif", 366)], "late", None),  # unknown now
        ([("vakum", 5)], "late", None),
        ([("berhenti", 5), ("aktif", 100)], "ok", TODAY + dt.timedelta(days=265)),
    ],
)
def test_the_innovation_duty_at_its_boundaries(world, innovations, status, due_on):
    for n, (state, days) in enumerate(innovations):
        make(world.buru_dukcapil, f"Inovasi {n}", confirmed_days_ago=days, status=state)
    duty = readiness.assess(world.buru_dukcapil, TODAY).duties[readiness.Duty.INNOVATION]
    assert (duty.status, duty.due_on) == (status, due_on)
    assert duty.indicator == "29.f.B"
    assert duty.level == (3 if status in ("ok", "due") else 0)


def test_the_yearly_confirmation_is_reminded_a_week_before_it_lapses(world):
    today = timezone.localdate()
    item = make(world.buru_dukcapil)
    item.status_confirmed_on = today - dt.timedelta(days=365 - 7)
    item.save()
    store.rebuild()
    deadline = Deadline.objects.get(kind=Deadline.Kind.INNOVATION_REPORT)
    assert (deadline.due_on, deadline.subject) == (today + dt.timedelta(days=7), item.title)
    call_command("remind_readiness_deadlines", verbosity=0)
    assert len(mail.outbox) == 1
    assert item.title in mail.outbox[0].body
    assert reverse("manage:innovation_detail", args=[item.pk]) in mail.outbox[0].body


@pytest.mark.parametrize(
    ("today", "confirmed_on", "due"),
    [
        # Eleven whole months: 334 days in a short year's spring, 335 in summer.
        (dt.date(2026, 3, 1), dt.date(2025, 4, 2), False),
        (dt.date(2026, 3, 1), dt.date(2025, 4, 1), True),  # 334 days: due on both pages
        (dt.date(2026, 6, 15), dt.date(2025, 7, 16), False),
        (dt.date(2026, 6, 15), dt.date(2025, 7, 15), True),
        (dt.date(2026, 2, 28), dt.date(2025, 3, 31), True),  # month ends
        (dt.date(2026, 2, 27), dt.date(2025, 3, 31), False),
    ],
)
def test_the_board_and_the_registry_say_a_report_is_due_on_the_same_day(
    world, today, confirmed_on, due
):
    """One rule (prima.innovation.lifecycle.report_due) for the innovation's own page and the
    readiness board: the duty and the deadline list show "due" exactly when the page does."""
    from prima.innovation import queries

    item = make(world.buru_dukcapil)
    item.status_confirmed_on = confirmed_on
    item.save()
    assert (queries.report_state(item, today) == "due") is due
    assessed = readiness.assess(world.buru_dukcapil, today)
    assert (assessed.duties[readiness.Duty.INNOVATION].status == "due") is due
    listed = [d for d in assessed.deadlines if d.kind == "innovation_report"]
    assert bool(listed) is due
    if listed:  # dated the day the status lapses
        assert listed[0].due_on == confirmed_on + dt.timedelta(days=365)
