"""The figures beside a nomination are the unit's, equal to what the surveys and complaints
modules themselves report — never computed per officer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from prima.complaints import actions as complaint_actions
from prima.complaints import workflow
from prima.complaints.queries import unit_stats
from prima.complaints.tests.factories import file
from prima.recognition import queries
from prima.recognition.tests.factories import make_programme, nominate
from prima.surveys import actions as survey_actions
from prima.surveys import submission
from prima.surveys.queries import period_report
from prima.surveys.tests.factories import answers, make_period

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC)


def _survey(world):
    period = make_period(world)
    for i, (behaviour, rest) in enumerate([(4, 3), (3, 3), (2, 4), (4, 4)]):
        values = answers(rest)
        values["perilaku"] = behaviour
        submission.submit_response(
            period, answers=values, channel="web", submission_key=f"k{i}", now=NOW
        )
    return period


def test_the_behaviour_element_is_the_units_own_from_the_survey_report(world):
    period = _survey(world)
    setup = make_programme(world)
    nomination = nominate(world, setup)
    signals = queries.unit_signals(nomination)
    assert signals.unit == world.buru_dukcapil
    assert signals.period == period
    fresh = type(period).objects.get(pk=period.pk)  # with its stored result
    report = next(row for row in period_report(fresh).elements if row.key == "perilaku")
    assert signals.behaviour is not None
    assert signals.behaviour.value == report.value == Decimal("81.25")  # (4+3+2+4)/4 × 25
    assert signals.behaviour.position == report.position == 7
    # Every nominee of the unit sees the same figure: nothing is per officer.
    other = nominate(world, setup, name="Bayu Lessy")
    assert queries.unit_signals(other).behaviour.value == signals.behaviour.value


def test_the_element_follows_the_units_own_question_order(world):
    _survey(world)
    order = [
        "perilaku",
        *[k for k in period_report(_survey_period(world)).order if k != "perilaku"],
    ]
    survey_actions.set_element_order(world.buru_dukcapil, actor=world.siti, order=order)
    setup = make_programme(world)
    signals = queries.unit_signals(nominate(world, setup))
    assert signals.behaviour.position == 1


def _survey_period(world):
    from prima.surveys.models import SurveyPeriod

    return SurveyPeriod.objects.get(unit=world.buru_dukcapil)


def test_a_unit_without_survey_results_shows_no_element(world):
    setup = make_programme(world)
    signals = queries.unit_signals(nominate(world, setup))
    assert signals.period is None and signals.behaviour is None


def test_the_complaint_share_is_the_complaints_modules_own(world):
    now = timezone.now()
    for i in range(6):
        complaint = file(world, at=now - dt.timedelta(days=20 + i), title=f"Keluhan {i}").complaint
        if i < 4:
            complaint = complaint_actions.verify(
                complaint, actor=world.siti, unit=world.buru_dukcapil
            )
            complaint = complaint_actions.start(complaint, actor=world.abdul, role=workflow.UNIT)
            complaint_actions.respond(
                complaint, actor=world.abdul, role=workflow.UNIT, answer="Sudah selesai."
            )
    setup = make_programme(world)
    signals = queries.unit_signals(nominate(world, setup))
    own = unit_stats(world.buru_dukcapil)
    assert signals.complaints == own
    assert own.shown and own.count == 6


def test_the_nomination_page_labels_the_figures_as_the_units(world, client):
    from prima.test import sign_in

    _survey(world)
    setup = make_programme(world)
    nomination = nominate(world, setup)
    page = (
        sign_in(client, world.siti)
        .get(f"/manage/recognition/nominations/{nomination.pk}/")
        .content.decode()
    )
    assert "Figures of the unit: Disdukcapil Kabupaten Buru" in page
    assert "not this officer" in page
    assert "U7: 81.25" in page
