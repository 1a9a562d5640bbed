"""The programme from its setup to the awards, through the actions, each recording who
acted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from prima.recognition import actions
from prima.recognition.models import Nomination, Placement, Programme
from prima.recognition.tests.factories import ROUND, make_programme, nominate, score_all

pytestmark = pytest.mark.django_db


def test_a_programme_opens_only_with_weights_of_100_a_chair_and_two_members(world):
    programme = actions.create_programme(
        actor=world.siti,
        name="Pegawai Teladan",
        agency=world.buru,
        period="yearly",
        award_kinds=["sertifikat"],
    )
    with pytest.raises(ValidationError) as refused:
        actions.open_programme(programme, actor=world.siti)
    assert "Add the criteria." in refused.value.messages
    assert "Name the committee's chair." in refused.value.messages
    actions.add_criterion(
        programme, actor=world.siti, element="kinerja", title="Kinerja", weight=60
    )
    with pytest.raises(ValidationError, match="add up to 60"):
        actions.open_programme(programme, actor=world.siti)
    actions.add_criterion(
        programme, actor=world.siti, element="kehadiran", title="Kehadiran", weight=40
    )
    actions.add_member(programme, actor=world.siti, user=world.siti, role="chair")
    with pytest.raises(ValidationError, match="at least two members"):
        actions.open_programme(programme, actor=world.siti)
    actions.add_member(programme, actor=world.siti, user=world.abdul)
    actions.open_programme(programme, actor=world.siti)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.OPEN
    assert programme.history.first().history_user == world.siti


def test_criteria_are_fixed_once_the_programme_opens(world):
    setup = make_programme(world)
    with pytest.raises(ValidationError, match="published"):
        actions.add_criterion(
            setup.programme, actor=world.siti, element="inovasi", title="Inovasi", weight=10
        )
    with pytest.raises(ValidationError, match="published"):
        actions.remove_criterion(setup.criteria[0], actor=world.siti)


def test_a_committee_has_one_chair(world):
    setup = make_programme(world, open_it=False)
    with pytest.raises(ValidationError, match="already has a chair"):
        actions.add_member(setup.programme, actor=world.siti, user=world.marthen, role="chair")


def test_a_unit_of_another_agency_cannot_scope_a_programme(world):
    with pytest.raises(ValidationError, match="another agency"):
        actions.create_programme(
            actor=world.siti,
            name="Salah",
            agency=world.buru,
            unit=world.ambon_dukcapil,
            period="monthly",
        )


def test_a_nomination_names_its_nominator_and_is_refused_twice_in_a_round(world):
    setup = make_programme(world)
    nomination = nominate(world, setup, staff_nip="199001012015032001")
    assert nomination.nominated_by == world.abdul
    assert nomination.history.first().history_user == world.abdul
    with pytest.raises(ValidationError, match="already nominated"):
        nominate(world, setup, name="nurul  hasanah")
    # The next round takes the same officer again.
    nominate(world, setup, round_start=dt.date(2026, 10, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"round_start": dt.date(2026, 7, 15)}, "one of the programme's rounds"),
        ({"reasons": "   "}, "Say why"),
    ],
)
def test_a_nomination_outside_the_rules_is_refused(world, change, message):
    setup = make_programme(world)
    with pytest.raises(ValidationError, match=message):
        nominate(world, setup, **change)


def test_a_nominee_serves_in_the_programmes_unit(world):
    setup = make_programme(world)
    with pytest.raises(ValidationError, match="programme's unit"):
        nominate(world, setup, unit=world.ambon_dukcapil)


def test_nominations_wait_for_the_programme_to_open(world):
    setup = make_programme(world, open_it=False)
    with pytest.raises(ValidationError, match="while the programme is open"):
        nominate(world, setup)


def test_a_member_who_declared_a_conflict_cannot_score_that_nomination(world):
    setup = make_programme(world)
    nomination = nominate(world, setup)
    actions.declare(
        nomination,
        actor=world.abdul,
        member=setup.abdul,
        has_conflict=True,
        nature="Adik kandung saya.",
    )
    with pytest.raises(ValidationError, match="conflict of interest"):
        actions.score(
            nomination,
            actor=world.abdul,
            member=setup.abdul,
            values={c.pk: 90 for c in setup.criteria},
        )
    assert not nomination.scores.exists()
    # …and a declaration is not taken back by declaring again.
    with pytest.raises(ValidationError, match="already declared"):
        actions.declare(nomination, actor=world.abdul, member=setup.abdul, has_conflict=False)


def test_a_member_declares_before_scoring_and_a_conflict_is_described(world):
    setup = make_programme(world)
    nomination = nominate(world, setup)
    with pytest.raises(ValidationError, match="Declare whether"):
        actions.score(
            nomination,
            actor=world.siti,
            member=setup.chair,
            values={c.pk: 80 for c in setup.criteria},
        )
    with pytest.raises(ValidationError, match="Describe the conflict"):
        actions.declare(nomination, actor=world.siti, member=setup.chair, has_conflict=True)


def test_a_member_scores_every_criterion_within_0_to_100(world):
    setup = make_programme(world)
    nomination = nominate(world, setup)
    actions.declare(nomination, actor=world.siti, member=setup.chair, has_conflict=False)
    partial = {setup.criteria[0].pk: 80}
    with pytest.raises(ValidationError, match="every criterion"):
        actions.score(nomination, actor=world.siti, member=setup.chair, values=partial)
    too_high = {c.pk: 101 for c in setup.criteria}
    with pytest.raises(ValidationError, match="between 0 and 100"):
        actions.score(nomination, actor=world.siti, member=setup.chair, values=too_high)


def test_the_decision_places_every_nomination_by_its_weighted_total(world):
    setup = make_programme(world)
    nurul = nominate(world, setup)
    bayu = nominate(world, setup, name="Bayu Lessy")
    ani = nominate(world, setup, name="Ani Wael")
    # Abdul has a conflict with Nurul: only the chair and Sari score her.
    actions.declare(nurul, actor=world.abdul, member=setup.abdul, has_conflict=True, nature="Ipar.")
    score_all(world, setup, nurul, setup.chair, 90)
    score_all(world, setup, nurul, setup.sari, 80)
    score_all(world, setup, bayu, setup.chair, 95)
    score_all(world, setup, ani, setup.abdul, 70)
    with pytest.raises(ValidationError, match="Record the committee's reasons"):
        actions.decide(
            setup.programme,
            actor=world.siti,
            round_start=ROUND,
            decree_number="800/45/2026",
            decree_date=dt.date(2026, 10, 5),
            reasons=" ",
        )
    decision = actions.decide(
        setup.programme,
        actor=world.siti,
        round_start=ROUND,
        decree_number="800/45/2026",
        decree_date=dt.date(2026, 10, 5),
        reasons="Nilai tertinggi pada kinerja.",
    )
    placed = {p.nomination.staff_name: (p.rank, p.total) for p in decision.placements.all()}
    assert placed == {
        "Bayu Lessy": (1, Decimal("95.00")),
        "Nurul Hasanah": (2, Decimal("85.00")),  # the mean of the two who scored her
        "Ani Wael": (3, Decimal("70.00")),
    }
    assert decision.history.first().history_user == world.siti
    with pytest.raises(ValidationError, match="already been decided"):
        nominate(world, setup, name="Terlambat")


def test_the_decision_waits_until_every_nomination_is_scored(world):
    setup = make_programme(world)
    nurul = nominate(world, setup)
    nominate(world, setup, name="Bayu Lessy")
    score_all(world, setup, nurul, setup.chair, 90)
    with pytest.raises(ValidationError, match="Bayu Lessy"):
        actions.decide(
            setup.programme,
            actor=world.siti,
            round_start=ROUND,
            decree_number="1",
            decree_date=dt.date(2026, 10, 5),
            reasons="Alasan.",
        )


def test_a_withdrawn_nomination_is_not_placed(world):
    setup = make_programme(world)
    nurul = nominate(world, setup)
    bayu = nominate(world, setup, name="Bayu Lessy")
    score_all(world, setup, nurul, setup.chair, 70)
    actions.withdraw_nomination(bayu, actor=world.abdul, reason="Pindah tugas")
    assert bayu.history.first().history_change_reason == "withdrawn: Pindah tugas"
    decision = actions.decide(
        setup.programme,
        actor=world.siti,
        round_start=ROUND,
        decree_number="1",
        decree_date=dt.date(2026, 10, 5),
        reasons="Alasan.",
    )
    assert [p.nomination for p in decision.placements.all()] == [nurul]
    assert Nomination.objects.get(pk=bayu.pk).status == Nomination.Status.WITHDRAWN


def test_an_award_is_of_a_kind_the_programme_offers_and_gives_its_reasons(world):
    setup = make_programme(world)
    nurul = nominate(world, setup)
    score_all(world, setup, nurul, setup.chair, 90)
    actions.decide(
        setup.programme,
        actor=world.siti,
        round_start=ROUND,
        decree_number="800/45/2026",
        decree_date=dt.date(2026, 10, 5),
        reasons="Alasan.",
    )
    placement = Placement.objects.get(nomination=nurul)
    with pytest.raises(ValidationError, match="does not offer"):
        actions.give_award(
            placement,
            actor=world.siti,
            kind="insentif",
            title="Insentif",
            reasons="x",
            awarded_on=dt.date(2026, 10, 10),
        )
    with pytest.raises(ValidationError, match="why the award"):
        actions.give_award(
            placement,
            actor=world.siti,
            kind="sertifikat",
            title="Sertifikat",
            reasons=" ",
            awarded_on=dt.date(2026, 10, 10),
        )
    award = actions.give_award(
        placement,
        actor=world.siti,
        kind="sertifikat",
        title="Pelaksana Terbaik Triwulan III",
        reasons="Nilai tertinggi.",
        awarded_on=dt.date(2026, 10, 10),
    )
    assert not award.is_financial
    assert award.history.first().history_user == world.siti


def test_a_member_who_declared_stays_on_the_committee(world):
    setup = make_programme(world)
    nurul = nominate(world, setup)
    actions.declare(nurul, actor=world.abdul, member=setup.abdul, has_conflict=False)
    with pytest.raises(ValidationError, match="stays with the programme"):
        actions.remove_member(setup.abdul, actor=world.siti)


def test_a_withdrawal_reason_fits_the_change_history(world):
    setup = make_programme(world)
    nurul = nominate(world, setup)
    with pytest.raises(ValidationError, match="at most 80"):
        actions.withdraw_nomination(nurul, actor=world.abdul, reason="x" * 81)
    actions.withdraw_nomination(nurul, actor=world.abdul, reason="y" * 80)
    assert nurul.history.first().history_change_reason == "withdrawn: " + "y" * 80
