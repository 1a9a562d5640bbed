"""What the evaluation access functions say each user may do, and the state rules the pages
read from the records instead of restating them (issue 17, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from prima.accounts.models import AuditEvent
from prima.evaluation import access, actions
from prima.evaluation.models import ActionItem, Cycle
from prima.evaluation.tests.records import new_cycle, scored_lokus
from prima.test import sign_in

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, user)


def _last_refusal() -> AuditEvent:
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).latest("at")


def test_a_national_cycle_is_managed_by_the_ministry_and_read_by_its_evaluators(world):
    cycle = new_cycle(world)
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)

    _cycle, ratna = access.get_cycle_for_user(world.ratna, cycle.pk, need="manage")
    _cycle, yohanis = access.get_cycle_for_user(world.yohanis, cycle.pk)

    assert ratna == access.CycleRights(read=True, manage=True, national=True)
    assert yohanis == access.CycleRights(read=True, manage=False, national=False)
    with pytest.raises(Http404):
        access.get_cycle_for_user(world.yohanis, cycle.pk, need="manage")
    assert _last_refusal().detail == {
        "object_type": "evaluation.cycle",
        "key": str(cycle.pk),
        "write": True,
    }


def test_an_agency_administrator_manages_its_mandiri_cycle_but_runs_no_national_one(world):
    cycle = new_cycle(
        world, scheme=Cycle.Scheme.MANDIRI, agency=world.buru, name="Mandiri Buru", actor=world.siti
    )

    _cycle, siti = access.get_cycle_for_user(world.siti, cycle.pk, need="manage")

    assert siti == access.CycleRights(read=True, manage=True, national=False)
    assert access.can_create_cycles(world.siti)
    assert not access.can_run_national_cycles(world.siti)
    assert access.can_run_national_cycles(world.ratna)


def test_a_cycle_another_agency_runs_is_refused_and_the_refusal_recorded(world):
    cycle = new_cycle(
        world, scheme=Cycle.Scheme.MANDIRI, agency=world.buru, name="Mandiri Buru", actor=world.siti
    )

    with pytest.raises(Http404):
        access.get_cycle_for_user(world.marthen, cycle.pk)

    assert _last_refusal().detail["object_type"] == "evaluation.cycle"


def test_starting_a_cycle_without_the_right_is_refused_and_recorded(client, world):
    _as(client, world.yohanis)

    response = client.post(reverse("manage:evaluation_cycles"), {"year": "2024"})

    assert response.status_code == 404
    assert Cycle.objects.count() == 0
    assert _last_refusal().detail == {
        "object_type": "evaluation.cycle",
        "key": "new",
        "write": True,
    }


def test_a_record_of_a_lokus_comes_with_the_users_rights_on_that_lokus(world):
    cycle = new_cycle(world)
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    assignment = actions.assign(
        lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna
    )

    record, rights = access.get_lokus_record_for_user(world.ratna, type(assignment), assignment.pk)

    assert record == assignment
    assert rights.manage and not rights.score


def test_an_action_plan_step_of_another_lokus_is_refused_and_recorded(client, world):
    cycle = new_cycle(world)
    buru = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    ambon = actions.add_lokus(
        cycle, unit=world.ambon_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    step = actions.save_action_item(
        ambon, actor=world.ratna, action="Queue numbers", owner="Head", due_on=dt.date(2024, 9, 1)
    )
    _as(client, world.abdul)  # Buru's operator: plans Buru's lokus, not Ambon's

    response = client.get(reverse("manage:evaluation_action_edit", args=[buru.pk, step.pk]))

    assert response.status_code == 404
    assert _last_refusal().detail == {
        "object_type": "evaluation.actionitem",
        "key": str(step.pk),
        "write": True,
    }


def test_results_are_provisional_until_the_cycle_is_published(world):
    cycle = new_cycle(world)

    assert not cycle.is_published
    cycle.status = Cycle.Status.PUBLISHED
    assert cycle.is_published


@pytest.mark.parametrize(
    ("status", "is_open"),
    [
        (ActionItem.Status.PLANNED, True),
        (ActionItem.Status.IN_PROGRESS, True),
        (ActionItem.Status.DONE, False),
        (ActionItem.Status.DROPPED, False),
    ],
)
def test_an_action_plan_step_is_open_until_done_or_dropped(status, is_open):
    assert ActionItem(status=status).is_open is is_open


def test_the_lokus_page_offers_removing_a_lokus_only_when_access_says_it_may_go(client, world):
    cycle = new_cycle(world)
    fresh = actions.add_lokus(
        cycle, unit=world.ambon_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    remove = reverse("manage:evaluation_lokus_remove", args=[fresh.pk])
    page = reverse("manage:evaluation_lokus", args=[fresh.pk])
    lokus, rights = access.get_lokus_for_user(world.ratna, fresh.pk)

    assert access.lokus_gates(lokus, rights).remove.open
    assert remove in _as(client, world.ratna).get(page).content.decode()

    actions.assign(fresh, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    scored_lokus(world, cycle)  # the cycle moves on to scoring
    lokus, rights = access.get_lokus_for_user(world.ratna, fresh.pk)
    gate = access.lokus_gates(lokus, rights).remove

    assert not gate.open
    assert gate.reason == "A lokus cannot be removed once scoring has started."
    assert remove not in client.get(page).content.decode()
