"""The citizen's submission reads its rows by column name, with columns from the models'
`_meta` (prima/surveys/submission.py): a renamed or reordered column is never read as another."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.core.management import call_command

from prima.lib import db
from prima.surveys import submission
from prima.surveys.models import PeriodResult
from prima.surveys.tests.factories import answers, make_period

NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


def test_the_locked_result_is_read_by_name_whatever_the_order_of_its_columns(world, monkeypatch):
    built = submission._statements

    def reordered(vendor: str) -> submission._Statements:
        statements = built(vendor)
        # The count first and the result's columns backwards: read by position, the count
        # would be taken for the period and the profile for the moments.
        columns = db.columns(PeriodResult, ("profile", "moments", "period"), alias="r")
        period = db.column(PeriodResult, "period", alias="r")
        sql = (
            f"SELECT ({statements.device_answers}) AS device_answers, {columns} "  # noqa: S608
            f"FROM {db.table(PeriodResult)} r WHERE {period} = %s FOR UPDATE"
        )
        return dataclasses.replace(statements, result_and_device_answers=sql)

    monkeypatch.setattr(submission, "_statements", reordered)
    period = make_period(world)
    profile = {"sex": "P", "age": 30, "education": "SMA", "occupation": "swasta"}
    for value, device in ((3, "d1"), (4, "d2"), (4, "d1")):
        submission.submit_response(
            period, answers=answers(value), channel="web", device=device, profile=profile, now=NOW
        )
    result = PeriodResult.objects.get(pk=period.pk)
    # d1's second answer is over the daily limit: stored, flagged, not counted.
    assert (result.respondents, result.flagged) == (2, 1)
    assert result.ikm_rounded == Decimal("87.50")
    # The moments and profile written from the row read back agree with a rebuild.
    fields = ("moments", "profile", "respondents", "ikm")
    expected = PeriodResult.objects.values(*fields).get(pk=period.pk)
    call_command("rebuild_survey_aggregates", verbosity=0)
    assert PeriodResult.objects.values(*fields).get(pk=period.pk) == expected


def test_the_submissions_statements_follow_a_renamed_column_and_keep_the_rows_names(
    monkeypatch,
):
    monkeypatch.setattr(PeriodResult._meta.get_field("moments"), "column", "sums")
    sql = submission._statements.__wrapped__("renamed")
    assert 'r."sums" AS "moments"' in sql.result_and_device_answers
    for name in submission.LockedResult._fields:
        assert f'AS "{name}"' in sql.result_and_device_answers or f"AS {name}" in (
            sql.result_and_device_answers
        )
    assert "AS device_answers" in sql.device_answers
