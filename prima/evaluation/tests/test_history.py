"""Every write in an evaluation cycle names who made it: the history of each record says who
added or removed a lokus, assigned or unassigned an evaluator, attached evidence, recorded a
visit or a session, raised or decided a contest (issue 17, item 4). The actions are called
directly, outside any request, so the name can only come from the action itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prima.evaluation import actions
from prima.evaluation.models import (
    Assignment,
    Contest,
    Evidence,
    Lokus,
    MentoringSession,
    UserRating,
    Visit,
)
from prima.evaluation.tests.records import INSTRUMENT, new_cycle, scored_lokus
from prima.lib.history import describe

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _lokus(world, cycle):
    return actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )


def _last(model, **filters):
    return model.history.filter(**filters).order_by("-history_date", "-history_id").first()


def test_the_history_names_who_assigned_and_who_unassigned_an_evaluator(world):
    lokus = _lokus(world, new_cycle(world))

    assignment = actions.assign(
        lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna
    )
    pk = assignment.pk
    actions.unassign(assignment, actor=world.siti)

    assigned, unassigned = Assignment.history.filter(id=pk).order_by("history_id")
    assert (assigned.history_type, assigned.history_user) == ("+", world.ratna)
    assert assigned.evaluator == world.yohanis
    assert (unassigned.history_type, unassigned.history_user) == ("-", world.siti)
    change = describe([assigned])[0]
    assert (change.user, change.model) == (str(world.ratna), "evaluator assignment")


def test_the_history_names_who_added_and_who_removed_a_lokus(world):
    lokus = _lokus(world, new_cycle(world))
    pk = lokus.pk

    actions.remove_lokus(lokus, actor=world.siti)

    added, removed = Lokus.history.filter(id=pk).order_by("history_id")
    assert (added.history_type, added.history_user) == ("+", world.ratna)
    assert (removed.history_type, removed.history_user) == ("-", world.siti)


def test_the_history_names_who_chose_the_double_scoring_sample(world):
    cycle = new_cycle(world)
    lokus = _lokus(world, cycle)

    actions.choose_double_scoring(cycle, actor=world.siti)

    record = _last(Lokus, id=lokus.pk)
    assert (record.history_type, record.history_user, record.double_scored) == (
        "~",
        world.siti,
        True,
    )


def test_the_history_names_who_submitted_the_self_assessment_and_who_attached_evidence(world):
    cycle = new_cycle(world)
    lokus = _lokus(world, cycle)
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    item = actions.add_evidence(
        lokus,
        indicator="10.b.As",
        title="SK jam pelayanan",
        file=SimpleUploadedFile("sk.pdf", PDF_BYTES, content_type="application/pdf"),
        actor=world.abdul,
    )
    pk = item.pk
    actions.remove_evidence(item, actor=world.siti)
    actions.save_answers(
        lokus, answers={code: (3, "") for code in INSTRUMENT.indicators}, actor=world.abdul
    )

    actions.submit_self_assessment(lokus, actor=world.abdul)

    attached, removed = Evidence.history.filter(id=pk).order_by("history_id")
    assert (attached.history_type, attached.history_user) == ("+", world.abdul)
    assert (removed.history_type, removed.history_user) == ("-", world.siti)
    submitted = _last(Lokus, id=lokus.pk)
    assert submitted.history_user == world.abdul
    assert submitted.submitted_by == world.abdul


def test_the_history_names_who_recorded_a_visit_and_a_mentoring_session(world):
    lokus = _lokus(world, new_cycle(world))

    visit = actions.record_visit(
        lokus,
        actor=world.yohanis,
        visited_on=dt.date(2024, 8, 1),
        evaluators="Yohanis",
        unit_officials="Kepala — Head",
        findings="Queue numbers in use.",
    )
    session = actions.record_session(
        lokus,
        actor=world.ratna,
        held_on=dt.date(2024, 9, 1),
        mode="online",
        topic="Action plan",
        attendees="Kepala — Head",
    )

    assert _last(Visit, id=visit.pk).history_user == world.yohanis
    assert _last(MentoringSession, id=session.pk).history_user == world.ratna


def test_the_history_names_who_raised_and_who_decided_a_contest(world):
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle)
    actions.advance(cycle, actor=world.ratna, today=dt.date(2024, 8, 1))
    contest = actions.raise_contest(
        lokus,
        indicator="18.c.K",
        reason="We publish the survey results.",
        proposed_score=4,
        actor=world.abdul,
        today=dt.date(2024, 8, 1),
    )

    actions.decide_contest(
        contest, accept=False, note="No evidence.", score=None, actor=world.ratna
    )

    raised, decided = Contest.history.filter(id=contest.pk).order_by("history_id")
    assert (raised.history_user, raised.status) == (world.abdul, Contest.Status.OPEN)
    assert (decided.history_user, decided.status) == (world.ratna, Contest.Status.REJECTED)


def test_the_history_names_the_unit_that_accepted_its_scores(world):
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle)
    actions.advance(cycle, actor=world.ratna, today=dt.date(2024, 8, 1))

    actions.accept_scores(lokus, actor=world.abdul, today=dt.date(2024, 8, 1))

    record = _last(Lokus, id=lokus.pk)
    assert (record.history_user, record.scores_accepted_at) == (
        world.abdul,
        lokus.scores_accepted_at,
    )


def test_a_service_users_rating_is_recorded_without_a_name(world):
    cycle = new_cycle(world)
    lokus = _lokus(world, cycle)
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)

    rating = actions.submit_rating(lokus, answers={"sikap": 5}, actor=None)

    record = _last(UserRating, id=rating.pk)
    assert (record.history_type, record.history_user) == ("+", None)


def test_a_recomputed_result_adds_no_change_to_the_lokus_history(world):
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle, value=3)
    before = Lokus.history.filter(id=lokus.pk).count()

    actions.save_scores(
        lokus,
        evaluator=world.yohanis,
        scores={code: (4, "") for code in INSTRUMENT.indicators},
        actor=world.yohanis,
    )

    lokus.refresh_from_db()
    assert lokus.ipp_rounded is not None
    assert Lokus.history.filter(id=lokus.pk).count() == before
