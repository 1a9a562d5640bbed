"""Every write of the survey module by staff names who made it in the record's history,
deletions included (issue 17, item 4)."""

from __future__ import annotations

import datetime as dt

from prima.surveys import actions
from prima.surveys.models import FollowUpAction, Kiosk, Publication
from prima.surveys.tests.factories import make_period


def test_history_names_who_removed_a_follow_up_action(world):
    period = make_period(world)
    followup = actions.save_followup(
        None,
        actor=world.abdul,
        period=period,
        element="waktu",
        problem="Antrean lama",
        action="Tambah loket",
        owner="Kepala seksi",
        deadline=dt.date(2026, 9, 30),
    )
    pk = followup.pk
    actions.delete_followup(followup, actor=world.siti)
    removed = FollowUpAction.history.filter(id=pk, history_type="-").get()
    assert removed.history_user == world.siti


def test_history_names_who_removed_a_publication_record(world):
    period = make_period(world)
    publication = actions.add_publication(
        period, actor=world.abdul, medium="notice_board", published_on=dt.date(2026, 7, 1)
    )
    pk = publication.pk
    actions.delete_publication(publication, actor=world.siti)
    removed = Publication.history.filter(id=pk, history_type="-").get()
    assert removed.history_user == world.siti


def test_a_kiosk_enrolling_itself_is_recorded_with_no_one_named(world):
    kiosk, code = actions.create_kiosk(world.buru_dukcapil, actor=world.abdul, name="Loket 1")
    assert actions.enrol_kiosk(code) is not None
    created, enrolled = Kiosk.history.filter(id=kiosk.pk).order_by("history_date")
    assert created.history_user == world.abdul
    assert enrolled.history_user is None and enrolled.enrolled_at is not None
