"""Every publication record in Prima — a standard's, a maklumat's, a survey period's results —
speaks one vocabulary of media and agrees on which are electronic (issue 17, item 5)."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps

from prima.lib.media import ELECTRONIC_MEDIA, Medium
from prima.standards.models import MaklumatPublication, StandardPublication
from prima.surveys.models import Publication
from prima.surveys.tests.factories import make_period

MODELS = (StandardPublication, MaklumatPublication, Publication)


def test_every_publication_record_offers_the_same_media():
    for model in MODELS:
        assert model._meta.get_field("medium").choices == Medium.choices, model


def test_every_publication_record_agrees_on_what_is_electronic():
    for model in MODELS:
        electronic = {m for m in Medium.values if model(medium=m).is_electronic}
        assert electronic == set(ELECTRONIC_MEDIA), model


def test_the_surveys_banner_records_become_leaflets_and_back(world):
    migration = importlib.import_module(
        "prima.surveys.migrations.0008_publication_banner_is_leaflet"
    )
    period = make_period(world)
    kept = Publication.objects.create(
        period=period, medium="website", url="https://a.go.id", published_on=dt.date(2026, 7, 1)
    )
    old = Publication.objects.create(period=period, medium="banner", published_on=kept.published_on)
    migration.forwards(apps, None)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.medium, kept.medium) == ("leaflet", "website")
    assert old.get_medium_display() == Medium.LEAFLET.label
    migration.backwards(apps, None)
    old.refresh_from_db()
    assert old.medium == "banner"
