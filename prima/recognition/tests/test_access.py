"""What the access functions say each person may do with a programme and a nomination, and
that every refusal is a recorded 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from prima.accounts.models import AuditEvent, Role
from prima.recognition import access, actions
from prima.recognition.tests.factories import make_programme, nominate
from prima.test import make_user

pytestmark = pytest.mark.django_db


def _refusals() -> int:
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).count()


def test_the_agency_administrator_manages_and_chairs(world):
    setup = make_programme(world, open_it=False)
    _p, rights = access.get_programme_for_user(world.siti, setup.programme.pk)
    assert rights.manage and rights.change_criteria and rights.open and rights.chair
    assert not rights.close and not rights.nominate  # a draft takes no nominations
    actions.open_programme(setup.programme, actor=world.siti)
    _p, rights = access.get_programme_for_user(world.siti, setup.programme.pk)
    assert rights.close and rights.nominate and not rights.change_criteria


def test_the_units_operator_nominates_and_sits_but_does_not_manage(world):
    setup = make_programme(world)
    _p, rights = access.get_programme_for_user(world.abdul, setup.programme.pk)
    assert rights.nominate and rights.member and rights.export
    assert not (rights.manage or rights.chair or rights.open)
    assert list(access.nominating_units(world.abdul, setup.programme)) == [world.buru_dukcapil]


def test_an_evaluator_over_the_region_reads_without_acting(world):
    setup = make_programme(world)
    _p, rights = access.get_programme_for_user(world.yohanis, setup.programme.pk)
    assert rights.read
    assert not (rights.manage or rights.nominate or rights.member or rights.export)


def test_another_agencys_administrator_gets_a_recorded_404(world):
    setup = make_programme(world)
    before = _refusals()
    with pytest.raises(Http404):
        access.get_programme_for_user(world.marthen, setup.programme.pk)
    nomination = nominate(world, setup)
    with pytest.raises(Http404):
        access.get_nomination_for_user(world.marthen, nomination.pk)
    assert _refusals() == before + 2


def test_a_committee_member_outside_the_agency_still_reads_the_programme(world):
    setup = make_programme(world, open_it=False)
    outsider = make_user("lukas")  # no role anywhere, but named on the committee
    outsider_member = actions.add_member(setup.programme, actor=world.siti, user=outsider)
    assert outsider_member.pk
    _p, rights = access.get_programme_for_user(outsider, setup.programme.pk)
    assert rights.member and not rights.manage


def test_a_member_declares_once_and_then_scores_or_stands_aside(world):
    setup = make_programme(world)
    nomination = nominate(world, setup)
    _n, rights, _pr = access.get_nomination_for_user(world.abdul, nomination.pk)
    assert rights.declare and not rights.score
    actions.declare(
        nomination, actor=world.abdul, member=setup.abdul, has_conflict=True, nature="Ipar."
    )
    _n, rights, _pr = access.get_nomination_for_user(world.abdul, nomination.pk)
    assert not rights.declare and not rights.score and rights.conflicted
    before = _refusals()
    with pytest.raises(Http404):
        access.get_nomination_for_user(world.abdul, nomination.pk, need="score")
    assert _refusals() == before + 1
    actions.declare(nomination, actor=world.siti, member=setup.chair, has_conflict=False)
    _n, rights, _pr = access.get_nomination_for_user(world.siti, nomination.pk)
    assert rights.score and not rights.conflicted


def test_only_the_nominator_and_the_managers_change_a_nomination(world):
    setup = make_programme(world)
    nomination = nominate(world, setup)  # by Abdul
    assert access.get_nomination_for_user(world.abdul, nomination.pk)[1].change
    assert access.get_nomination_for_user(world.siti, nomination.pk)[1].change
    assert not access.get_nomination_for_user(setup.sari_user, nomination.pk)[1].change


def test_an_agency_wide_programme_takes_operators_of_any_of_its_units(world):
    setup = make_programme(world, unit=None)
    units = access.nominating_units(world.siti, setup.programme)
    assert world.buru_dukcapil in units and world.buru_rsud not in units  # RSUD is inactive
    operator = make_user("rina", role=Role.UNIT_OPERATOR, unit=world.buru_dukcapil)
    assert list(access.nominating_units(operator, setup.programme)) == [world.buru_dukcapil]


def test_only_programmes_that_publish_their_awards_are_public(world):
    published = make_programme(world).programme
    quiet = make_programme(world, publish_awards=False, name="Internal").programme
    assert access.get_public_programme(published.pk) == published
    with pytest.raises(Http404):
        access.get_public_programme(quiet.pk)
