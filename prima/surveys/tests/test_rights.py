"""What each user may do with a unit's survey comes from the access functions
(prima.surveys.access), and the pages read it from there (issue 17, item 3)."""

from __future__ import annotations

from prima.surveys import access, queries, reports
from prima.surveys.tests.factories import make_period


def test_an_operator_runs_the_survey_but_does_not_review_responses(world):
    period = make_period(world)
    period, rights = access.get_period_for_user(world.abdul, period.pk, write=True)
    assert rights.read and rights.change and not rights.review_responses


def test_the_agency_administrator_reviews_responses_and_an_evaluator_only_reads(world):
    period = make_period(world)
    assert access.get_period_for_user(world.siti, period.pk)[1].review_responses
    rights = access.get_survey_unit_for_user(world.yohanis, world.buru_dukcapil.code)[1]
    assert rights.read and not rights.change and not rights.review_responses


def test_only_national_readers_read_every_units_results(world):
    assert access.reads_every_unit(world.ratna)
    assert not access.reads_every_unit(world.siti)


def test_the_results_charts_are_drawn_by_the_reports_module(world):
    report = queries.period_report(make_period(world))
    assert reports.element_chart(report).count("<svg") == 2  # the wide and narrow layouts
    assert reports.trend_chart(report).count("<svg") == 2
