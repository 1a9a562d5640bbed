"""A form that cannot be saved at this stage opens read-only with the reason, before anyone
types; what was sent anyway is refused and shown back. A pending contest gives its decider a
working decide button where it is listed, and tells everyone else who decides and by when
(issue 16 §9)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from prima.evaluation import actions
from prima.evaluation.forms import field_name
from prima.evaluation.models import Contest, Cycle, Score
from prima.evaluation.tests.records import INSTRUMENT, new_cycle, scored_lokus
from prima.lib import formats
from prima.test import make_user, sign_in


def _as(client, user):
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, user)


@pytest.fixture
def verifying(world):
    """A national cycle in its verification window (opened today), Buru's 18.c.K contested."""
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle)
    actions.advance(cycle, actor=world.ratna)
    contest = actions.raise_contest(
        lokus, indicator="18.c.K", reason="Ramp tersedia.", proposed_score=4, actor=world.abdul
    )
    return cycle, lokus, contest


def _controls(body: str) -> list[str]:
    """Every input, select and textarea of the page's main form fields (not the CSRF token)."""
    return [
        tag
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", body)
        if 'type="hidden"' not in tag and 'name="language"' not in tag
    ]


def test_the_score_form_opens_read_only_with_the_reason_outside_the_scoring_stage(
    client, world, verifying
):
    _cycle_, lokus, _contest = verifying
    sign_in(client, world.yohanis)
    body = client.get(reverse("manage:evaluation_score", args=[lokus.pk])).content.decode()
    assert "Scores can be entered only while the cycle is in scoring" in body
    assert "Verification window" in body  # the stage it is in
    controls = _controls(body)
    assert controls and all(" disabled" in tag for tag in controls)
    assert "Save the scores" not in body


def test_scores_sent_after_the_stage_moved_on_are_refused_and_shown_back(client, world, verifying):
    _cycle_, lokus, _contest = verifying
    sign_in(client, world.yohanis)
    data = {field_name("score", code): "5" for code in INSTRUMENT.indicators}
    data[field_name("note", "1.a.Ak")] = "Catatan yang diketik."
    response = client.post(reverse("manage:evaluation_score", args=[lokus.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in body
    assert "Catatan yang diketik." in body  # what was typed is shown, read-only
    assert set(Score.objects.filter(lokus=lokus).values_list("score", flat=True)) == {3}


def test_the_lokus_page_tells_the_evaluator_why_scores_cannot_be_entered(client, world, verifying):
    _cycle_, lokus, _contest = verifying
    sign_in(client, world.yohanis)
    body = client.get(reverse("manage:evaluation_lokus", args=[lokus.pk])).content.decode()
    assert "Scores can be entered only while the cycle is in scoring" in body
    assert "Score this lokus" not in body


def test_the_score_form_is_open_in_the_scoring_stage(client, world):
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle)
    sign_in(client, world.yohanis)
    body = client.get(reverse("manage:evaluation_score", args=[lokus.pk])).content.decode()
    assert "Save the scores" in body
    assert not any(" disabled" in tag for tag in _controls(body))


def test_a_submitted_self_assessment_opens_read_only_with_the_reason(client, world):
    cycle = new_cycle(world)
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    actions.save_answers(
        lokus,
        answers={code: (3, "Lihat bukti.") for code in INSTRUMENT.indicators},
        actor=world.abdul,
    )
    actions.submit_self_assessment(lokus, actor=world.abdul)
    sign_in(client, world.abdul)
    url = reverse("manage:evaluation_self_assessment", args=[lokus.pk])
    body = client.get(url).content.decode()
    assert "The self-assessment has been submitted." in body
    controls = _controls(body)
    assert controls and all(" disabled" in tag for tag in controls)
    assert "Save as draft" not in body and "Submit to the evaluators" not in body
    assert 'name="file"' not in body  # no evidence upload either
    response = client.post(url, {field_name("explanation", "1.a.Ak"): "Diubah.", "save": "1"})
    assert "Nothing was saved" in response.content.decode()
    assert lokus.answers.get(indicator="1.a.Ak").explanation == "Lihat bukti."


def test_the_self_assessment_says_which_stage_the_cycle_is_in_when_it_is_closed(
    client, world, verifying
):
    _cycle_, lokus, _contest = verifying
    sign_in(client, world.abdul)
    body = client.get(
        reverse("manage:evaluation_self_assessment", args=[lokus.pk])
    ).content.decode()
    assert "the cycle is now at: Verification window" in body
    assert "Save as draft" not in body


def test_the_decider_decides_a_pending_contest_on_the_page_that_lists_it(client, world, verifying):
    _cycle_, lokus, contest = verifying
    sign_in(client, world.ratna)
    page = reverse("manage:evaluation_lokus", args=[lokus.pk])
    body = client.get(page).content.decode()
    decide = reverse("manage:evaluation_decide", args=[contest.pk])
    assert f'action="{decide}"' in body
    assert "Decided by" not in body
    client.post(decide, {"decision": "accept", "score": "", "note": "Ramp terlihat di foto."})
    contest.refresh_from_db()
    assert contest.status == Contest.Status.ACCEPTED
    assert f'action="{decide}"' not in client.get(page).content.decode()


@pytest.mark.parametrize("persona", ["yohanis", "abdul", "siti"])
def test_everyone_else_sees_who_decides_a_pending_contest_and_by_when(
    client, world, verifying, persona
):
    cycle, lokus, contest = verifying
    sign_in(client, getattr(world, persona))
    body = client.get(reverse("manage:evaluation_lokus", args=[lokus.pk])).content.decode()
    with translation.override("en"):  # the page's language: dates written out (long_date)
        due = formats.long_date(cycle.verification_ends_on)
    assert f"Decided by the national administrators (Kementerian PANRB), by {due}." in body
    assert reverse("manage:evaluation_decide", args=[contest.pk]) not in body


def test_in_a_mandiri_cycle_the_agency_decides_and_the_unit_is_told_so(client, world):
    cycle = new_cycle(world, scheme=Cycle.Scheme.MANDIRI, agency=world.buru, actor=world.siti)
    lokus = scored_lokus(world, cycle)
    actions.advance(cycle, actor=world.siti)
    contest = actions.raise_contest(
        lokus, indicator="1.a.Ak", reason="SK terbit.", proposed_score=4, actor=world.abdul
    )
    page = reverse("manage:evaluation_lokus", args=[lokus.pk])
    sign_in(client, world.abdul)
    assert "Decided by the administrators of Pemerintah Kabupaten Buru" in (
        client.get(page).content.decode()
    )
    _as(client, world.siti)
    assert reverse("manage:evaluation_decide", args=[contest.pk]) in (
        client.get(page).content.decode()
    )


def test_a_published_cycles_settings_open_read_only_with_the_reason(client, world):
    cycle = new_cycle(world)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.PUBLISHED)
    sign_in(client, world.ratna)
    url = reverse("manage:evaluation_cycle_edit", args=[cycle.pk])
    body = client.get(url).content.decode()
    assert "A published cycle cannot be changed." in body
    assert all(" disabled" in tag for tag in _controls(body))
    assert ">Save<" not in body
    response = client.post(url, {"name": "Diubah", "verification_days": "9"})
    assert "Nothing was saved" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.name == "PEKPPP 2024" and cycle.verification_days == 5


def test_the_cycle_page_says_what_the_next_stage_needs_before_the_button_is_pressed(client, world):
    cycle = new_cycle(world)
    actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    sign_in(client, world.ratna)
    body = client.get(reverse("manage:evaluation_cycle", args=[cycle.pk])).content.decode()
    assert "Assign a primary evaluator to: Disdukcapil Kabupaten Buru." in body
    assert reverse("manage:evaluation_advance", args=[cycle.pk]) not in body


def test_an_evaluator_who_has_scored_cannot_be_removed_so_no_button_offers_it(client, world):
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle)
    second = make_user("second", role="evaluator")
    lokus.double_scored = True
    lokus.save()
    actions.assign(lokus, evaluator=second, role="second", level="kementerian", actor=world.ratna)
    sign_in(client, world.ratna)
    body = client.get(reverse("manage:evaluation_lokus", args=[lokus.pk])).content.decode()
    scored, fresh = (
        lokus.assignments.get(evaluator=world.yohanis),
        lokus.assignments.get(evaluator=second),
    )
    assert reverse("manage:evaluation_unassign", args=[scored.pk]) not in body
    assert reverse("manage:evaluation_unassign", args=[fresh.pk]) in body


def test_the_f03_form_of_a_unit_whose_agency_is_closed_is_not_public(client, world):
    cycle = new_cycle(world)
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.advance(cycle, actor=world.ratna)
    url = reverse("evaluation_rating", args=[lokus.user_token])
    assert client.get(url).status_code == 200
    world.buru.is_active = False
    world.buru.save()
    # Its "back to the unit" link would lead to a unit the directory no longer lists.
    assert client.get(url).status_code == 404


def test_ratings_are_refused_outside_the_rating_stages_by_the_action_too(world):
    cycle = new_cycle(world)
    lokus = scored_lokus(world, cycle)
    actions.advance(cycle, actor=world.ratna, today=timezone.localdate())
    with pytest.raises(Exception, match="F-03 form is open during"):
        actions.submit_rating(lokus, answers={"sikap": 4}, actor=None)
