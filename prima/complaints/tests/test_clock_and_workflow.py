"""The complaint's state machine and its working-day clock, with frozen time across weekends,
national holidays, cuti bersama and the three time zones (issue 5 §4–5)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from prima.complaints import actions, workflow
from prima.complaints.models import CalendarDay, ClockPolicy, Event, Status
from prima.complaints.tests.factories import file

WIT = ZoneInfo("Asia/Jayapura")  # Buru and Ambon (Maluku) are in WIT
WIB = ZoneInfo("Asia/Jakarta")


def local(*args):
    return dt.datetime(*args, tzinfo=WIT)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Monday 10:00 → Thursday 23:59:59 (3 working days, the day itself not counted).
        (local(2026, 11, 23, 10), local(2026, 11, 26, 23, 59, 59)),
        # Friday 16:00 → Wednesday (the weekend does not count).
        (local(2026, 11, 27, 16), local(2026, 12, 2, 23, 59, 59)),
        # Saturday → Wednesday: the clock counts from the next working day.
        (local(2026, 11, 28, 9), local(2026, 12, 2, 23, 59, 59)),
        # Tuesday 17 Mar 2026 → Nyepi, cuti bersama and Lebaran close 18–24 Mar: due 27 Mar.
        (local(2026, 3, 17, 9), local(2026, 3, 27, 23, 59, 59)),
        # Wednesday 23 Dec 2026 → cuti bersama 24 Dec, Christmas 25 Dec: due Wed 30 Dec.
        (local(2026, 12, 23, 9), local(2026, 12, 30, 23, 59, 59)),
    ],
)
def test_verification_is_due_three_working_days_after_receipt(world, received, due):
    complaint = file(world, at=received).complaint
    assert complaint.due_at == due


def test_cuti_bersama_counts_when_the_policy_says_so(world):
    ClockPolicy.objects.update(skip_cuti_bersama=False)
    # 17 Mar + 3: Wed 18 (cuti, counted), Thu 19 Nyepi (holiday), Fri 20 (cuti, counted),
    # Mon 23 (cuti, counted) → 23 Mar.
    complaint = file(world, at=local(2026, 3, 17, 9)).complaint
    assert complaint.due_at == local(2026, 3, 23, 23, 59, 59)


def test_an_administrators_calendar_day_is_honoured(world):
    CalendarDay.objects.create(date=dt.date(2026, 11, 24), kind="national_holiday", name="Pilkada")
    complaint = file(world, at=local(2026, 11, 23, 10)).complaint
    assert complaint.due_at == local(2026, 11, 27, 23, 59, 59)


def test_the_deadline_follows_the_units_time_zone(world):
    # 23:30 WIB on Thursday is already Friday 01:30 in Kab. Sorong (WIT).
    at = dt.datetime(2026, 11, 26, 23, 30, tzinfo=WIB)
    sorong = file(world, at=at, agency=world.sorong, unit=world.sorong_dukcapil).complaint
    assert sorong.due_at == dt.datetime(2026, 12, 2, 23, 59, 59, tzinfo=WIT)


def test_a_complaint_goes_from_receipt_to_answer_to_closing(world):
    filed = file(world, at=local(2026, 11, 23, 10))
    complaint = actions.verify(filed.complaint, actor=world.siti, unit=world.buru_dukcapil)
    assert complaint.status == Status.DISPATCHED
    assert complaint.due_at is not None
    complaint = actions.start(complaint, actor=world.abdul, role=workflow.UNIT)
    complaint = actions.respond(
        complaint, actor=world.abdul, role=workflow.UNIT, answer="KTP-el Anda sudah dapat diambil."
    )
    assert complaint.status == Status.RESPONDED and complaint.responded_at is not None
    complaint = actions.accept(complaint, actor=None, rating=4)
    assert complaint.status == Status.CLOSED and complaint.rating == 4
    actions_taken = list(complaint.events.values_list("action", flat=True))
    assert actions_taken == ["received", "verified", "started", "responded", "closed"]
    assert all(e.get_action_display() != e.action for e in complaint.events.all())


def test_the_units_answer_is_due_five_working_days_after_dispatch(world):
    complaint = file(world, at=local(2026, 11, 23, 10)).complaint
    with time_machine.travel(local(2026, 11, 25, 14), tick=False):
        complaint = actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    assert complaint.dispatched_at == local(2026, 11, 25, 14)
    assert complaint.due_at == local(2026, 12, 2, 23, 59, 59)


@pytest.mark.parametrize(
    ("action", "role"),
    [
        ("respond", workflow.UNIT),  # not before dispatch
        ("close", workflow.COORDINATOR),  # never straight from received
        ("dispute", workflow.COMPLAINANT),
        ("verify", workflow.UNIT),  # a unit cannot verify
    ],
)
def test_illegal_transitions_are_refused_and_logged(world, action, role):
    complaint = file(world).complaint
    with pytest.raises(ValidationError):
        actions.transition(complaint, action, actor=world.abdul, role=role)
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    refused = complaint.events.get(action=Event.Action.REFUSED)
    assert refused.detail == {"action": action, "role": role}


def test_a_refused_step_is_named_in_words_not_by_its_key(world):
    from django.utils import translation

    complaint = file(world).complaint
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        actions.transition(complaint, "respond", actor=world.abdul, role=workflow.UNIT)
    assert refused.value.messages == [
        "“Beri jawaban” tidak dapat dilakukan selama pengaduan berstatus "
        "“Diterima, menunggu verifikasi”."
    ]
    assert set(actions.STEP_NAMES) == set(workflow.ACTORS)  # every step has its name


def test_postponing_stops_the_clock_until_the_complainant_answers(world):
    complaint = file(world, at=local(2026, 11, 23, 10)).complaint
    with time_machine.travel(local(2026, 11, 24, 9), tick=False):
        complaint = actions.postpone(complaint, actor=world.siti, question="Nomor NIK Anda?")
    assert complaint.status == Status.POSTPONED and complaint.due_at is None
    with time_machine.travel(local(2026, 11, 30, 8), tick=False):
        complaint = actions.add_information(complaint, actor=None, message="NIK 8104xxxxxxxxxxxx")
    assert complaint.status == Status.RECEIVED
    assert complaint.due_at == local(2026, 12, 3, 23, 59, 59)  # 3 working days from Monday


def test_rerouting_moves_it_to_the_other_agency_and_restarts_verification(world):
    complaint = file(world, at=local(2026, 11, 23, 10)).complaint
    with time_machine.travel(local(2026, 11, 25, 10), tick=False):
        complaint = actions.reroute(complaint, actor=world.siti, agency=world.ambon)
    assert (complaint.agency, complaint.unit, complaint.status) == (
        world.ambon,
        None,
        Status.RECEIVED,
    )
    assert complaint.due_at == local(2026, 11, 30, 23, 59, 59)


def test_archiving_needs_a_reason(world):
    complaint = file(world).complaint
    with pytest.raises(ValidationError):
        actions.archive(complaint, actor=world.siti, reason=" ")
    complaint = actions.archive(complaint, actor=world.siti, reason="Terlalu umum", abuse=True)
    assert complaint.status == Status.ARCHIVED and complaint.is_abuse


def test_a_dispute_reopens_within_the_period_and_not_after(world):
    complaint = file(world, at=local(2026, 11, 2, 10)).complaint
    complaint = actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    with time_machine.travel(local(2026, 11, 3, 10), tick=False):
        complaint = actions.respond(
            complaint, actor=world.abdul, role=workflow.UNIT, answer="Sudah selesai diproses."
        )
    # 10 working days after Tue 3 Nov: Tue 17 Nov 23:59:59.
    assert actions.dispute_deadline(complaint) == local(2026, 11, 17, 23, 59, 59)
    with pytest.raises(ValidationError, match="has passed"):
        actions.dispute(complaint, actor=None, message="Belum", now=local(2026, 11, 18, 0, 0, 1))
    complaint = actions.dispute(
        complaint, actor=None, message="Belum selesai", now=local(2026, 11, 17, 23)
    )
    assert complaint.status == Status.REOPENED
    assert complaint.due_at == local(2026, 11, 24, 23, 59, 59)  # 5 working days again


def test_the_clock_closes_answered_complaints_at_the_moment_the_window_ended(world):
    complaint = file(world, at=local(2026, 11, 2, 10)).complaint
    complaint = actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    with time_machine.travel(local(2026, 11, 3, 10), tick=False):
        complaint = actions.respond(
            complaint, actor=world.abdul, role=workflow.UNIT, answer="Sudah selesai diproses."
        )
    assert actions.run_clock(actor=None, now=local(2026, 11, 17, 23, 0)).closed == 0
    # The scheduler was down for a week: the complaint still closes at the right time.
    report = actions.run_clock(actor=None, now=local(2026, 11, 25, 8, 0))
    complaint.refresh_from_db()
    assert report.closed == 1 and complaint.status == Status.CLOSED
    assert complaint.closed_at == local(2026, 11, 17, 23, 59, 59)


def test_overdue_complaints_escalate_to_the_coordinator_then_the_ministry(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    def tick(*at):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.run_clock(actor=None, now=local(*at))

    complaint = file(world, at=local(2026, 11, 23, 10)).complaint  # verification due Thu 26
    assert tick(2026, 11, 26, 23, 0).escalated == 0
    assert tick(2026, 11, 27, 0, 1).escalated == 1
    complaint.refresh_from_db()
    assert complaint.escalation == 1
    assert [m.to for m in mailoutbox] == [["siti@example.test"]]
    assert tick(2026, 11, 30, 9).escalated == 0  # not twice
    assert tick(2026, 12, 3, 0, 1).escalated == 1
    assert mailoutbox[-1].to == ["ratna@example.test"]
    for mail in mailoutbox:
        assert "Rahma" not in mail.body and "0812345678" not in mail.body


def test_a_unit_from_another_agency_cannot_receive_the_complaint(world):
    complaint = file(world).complaint
    with pytest.raises(ValidationError):
        actions.verify(complaint, actor=world.siti, unit=world.ambon_dukcapil)


def test_tracking_codes_have_at_least_128_bits_and_only_a_digest_is_stored(world):
    filed = file(world)
    assert len(filed.tracking_code.replace("-", "")) == 27  # 27 × log2(30) ≈ 132 bits
    assert filed.tracking_code not in filed.complaint.tracking_hash
    from prima.complaints.access import find_by_code

    assert find_by_code(filed.tracking_code.lower()) == filed.complaint
    wrong = filed.tracking_code[:-1] + ("A" if filed.tracking_code[-1] != "A" else "B")
    assert find_by_code(wrong) is None


def test_starting_the_follow_up_does_not_restart_the_units_clock(world):
    complaint = file(world, at=local(2026, 11, 23, 10)).complaint
    with time_machine.travel(local(2026, 11, 24, 9), tick=False):
        complaint = actions.verify(complaint, actor=world.siti, unit=world.buru_dukcapil)
    due = complaint.due_at
    with time_machine.travel(local(2026, 11, 27, 9), tick=False):
        complaint = actions.start(complaint, actor=world.abdul, role=workflow.UNIT)
    assert complaint.due_at == due == local(2026, 12, 1, 23, 59, 59)
