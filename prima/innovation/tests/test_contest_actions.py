"""The competition's rules as its actions apply them: announcing only with a valid rubric, the
registration window, answers within their limits, eligibility from the registry and past
awards, the administrative check, reviewers from outside the agency, incomplete reviews, the
shortlist with ties, objections in their window and rate-limited, decisions and publishing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from prima.innovation import contest_actions as actions
from prima.innovation import eligibility
from prima.innovation.models import (
    Award,
    Competition,
    Objection,
    Review,
    ReviewScore,
    Submission,
)
from prima.innovation.tests.contest_support import (  # noqa: F401 (fixtures)
    AFTER_OBJECTION,
    DURING_DESK,
    DURING_OBJECTION,
    DURING_REGISTRATION,
    _client,
    _english,
    _media,
    innovation,
    local,
    ready_competition,
)
from prima.test import make_user

pytestmark = pytest.mark.django_db

S = Submission.State


def _answer_all(submission: Submission, *, actor, evidence: bool = True) -> None:
    from django.core.files.base import ContentFile

    answers = {}
    for criterion in submission.group.criteria.all():
        file = ContentFile(b"%PDF-1.4\n", name="b.pdf") if criterion.evidence_required else None
        answers[criterion.pk] = actions.AnswerInput("Jawaban singkat.", file if evidence else None)
    actions.save_answers(submission, actor=actor, answers=answers)


def _entered(world, competition, unit=None, title="Dukcapil Jemput Bola", **kw) -> Submission:
    unit = unit or world.buru_dukcapil
    actor = world.abdul if unit == world.buru_dukcapil else world.ratna
    item = innovation(unit, title, **kw)
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        submission = actions.start_entry(
            competition,
            actor=actor,
            innovation=item,
            group=competition.groups.get(),
            category=competition.categories.get(),
        )
        _answer_all(submission, actor=actor)
        actions.submit_entry(submission, actor=actor)
    return submission


def _scored(submission: Submission, reviewers, scores) -> None:
    """Reviewers with their (signifikansi, kebaruan) scores; None leaves one unscored."""
    criteria = {c.code: c for c in submission.group.criteria.all()}
    for reviewer, (a, b) in zip(reviewers, scores, strict=True):
        review = Review.objects.create(
            submission=submission, reviewer=reviewer, state=Review.State.DONE
        )
        for code, value in (("signifikansi", a), ("kebaruan", b)):
            if value is not None:
                ReviewScore.objects.create(review=review, criterion=criteria[code], score=value)


# --- announcing ------------------------------------------------------------------------------
def test_a_competition_opens_only_with_a_valid_rubric_categories_and_registration(world):
    competition = actions.create_competition(
        actor=world.ratna, title="KIPP", year=2026, level="nasional", top_n=45
    )
    with pytest.raises(ValidationError) as refused:
        actions.open_competition(competition, actor=world.ratna)
    assert refused.value.messages == [
        "Add at least one group.",
        "Add at least one category.",
        "Set the registration window.",
    ]
    group = actions.save_group(competition, actor=world.ratna, code="umum", name="Umum")
    actions.save_criterion(group, actor=world.ratna, code="a", name="A", weight=Decimal("70"))
    with pytest.raises(ValidationError) as refused:
        actions.open_competition(competition, actor=world.ratna)
    assert "Group Umum: the weights add up to 70, not 100." in refused.value.messages


def test_a_provincial_competition_needs_its_province_and_organiser(world):
    with pytest.raises(ValidationError, match="needs its province"):
        actions.create_competition(
            actor=world.ratna, title="P", year=2026, level="provinsi", top_n=5
        )


def test_the_rubric_is_fixed_once_an_entry_is_submitted(world):
    competition = ready_competition(world.ratna)
    _entered(world, competition)
    with pytest.raises(ValidationError, match="fixed"):
        actions.save_criterion(
            competition.groups.get(), actor=world.ratna, code="c", name="C", weight=Decimal(0)
        )


# --- entering -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (local(2026, 3, 1, 7, 59), False),
        (local(2026, 3, 1, 8, 0), True),
        (local(2026, 4, 16, 11, 59), True),
        (local(2026, 4, 16, 12, 0), False),
    ],
)
def test_entries_are_started_only_while_registration_is_open(world, moment, allowed):
    competition = ready_competition(world.ratna)
    item = innovation(world.buru_dukcapil, "Dukcapil Jemput Bola")
    with time_machine.travel(moment, tick=False):
        start = lambda: actions.start_entry(  # noqa: E731
            competition,
            actor=world.abdul,
            innovation=item,
            group=competition.groups.get(),
            category=competition.categories.get(),
        )
        if allowed:
            start()
        else:
            with pytest.raises(ValidationError, match="Registration is closed."):
                start()


@pytest.mark.parametrize(("words", "ok"), [(20, True), (21, False)])
def test_an_answer_over_its_word_limit_is_refused(world, words, ok):
    competition = ready_competition(world.ratna)
    item = innovation(world.buru_dukcapil, "Dukcapil Jemput Bola")
    criterion = competition.groups.get().criteria.get(code="signifikansi")
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        submission = actions.start_entry(
            competition,
            actor=world.abdul,
            innovation=item,
            group=competition.groups.get(),
            category=competition.categories.get(),
        )
        save = lambda: actions.save_answers(  # noqa: E731
            submission,
            actor=world.abdul,
            answers={criterion.pk: actions.AnswerInput("kata " * words)},
        )
        if ok:
            save()
        else:
            with pytest.raises(ValidationError, match="21 words; the limit is 20"):
                save()


def test_an_entry_is_submitted_only_when_complete_with_its_evidence(world):
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
        with pytest.raises(ValidationError) as refused:
            actions.submit_entry(submission, actor=world.abdul)
        assert refused.value.messages == ["Answer “Signifikansi”.", "Answer “Kebaruan”."]
        _answer_all(submission, actor=world.abdul, evidence=False)
        with pytest.raises(ValidationError) as refused:
            actions.submit_entry(submission, actor=world.abdul)
        assert refused.value.messages == ["Attach the evidence for “Signifikansi”."]
        _answer_all(submission, actor=world.abdul)
        assert actions.submit_entry(submission, actor=world.abdul) == []
    assert submission.state == S.SUBMITTED and submission.submitted_by == world.abdul


def test_eligibility_draws_on_the_registry_past_awards_and_the_agencys_entries(world):
    competition = ready_competition(world.ratna, quota_per_agency=1)
    group = competition.groups.get()
    group.min_age_months = 24
    group.max_times_shortlisted = 2
    group.save()
    first = _entered(world, competition)
    young = innovation(
        world.buru_dukcapil,
        "DUKCAPIL jemput-bola",  # the same title, written differently
        started_on=dt.date(2025, 1, 1),
        decree="",
    )
    for year in (2023, 2024):
        Award.objects.create(
            innovation=young, tier=Award.Tier.SHORTLIST, title="Top 99", level="nasional", year=year
        )
    with time_machine.travel(DURING_REGISTRATION, tick=False):
        second = actions.start_entry(
            competition,
            actor=world.abdul,
            innovation=young,
            group=group,
            category=competition.categories.get(),
        )
        _answer_all(second, actor=world.abdul)
        warnings = actions.submit_entry(second, actor=world.abdul)
    assert warnings == [
        eligibility.TOO_YOUNG,
        eligibility.GROUP,
        eligibility.QUOTA,
        eligibility.DUPLICATE,
        eligibility.NO_DECREE,
    ]
    # The first entry counts the second against the quota too, once it is submitted.
    assert actions.eligibility_warnings(first) == [eligibility.QUOTA, eligibility.DUPLICATE]


@pytest.mark.parametrize(
    ("level", "tier", "warned"),
    [
        ("nasional", Award.Tier.WINNER, True),
        ("provinsi", Award.Tier.WINNER, False),  # a province's winner may enter the KIPP
        ("instansi", Award.Tier.WINNER, False),
        ("nasional", Award.Tier.SHORTLIST, False),  # shortlisted once: under the limit of 2
    ],
)
def test_past_awards_count_at_the_competitions_own_level(world, level, tier, warned):
    competition = ready_competition(world.ratna)
    group = competition.groups.get()
    group.past_winners_excluded = True
    group.max_times_shortlisted = 2
    group.save()
    entry = _entered(world, competition)
    Award.objects.create(
        innovation=entry.innovation, tier=tier, title="Penghargaan", level=level, year=2025
    )
    assert (eligibility.GROUP in actions.eligibility_warnings(entry)) is warned


# --- administrative check -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("passed", "reasons", "note", "error", "state"),
    [
        (True, [], "", None, S.IN_REVIEW),
        (False, ["usia"], "", None, S.ADMIN_FAILED),
        (False, [], "", "Choose at least one reason", None),
        (True, ["usia"], "", "has no reasons to fail", None),
        (False, ["lainnya"], "", "Say in the note", None),
        (False, ["lainnya"], "Judul tidak sesuai", None, S.ADMIN_FAILED),
        (False, ["bukan"], "", "Unknown reason", None),
    ],
)
def test_the_administrative_check(world, passed, reasons, note, error, state):
    submission = _entered(world, ready_competition(world.ratna))
    check = lambda: actions.check_entry(  # noqa: E731
        submission, actor=world.ratna, passed=passed, reasons=reasons, note=note
    )
    if error:
        with pytest.raises(ValidationError, match=error):
            check()
        assert submission.checks.count() == 0
    else:
        check()
        assert Submission.objects.get(pk=submission.pk).state == state


# --- reviews --------------------------------------------------------------------------------
def test_a_reviewer_from_the_entering_agency_is_refused(world):
    submission = _entered(world, ready_competition(world.ratna))
    actions.check_entry(submission, actor=world.ratna, passed=True)
    for insider in (world.siti, world.abdul):
        with pytest.raises(ValidationError, match="belongs to the entering agency"):
            actions.assign_reviewer(submission, actor=world.ratna, reviewer=insider)
    actions.assign_reviewer(submission, actor=world.ratna, reviewer=world.marthen)
    with pytest.raises(ValidationError, match="already assigned"):
        actions.assign_reviewer(submission, actor=world.ratna, reviewer=world.marthen)


def test_scoring_needs_a_declaration_every_criterion_and_the_scale(world):
    submission = _entered(world, ready_competition(world.ratna))
    actions.check_entry(submission, actor=world.ratna, passed=True)
    reviewer = make_user("prof.ani")
    review = actions.assign_reviewer(submission, actor=world.ratna, reviewer=reviewer)
    ids = [c.pk for c in submission.group.criteria.all()]
    with pytest.raises(ValidationError, match="Declare any conflict"):
        actions.score_review(review, actor=reviewer, scores={ids[0]: 1, ids[1]: 1})
    with pytest.raises(ValidationError, match="Say what the conflict"):
        actions.declare(review, actor=reviewer, conflict=True)
    actions.declare(review, actor=reviewer, conflict=False)
    with pytest.raises(ValidationError, match="Score every criterion"):
        actions.score_review(review, actor=reviewer, scores={ids[0]: 1})
    with pytest.raises(ValidationError, match="runs from 0 to 100"):
        actions.score_review(review, actor=reviewer, scores={ids[0]: 101, ids[1]: 1})
    with pytest.raises(ValidationError, match="Only the assigned reviewer"):
        actions.score_review(review, actor=world.ratna, scores={ids[0]: 1, ids[1]: 1})
    actions.score_review(review, actor=reviewer, scores={ids[0]: 100, ids[1]: 0})
    assert Review.objects.get(pk=review.pk).state == Review.State.DONE


# --- ranking and shortlist ------------------------------------------------------------------
def _in_review(world, competition, titles) -> list[Submission]:
    out = []
    for title in titles:
        submission = _entered(world, competition, unit=world.ambon_dukcapil, title=title)
        actions.check_entry(submission, actor=world.ratna, passed=True)
        out.append(Submission.objects.get(pk=submission.pk))
    return out


def test_an_entry_with_an_incomplete_review_has_no_score_and_blocks_the_shortlist(world):
    competition = ready_competition(world.ratna)
    a, b = _in_review(world, competition, ["A", "B"])
    r1, r2 = make_user("r1"), make_user("r2")
    _scored(a, [r1, r2], [(80, 80), (90, 70)])
    _scored(b, [r1, r2], [(80, 80), (90, None)])  # r2 left kebaruan unscored
    assert actions.compute_ranking(competition, actor=world.ratna) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, a.score, a.rank) == (S.SCORED, Decimal("81.0000"), 1)
    assert (b.state, b.score, b.rank) == (S.IN_REVIEW, None, None)
    with pytest.raises(ValidationError, match="have no score yet"):
        actions.set_shortlist(competition, actor=world.ratna)


@pytest.mark.parametrize(
    ("top_n", "passing", "shortlisted"),
    [
        (1, None, {"A"}),
        (2, None, {"A", "B", "C"}),  # B and C tie at place 2: both in
        (2, Decimal("75"), {"A"}),  # B and C score 74
        (3, Decimal("74"), {"A", "B", "C"}),  # the passing grade itself passes
    ],
)
def test_the_shortlist_takes_everyone_tied_at_place_n_above_the_passing_grade(
    world, top_n, passing, shortlisted
):
    competition = ready_competition(world.ratna, top_n=top_n, passing_grade=passing)
    entries = _in_review(world, competition, ["A", "B", "C", "D"])
    r1, r2 = make_user("r1"), make_user("r2")
    for submission, (sig, keb) in zip(
        entries, [(90, 90), (70, 80), (70, 80), (50, 50)], strict=True
    ):
        _scored(submission, [r1, r2], [(sig, keb), (sig, keb)])
    actions.compute_ranking(competition, actor=world.ratna)
    ranks = {s.innovation.title: s.rank for s in competition.submissions.all()}
    assert ranks == {"A": 1, "B": 2, "C": 2, "D": 4}
    chosen = actions.set_shortlist(competition, actor=world.ratna, decree_number="Kep 1/2026")
    assert {s.innovation.title for s in chosen} == shortlisted
    assert Award.objects.filter(tier=Award.Tier.SHORTLIST).count() == len(shortlisted)
    states = {s.innovation.title: s.state for s in competition.submissions.all()}
    assert {t for t, st in states.items() if st == S.SHORTLISTED} == shortlisted


def test_the_heaviest_criterion_breaks_a_tie(world):
    competition = ready_competition(world.ratna)
    a, b = _in_review(world, competition, ["A", "B"])
    r1, r2 = make_user("r1"), make_user("r2")
    _scored(a, [r1, r2], [(80, 60), (80, 60)])  # 48 + 24 = 72
    _scored(b, [r1, r2], [(70, 75), (70, 75)])  # 42 + 30 = 72
    actions.compute_ranking(competition, actor=world.ratna)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.score == b.score == Decimal("72.0000")
    assert (a.rank, b.rank) == (1, 2)  # signifikansi (60%): 80 beats 70


# --- objections, decision, publishing -------------------------------------------------------
def _shortlisted(world) -> tuple[Competition, Submission]:
    competition = ready_competition(world.ratna)
    with time_machine.travel(DURING_DESK, tick=False):
        [entry] = _in_review(world, competition, ["A"])
        _scored(entry, [make_user("r1"), make_user("r2")], [(90, 90), (80, 80)])
        actions.compute_ranking(competition, actor=world.ratna)
        actions.set_shortlist(competition, actor=world.ratna)
    entry.refresh_from_db()
    return competition, entry


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (DURING_DESK, False),
        (local(2026, 6, 1, 8), True),
        (local(2026, 6, 6, 7, 59), True),
        (local(2026, 6, 6, 8), False),
    ],
)
def test_objections_are_taken_only_during_the_window(world, moment, open_):
    _competition, entry = _shortlisted(world)
    with time_machine.travel(moment, tick=False):
        file = lambda: actions.file_objection(  # noqa: E731
            entry, actor=None, name="Warga", contact="0812", text="Tidak berjalan."
        )
        if open_:
            file()
        else:
            with pytest.raises(ValidationError, match="window is not open"):
                file()


def test_the_public_objection_form_is_rate_limited(world, client):
    competition, entry = _shortlisted(world)
    url = reverse("innovation:contest_objection", args=[competition.pk, entry.pk])
    data = {"name": "Warga", "contact": "0812", "text": "Tidak berjalan."}
    with time_machine.travel(DURING_OBJECTION, tick=False):
        codes = [client.post(url, data).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert Objection.objects.count() == 5


def test_the_hidden_field_filled_by_a_robot_keeps_nothing(world, client):
    competition, entry = _shortlisted(world)
    url = reverse("innovation:contest_objection", args=[competition.pk, entry.pk])
    with time_machine.travel(DURING_OBJECTION, tick=False):
        response = client.post(
            url, {"name": "Bot", "contact": "x", "text": "spam", "website": "http://x"}
        )
    assert response.status_code == 302 and not Objection.objects.exists()


def test_disqualifying_needs_an_upheld_objection_and_publishing_a_decided_shortlist(world):
    competition, entry = _shortlisted(world)
    with time_machine.travel(DURING_OBJECTION, tick=False):
        objection = actions.file_objection(
            entry, actor=None, name="Warga", contact="0812", text="Sudah berhenti."
        )
    with time_machine.travel(AFTER_OBJECTION, tick=False):
        with pytest.raises(ValidationError, match="Record the award decree first"):
            actions.publish_results(competition, actor=world.ratna)
        actions.record_decree(
            competition, actor=world.ratna, number="Kep 2/2026", date=dt.date(2026, 6, 9)
        )
        with pytest.raises(ValidationError, match="Decide every shortlisted entry"):
            actions.publish_results(competition, actor=world.ratna)
        actions.resolve_objection(
            objection, actor=world.ratna, upheld=False, resolution="Masih berjalan."
        )
        with pytest.raises(ValidationError, match="only after an upheld objection"):
            actions.decide(entry, actor=world.ratna, outcome=S.DISQUALIFIED)
        actions.decide(entry, actor=world.ratna, outcome=S.FINALIST)
        actions.publish_results(competition, actor=world.ratna)
    competition.refresh_from_db()
    assert competition.state == Competition.State.CLOSED
    assert not Award.objects.filter(tier=Award.Tier.WINNER).exists()


def test_an_upheld_objection_disqualifies(world):
    competition, entry = _shortlisted(world)
    with time_machine.travel(DURING_OBJECTION, tick=False):
        objection = actions.file_objection(
            entry, actor=None, name="Warga", contact="0812", text="Sudah berhenti."
        )
    with time_machine.travel(AFTER_OBJECTION, tick=False):
        actions.resolve_objection(
            objection, actor=world.ratna, upheld=True, resolution="Terbukti berhenti 2025."
        )
        actions.decide(entry, actor=world.ratna, outcome=S.DISQUALIFIED)
    assert Submission.objects.get(pk=entry.pk).state == S.DISQUALIFIED
