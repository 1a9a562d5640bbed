"""What the access functions say a user may do with an event or a task, and what the pages
offer because of it (issue 17, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from prima.accounts.models import AuditEvent
from prima.coaching import access, actions, reach_views
from prima.coaching.models import Event, FollowUpTask
from prima.coaching.tests.test_flow import _as, make_event, past_event  # noqa: F401


def _rights(user, event: Event) -> access.EventRights:
    _event, rights = access.get_event_for_user(user, event.pk)
    return rights


def _refusals(object_type: str) -> int:
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS_DENIED, detail__object_type=object_type
    ).count()


@pytest.mark.django_db
def test_an_organisers_rights_follow_the_events_status(world):
    event = make_event(world)
    published = _rights(world.ratna, event)
    assert published.organise and published.change and published.register
    assert published.check_in and published.set_tasks and not published.publish

    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    event.refresh_from_db()
    draft = _rights(world.ratna, event)
    assert draft.publish and draft.change
    assert not (draft.check_in or draft.set_tasks or draft.register)

    actions.cancel_event(event, actor=world.ratna, reason="Banjir")
    cancelled = _rights(world.ratna, event)
    assert cancelled.organise
    assert not (cancelled.change or cancelled.publish or cancelled.check_in)
    assert not (cancelled.set_tasks or cancelled.register)


@pytest.mark.django_db
def test_an_invited_agency_registers_but_does_not_organise(world):
    event = make_event(world, invite=[world.buru])
    siti = _rights(world.siti, event)
    assert siti.read and siti.register
    assert not (siti.organise or siti.change or siti.check_in or siti.set_tasks)
    assert not _rights(world.marthen, event).register  # Ambon is not invited


@pytest.mark.django_db
def test_organising_an_event_one_does_not_organise_is_refused_and_recorded(world):
    event = make_event(world)
    with pytest.raises(Http404):
        access.get_event_for_user(world.siti, event.pk, need="organise")
    assert _refusals("coaching.event") == 1


@pytest.mark.django_db
def test_a_cancelled_events_page_offers_no_changes(client, world):
    event = make_event(world)
    _as(client, world.ratna)
    page = client.get(reverse("manage:coaching_event", args=[event.pk])).content.decode()
    assert reverse("manage:coaching_event_edit", args=[event.pk]) in page
    assert reverse("manage:coaching_qr", args=[event.pk]) in page
    actions.cancel_event(event, actor=world.ratna, reason="Banjir")
    page = client.get(reverse("manage:coaching_event", args=[event.pk])).content.decode()
    assert reverse("manage:coaching_event_edit", args=[event.pk]) not in page
    assert reverse("manage:coaching_qr", args=[event.pk]) not in page
    assert reverse("manage:coaching_event_publish", args=[event.pk]) not in page
    assert reverse("manage:coaching_material_add", args=[event.pk]) not in page


@pytest.mark.django_db
def test_a_refused_new_event_is_recorded_in_the_audit_log(client, world):
    _as(client, world.siti)  # a regency's administrator organises no event
    assert client.get(reverse("manage:coaching_event_new")).status_code == 404
    assert _refusals("coaching.event") == 1


@pytest.mark.django_db
def test_a_refused_reach_page_is_recorded_in_the_audit_log(rf, world):
    # Every signed-in account is staff; a deactivated one, still holding a session, is not.
    world.siti.is_active = False
    request = rf.get(reverse("manage:coaching_reach"))
    request.user = world.siti
    with pytest.raises(Http404):
        reach_views.reach(request)
    assert _refusals("coaching.reach") == 1


@pytest.mark.django_db
def test_task_rights_follow_the_tasks_status(world, past_event):  # noqa: F811
    [task] = actions.set_tasks(
        past_event,
        actor=world.ratna,
        agencies=[world.buru],
        title="T",
        due_on=dt.date(2026, 12, 31),
    )
    _task, siti = access.get_task_for_user(world.siti, task.pk)
    assert siti.report and siti.add_report
    assert not (siti.organise or siti.verify or siti.move_deadline)
    _task, ratna = access.get_task_for_user(world.ratna, task.pk)
    assert ratna.move_deadline and not ratna.verify

    FollowUpTask.objects.filter(pk=task.pk).update(status=FollowUpTask.Status.DONE)
    _task, ratna = access.get_task_for_user(world.ratna, task.pk)
    assert ratna.verify and not ratna.move_deadline and ratna.add_report

    FollowUpTask.objects.filter(pk=task.pk).update(status=FollowUpTask.Status.VERIFIED)
    _task, siti = access.get_task_for_user(world.siti, task.pk)
    assert siti.report and not siti.add_report
