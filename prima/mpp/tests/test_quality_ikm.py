"""The IKM per tenant of the MPP's survey period is the SKM module's own: equal to what the
module gives for a period holding only that tenant's answers, flagged answers left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from prima.mpp import quality
from prima.mpp.tests.quality_world import make_mpp
from prima.surveys import actions, submission
from prima.surveys.models import ELEMENT_KEYS, PeriodResult
from prima.surveys.queries import survey_path
from prima.surveys.tests.factories import answers, make_period

NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


def _row(rows, tenant):
    return next(r for r in rows if r.tenant == tenant)


# Answers of the tenant's respondents, the IKM the SKM module gives and its category: the
# nearest a single respondent comes to each category limit, and 65.00 exactly (five
# respondents answering 3, 3, 3, 2, 2 to every element) with the value just below it.
FIVE = [answers(3), answers(3), answers(3), answers(2), answers(2)]
LOWER = [*FIVE[:4], answers(1, 2, 2, 2, 2, 2, 2, 2, 2)]
CASES = [
    ([answers(4, 4, 4, 4, 4, 4, 4, 4, 4)], "100.00", "A"),
    ([answers(4, 4, 4, 4, 4, 3, 3, 3, 3)], "88.89", "A"),
    ([answers(4, 4, 4, 4, 3, 3, 3, 3, 3)], "86.11", "B"),
    ([answers(4, 3, 3, 3, 3, 3, 3, 3, 3)], "77.78", "B"),
    ([answers(3)], "75.00", "C"),
    (FIVE, "65.00", "C"),
    (LOWER, "64.44", "D"),
    ([answers(1)], "25.00", "D"),
]


@pytest.mark.parametrize(("given", "expected", "mutu"), CASES)
def test_a_tenants_ikm_equals_a_period_of_its_answers_alone(world, given, expected, mutu):
    place = make_mpp(world)
    period = make_period(world, unit=place.mpp.unit)
    alone = make_period(world, unit=world.ambon_dukcapil)
    services = [place.ktp.service, place.kk.service]
    for i, sent in enumerate(given):
        service = services[i % 2]
        submission.submit_response(period, answers=sent, channel="web", service=service, now=NOW)
        submission.submit_response(alone, answers=sent, channel="web", now=NOW)
    # Other tenants' answers and a flagged answer of this tenant's change nothing.
    submission.submit_response(
        period, answers=answers(1), channel="web", service=place.skck.service, now=NOW
    )
    odd = submission.submit_response(
        period, answers=answers(1), channel="web", service=place.ktp.service, now=NOW
    ).response
    actions.flag_response(odd, actor=world.marthen, note="same phone")

    row = _row(quality.ikm_by_tenant(period), place.dukcapil)

    stored = PeriodResult.objects.get(pk=alone.pk)
    assert row.ikm.value == stored.ikm_rounded == Decimal(expected)
    assert row.ikm.category is not None
    assert row.ikm.category.mutu == stored.mutu == mutu
    assert row.ikm.respondents == stored.respondents == len(given)
    assert [s.ikm.respondents for s in row.services] == [
        len(given[0::2]) if s.offering == place.ktp else len(given[1::2]) for s in row.services
    ]


def test_tenants_without_answers_and_answers_without_a_tenant_are_shown_apart(world):
    place = make_mpp(world)
    period = make_period(world, unit=place.mpp.unit)
    submission.submit_response(
        period, answers=answers(4), channel="web", service=place.skck.service, now=NOW
    )
    submission.submit_response(period, answers=answers(2), channel="web", now=NOW)

    rows = quality.ikm_by_tenant(period)

    assert rows[0].tenant == place.polres and rows[0].ikm.value == Decimal("100.00")
    assert rows[-1].tenant is None and rows[-1].ikm.respondents == 1
    silent = _row(rows, place.dukcapil)
    assert (silent.ikm.respondents, silent.ikm.value, silent.ikm.category) == (0, None, None)
    assert len(ELEMENT_KEYS) == 9


def test_a_period_of_one_service_shows_only_its_tenant(world):
    place = make_mpp(world)
    period = make_period(world, unit=place.mpp.unit, service=place.skck.service)
    rows = quality.ikm_by_tenant(period)
    assert [r.tenant for r in rows] == [place.polres]


def test_the_survey_links_preselect_each_service(world):
    place = make_mpp(world)
    links = dict(quality.survey_links(place.mpp))
    assert [link.path for link in links[place.dukcapil]] == [
        survey_path(place.mpp.unit, place.ktp.service),
        survey_path(place.mpp.unit, place.kk.service),
    ]
    assert all(f"service={link.offering.service_id}" in link.qr for link in links[place.polres])
