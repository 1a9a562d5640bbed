"""The demo data loads, is complete enough to show every survey page, and loads twice safely."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from prima.surveys import aggregates
from prima.surveys.models import (
    FollowUpAction,
    Kiosk,
    PeriodResult,
    Publication,
    SurveyPeriod,
    SurveyResponse,
)


@pytest.mark.django_db
def test_the_demo_loads_twice_with_surveys_that_match_a_rebuild(capsys):
    call_command("seed_demo")
    counts = (SurveyPeriod.objects.count(), SurveyResponse.objects.count())
    assert counts[0] == 18 and counts[1] > 2000
    call_command("seed_demo")
    assert (SurveyPeriod.objects.count(), SurveyResponse.objects.count()) == counts
    assert "18 survey periods" in capsys.readouterr().out

    mutu = set(PeriodResult.objects.values_list("mutu", flat=True))
    assert {"A", "B", "C", "D"} <= mutu  # every category has an example
    assert PeriodResult.objects.filter(sample_met=False).exists()  # an open period, short
    assert SurveyResponse.objects.filter(is_flagged=True).exists()
    assert FollowUpAction.objects.exists() and Publication.objects.exists()
    assert Kiosk.objects.filter(enrolled_at__isnull=True).exists()

    before = list(PeriodResult.objects.order_by("pk").values_list("ikm", "ci_low", "profile"))
    aggregates.rebuild()
    assert (
        list(PeriodResult.objects.order_by("pk").values_list("ikm", "ci_low", "profile")) == before
    )


@pytest.mark.django_db
def test_the_demo_survey_is_open_to_citizens_today():
    call_command("seed_demo")
    page = Client().get("/s/8104-DUKCAPIL/")
    assert page.status_code == 200 and 'name="token"' in page.content.decode()
    assert "Dari mana Anda mengetahui layanan ini?" in page.content.decode()
