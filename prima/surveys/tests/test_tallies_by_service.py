"""The period's tally split by the service received (aggregates.tallies_by_service): merged
back together the parts are the period's own stored tally; flagged answers stay out."""

from __future__ import annotations

import datetime as dt

from prima.registry.models import Service
from prima.surveys import actions, aggregates, ikm, submission
from prima.surveys.models import PeriodResult
from prima.surveys.tests.factories import answers, make_period

NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


def test_the_tallies_per_service_add_up_to_the_periods_tally(world):
    other = Service.objects.create(unit=world.buru_dukcapil, name="Penerbitan Kartu Keluarga")
    period = make_period(world, population=50)
    sent = [
        (world.buru_ktp, answers(4)),
        (world.buru_ktp, answers(3, 4, 3, 4, 3, 4, 3, 4, None)),
        (other, answers(2)),
        (None, answers(1)),
    ]
    for service, given in sent:
        submission.submit_response(period, answers=given, channel="web", service=service, now=NOW)
    odd = submission.submit_response(
        period, answers=answers(1), channel="web", service=other, now=NOW
    ).response
    actions.flag_response(odd, actor=world.siti, note="same phone")

    parts = aggregates.tallies_by_service(period)

    assert set(parts) == {world.buru_ktp.pk, other.pk, None}
    assert parts[world.buru_ktp.pk].respondents == 2
    assert parts[other.pk].result().ikm_rounded == ikm.round_half_up(ikm.Fraction(50))
    whole = ikm.Tally(period.ikm_method)
    for part in parts.values():
        whole.merge(part)
    assert whole == ikm.Tally.from_json(PeriodResult.objects.get(pk=period.pk).moments)


def test_a_period_without_answers_has_no_parts(world):
    assert aggregates.tallies_by_service(make_period(world)) == {}
