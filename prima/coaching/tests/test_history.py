"""Every write of the coaching programme names who made it in the record's history (issue 17,
item 4): invitations, topics, materials, progress reports, reminders, and the tasks an
event's cancellation closes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prima.coaching import actions
from prima.coaching.models import (
    EventTopic,
    Feedback,
    FollowUpTask,
    Invitation,
    Material,
    ProgressReport,
    Reminder,
)
from prima.coaching.tests.test_flow import PDF_BYTES, make_event, past_event  # noqa: F401


def _last(model, **lookup):
    return model.history.filter(**lookup).order_by("history_id").last()


@pytest.mark.django_db
def test_history_names_who_invited_and_who_withdrew_an_invitation(world):
    event = make_event(world, invite=[world.buru, world.ambon])
    created = _last(Invitation, event_id=event.pk, agency_id=world.ambon.pk)
    assert created.history_type == "+" and created.history_user == world.ratna
    actions.withdraw_invitation(event, actor=world.ratna, agency=world.ambon)
    withdrawn = _last(Invitation, event_id=event.pk, agency_id=world.ambon.pk)
    assert withdrawn.history_type == "-" and withdrawn.history_user == world.ratna


@pytest.mark.django_db
def test_history_names_who_changed_an_events_topics(world):
    event = make_event(world, topics=("standar_pelayanan",))
    actions.update_event(event, actor=world.ratna, topics=["skm"])
    dropped = _last(EventTopic, event_id=event.pk, topic="standar_pelayanan")
    added = _last(EventTopic, event_id=event.pk, topic="skm")
    assert (dropped.history_type, dropped.history_user) == ("-", world.ratna)
    assert (added.history_type, added.history_user) == ("+", world.ratna)


@pytest.mark.django_db
def test_history_names_who_added_and_removed_a_material(world):
    event = make_event(world)
    material = actions.add_material(
        event,
        actor=world.ratna,
        title="Paparan",
        file=SimpleUploadedFile("paparan.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    pk = material.pk
    assert _last(Material, id=pk).history_user == world.ratna
    actions.remove_material(material, actor=world.ratna)
    removed = _last(Material, id=pk)
    assert (removed.history_type, removed.history_user) == ("-", world.ratna)


@pytest.mark.django_db
def test_history_names_who_reported_progress(world, past_event):  # noqa: F811
    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="T",
        due_on=dt.date(2026, 12, 31),
    )
    report = actions.report_progress(task, actor=world.abdul, progress=30, note="Mulai")
    assert _last(ProgressReport, id=report.pk).history_user == world.abdul


@pytest.mark.django_db
def test_cancelling_an_event_records_who_cancelled_its_tasks_and_why(world, past_event):  # noqa: F811
    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="T",
        due_on=dt.date(2026, 12, 31),
    )
    actions.cancel_event(past_event, actor=world.ratna, reason="Pandemi")
    record = _last(FollowUpTask, id=task.pk)
    assert record.status == FollowUpTask.Status.CANCELLED
    assert record.history_user == world.ratna
    assert record.history_change_reason == "cancelled: Pandemi"


@pytest.mark.django_db
def test_a_moved_deadline_records_who_cleared_the_reminders(world, past_event):  # noqa: F811
    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="T",
        due_on=dt.date(2026, 12, 31),
    )
    assert actions.record_reminder(task, actor=None, days_left=7, recipients=2)
    assert not actions.record_reminder(task, actor=None, days_left=7, recipients=2)
    [sent] = Reminder.history.filter(task_id=task.pk)
    assert sent.history_user is None  # the reminder command acts for nobody
    actions.change_deadline(task, actor=world.ratna, due_on=dt.date(2027, 1, 31), reason="Banjir")
    assert not task.reminders.exists()
    cleared = _last(Reminder, task_id=task.pk)
    assert (cleared.history_type, cleared.history_user) == ("-", world.ratna)


@pytest.mark.django_db
def test_a_participants_own_check_in_and_evaluation_are_recorded_without_a_user(world):
    event = make_event(world)
    person = actions.register(
        event, actor=world.siti, agency=world.buru, name="Maria", position="Staf"
    )
    at = event.starts_at
    actions.check_in(event, actor=None, code=person.code, now=at)
    person.refresh_from_db()
    assert person.history.order_by("history_id").last().history_user is None
    feedback = actions.give_feedback(
        person,
        actor=None,
        usefulness=5,
        speakers=4,
        organisation=4,
        applicability=5,
        comment="",
    )
    assert _last(Feedback, id=feedback.pk).history_user is None


def test_a_reminder_another_run_records_between_the_check_and_the_save_is_not_an_error(
    world,
    past_event,  # noqa: F811
    monkeypatch,
):
    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="T",
        due_on=dt.date(2026, 12, 31),
    )
    assert actions.record_reminder(task, actor=None, days_left=7, recipients=2)
    # The second run's check saw nothing yet: the first run saved right after it.
    queryset = type(task.reminders.all())
    real_exists = queryset.exists
    calls = []

    def first_check_sees_nothing(self):
        calls.append(self)
        return False if len(calls) == 1 else real_exists(self)

    monkeypatch.setattr(queryset, "exists", first_check_sees_nothing)
    assert not actions.record_reminder(task, actor=None, days_left=7, recipients=2)
    assert task.reminders.count() == 1
