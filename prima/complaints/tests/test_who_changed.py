"""Every write names its actor (issue 17, item 4): the calendar of non-working days — which
moves every deadline — the clock's policies and the response templates keep a history that
names who changed them; closing the loop appears in the timeline with who recorded it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from prima.complaints import actions
from prima.complaints.models import CalendarDay, ClockPolicy, Event, ResponseTemplate
from prima.complaints.tests.factories import file
from prima.test import sign_in


def test_the_calendars_history_names_who_added_and_removed_a_day(client, world):
    sign_in(client, world.ratna)
    url = reverse("manage:complaint_settings")
    client.post(
        url,
        {"day": "1", "day-date": "2027-01-05", "day-kind": "cuti_bersama", "day-name": "Cuti"},
    )
    day = CalendarDay.objects.get(date=dt.date(2027, 1, 5))
    client.post(url, {"delete_day": str(day.pk)})
    assert not CalendarDay.objects.filter(date=dt.date(2027, 1, 5)).exists()
    changes = CalendarDay.history.filter(date=dt.date(2027, 1, 5)).order_by("history_date")
    assert [(h.history_type, h.history_user) for h in changes] == [
        ("+", world.ratna),
        ("-", world.ratna),
    ]


def test_a_new_clock_policy_names_who_set_it(world):
    policy = ClockPolicy(
        name="Lokal 14 hari",
        valid_from=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        respond_days=14,
    )
    actions.save_record(policy, actor=world.ratna)
    assert policy.history.get().history_user == world.ratna


def test_a_response_templates_history_names_who_kept_it(world):
    template = ResponseTemplate(agency=world.buru, title="Terima kasih", body="Terima kasih.")
    actions.save_record(template, actor=world.siti)
    actions.remove_record(template, actor=world.siti)
    users = [h.history_user for h in ResponseTemplate.history.order_by("history_date")]
    assert users == [world.siti, world.siti]


def test_closing_the_loop_names_who_recorded_it_in_the_timeline(client, world):
    complaint = file(world).complaint
    sign_in(client, world.siti)
    client.post(
        reverse("manage:complaint_step", args=[complaint.pk, "loop"]),
        {"loop-improvement": "Loket KTP-el buka sampai sore.", "loop-skm_element": ""},
    )
    complaint.refresh_from_db()
    assert complaint.improvement == "Loket KTP-el buka sampai sore."
    event = complaint.events.get(action=Event.Action.IMPROVEMENT)
    assert event.actor == world.siti and not event.is_public
    assert event.message == "Loket KTP-el buka sampai sore."
