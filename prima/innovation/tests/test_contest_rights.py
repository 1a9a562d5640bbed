"""Who may organise, enter, review and see a competition (contest_access), one row per
branch."""

from __future__ import annotations

import pytest
import time_machine
from django.http import Http404

from prima.accounts.models import AuditEvent, Role
from prima.innovation import contest_access as access
from prima.innovation import contest_actions as actions
from prima.innovation.models import Competition, Submission
from prima.innovation.tests.contest_support import (  # noqa: F401 (fixtures)
    DURING_DESK,
    DURING_REGISTRATION,
    _english,
    _media,
    innovation,
    local,
    ready_competition,
)
from prima.registry.models import Region
from prima.test import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "levels"),
    [
        ("ratna", ["nasional", "provinsi", "instansi"]),
        ("siti", ["instansi"]),  # a regency's administrator: its own pre-selection
        ("abdul", []),
        ("yohanis", []),
    ],
)
def test_who_may_create_which_level_of_competition(world, persona, levels):
    assert access.creatable_levels(getattr(world, persona)) == levels


def test_a_provincial_governments_administrator_may_create_a_provincial_competition(world):
    admin = make_user("admin.maluku", role=Role.AGENCY_ADMIN, agency=world.pemprov_maluku)
    assert access.creatable_levels(admin) == ["provinsi", "instansi"]


def _competitions(world) -> dict[str, Competition]:
    maluku = Region.objects.get(code="81")
    return {
        "national": ready_competition(world.ratna, title="KIPP 2026"),
        "maluku": ready_competition(
            world.ratna,
            title="Kompetisi Inovasi Maluku",
            level=Competition.Level.PROVINCIAL,
            organiser=world.pemprov_maluku,
            region=maluku,
        ),
        "buru": ready_competition(
            world.ratna,
            title="Seleksi Internal Buru",
            level=Competition.Level.AGENCY,
            organiser=world.buru,
        ),
    }


@pytest.mark.parametrize(
    ("persona", "organises"),
    [
        ("ratna", {"national", "maluku", "buru"}),
        ("siti", {"buru"}),
        ("marthen", set()),
        ("province", {"maluku"}),
        ("abdul", set()),
    ],
)
def test_organisers_by_level(world, persona, organises):
    competitions = _competitions(world)
    make_user("province", role=Role.AGENCY_ADMIN, agency=world.pemprov_maluku)
    user = (
        getattr(world, persona)
        if persona != "province"
        else type(world.ratna).objects.get(username="province")
    )
    assert {k for k, c in competitions.items() if access.can_organise(user, c)} == organises


@pytest.mark.parametrize(
    ("persona", "unit", "may_enter"),
    [
        ("abdul", "buru_dukcapil", {"national", "maluku", "buru"}),
        ("marthen", "ambon_dukcapil", {"national", "maluku"}),  # not Buru's pre-selection
        ("sorong", "sorong_dukcapil", {"national"}),  # outside Maluku
        ("yohanis", None, set()),  # an evaluator enters nothing
    ],
)
def test_who_may_enter_which_competition(world, persona, unit, may_enter):
    competitions = _competitions(world)
    if persona == "sorong":
        user = make_user("op.sorong", role=Role.UNIT_OPERATOR, unit=world.sorong_dukcapil)
    else:
        user = getattr(world, persona)
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        entering = {k for k, c in competitions.items() if access.competition_rights(user, c).enter}
    assert entering == may_enter
    if unit:
        for key in may_enter:
            assert getattr(world, unit) in access.entering_units(user, competitions[key])


def test_nobody_enters_outside_the_registration_window(world):
    competition = ready_competition(world.ratna)
    with time_machine.travel(DURING_DESK, tick=False):
        assert not access.competition_rights(world.abdul, competition).enter


def test_a_draft_competition_is_seen_by_its_organisers_only(world):
    draft = actions.create_competition(
        actor=world.ratna, title="Draf", year=2026, level="nasional", top_n=10
    )
    assert draft in access.competitions_visible_to(world.ratna)
    assert draft not in access.competitions_visible_to(world.abdul)
    with pytest.raises(Http404):
        access.get_competition_for_user(world.abdul, draft.pk)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED).exists()


def test_an_agency_pre_selection_is_not_seen_by_other_agencies(world):
    buru = _competitions(world)["buru"]
    assert buru in access.competitions_visible_to(world.abdul)
    assert buru not in access.competitions_visible_to(world.marthen)


def _entry_in_review(world, competition) -> Submission:
    item = innovation(world.buru_dukcapil, "Dukcapil Jemput Bola")
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        submission = actions.start_entry(
            competition,
            actor=world.abdul,
            innovation=item,
            group=competition.groups.get(),
            category=competition.categories.get(),
        )
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.IN_REVIEW)
    submission.refresh_from_db()
    return submission


def test_a_reviewer_reads_the_answers_only_after_declaring_no_conflict(world):
    competition = ready_competition(world.ratna)
    submission = _entry_in_review(world, competition)
    reviewer = make_user("prof.ani")
    review = actions.assign_reviewer(submission, actor=world.ratna, reviewer=reviewer)
    _, rights = access.get_submission_for_user(reviewer, submission.pk)
    assert (rights.read, rights.answers) == (True, False)
    _, review_rights = access.get_review_for_user(reviewer, review.pk)
    assert (review_rights.declare, review_rights.answers, review_rights.score) == (
        True,
        False,
        False,
    )
    actions.declare(review, actor=reviewer, conflict=False)
    _, rights = access.get_submission_for_user(reviewer, submission.pk)
    assert rights.answers and not rights.organise
    _, review_rights = access.get_review_for_user(reviewer, review.pk)
    assert review_rights.score


def test_a_reviewer_who_declares_a_conflict_never_reads_the_answers(world):
    competition = ready_competition(world.ratna)
    submission = _entry_in_review(world, competition)
    reviewer = make_user("prof.ani")
    review = actions.assign_reviewer(submission, actor=world.ratna, reviewer=reviewer)
    actions.declare(review, actor=reviewer, conflict=True, note="Adik saya di Disdukcapil Buru")
    _, rights = access.get_submission_for_user(reviewer, submission.pk)
    assert not rights.answers
    _, review_rights = access.get_review_for_user(reviewer, review.pk)
    assert not (review_rights.declare or review_rights.score)


def test_a_review_is_only_its_reviewers(world):
    competition = ready_competition(world.ratna)
    submission = _entry_in_review(world, competition)
    review = actions.assign_reviewer(submission, actor=world.ratna, reviewer=make_user("x"))
    with pytest.raises(Http404):
        access.get_review_for_user(world.ratna, review.pk)


@pytest.mark.parametrize(
    ("persona", "reads", "organises"),
    [
        ("ratna", True, True),
        ("abdul", True, False),  # the unit's operator
        ("siti", True, False),  # the agency's administrator
        ("marthen", False, False),
        ("yohanis", False, False),
    ],
)
def test_who_sees_an_entry(world, persona, reads, organises):
    competition = ready_competition(world.ratna)
    submission = _entry_in_review(world, competition)
    user = getattr(world, persona)
    if reads:
        _, rights = access.get_submission_for_user(user, submission.pk)
        assert rights.organise is organises
    else:
        with pytest.raises(Http404):
            access.get_submission_for_user(user, submission.pk)


def test_a_draft_entry_is_edited_only_while_registration_is_open(world):
    competition = ready_competition(world.ratna)
    item = innovation(world.buru_dukcapil, "Dukcapil Jemput Bola")
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        submission = actions.start_entry(
            competition,
            actor=world.abdul,
            innovation=item,
            group=competition.groups.get(),
            category=competition.categories.get(),
        )
        assert access.submission_rights(world.abdul, submission).edit
    with time_machine.travel(local(2026, 4, 16, 12), tick=False):  # it closes: exclusive
        assert not access.submission_rights(world.abdul, submission).edit


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("abdul", {"national", "maluku", "buru"}),
        ("marthen", {"national", "maluku"}),
        ("yohanis", {"national", "maluku", "buru"}),  # Maluku's evaluator reads Buru's units
        ("sorong", {"national"}),
    ],
)
def test_announced_competitions_are_seen_where_they_reach(world, persona, sees):
    competitions = _competitions(world)
    if persona == "sorong":
        user = make_user("op.sorong", role=Role.UNIT_OPERATOR, unit=world.sorong_dukcapil)
    else:
        user = getattr(world, persona)
    visible = set(access.competitions_visible_to(user))
    assert {k for k, c in competitions.items() if c in visible} == sees
