"""Shared fixtures and builders of the competition tests: registry innovations, a competition
ready to take entries, and the times of its windows (Asia/Jakarta)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from prima.accounts.models import User
from prima.innovation import contest_actions as actions
from prima.innovation.models import Competition, Innovation, Window
from prima.registry.models import ServiceUnit

WIB = ZoneInfo("Asia/Jakarta")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)  # type: ignore[misc]


# The windows every test competition keeps.
REGISTRATION = (local(2026, 3, 1, 8), local(2026, 4, 16, 12))
DESK = (local(2026, 4, 20, 8), local(2026, 5, 30, 17))
OBJECTION = (local(2026, 6, 1, 8), local(2026, 6, 6, 8))
DURING_REGISTRATION = local(2026, 3, 10, 9)
DURING_DESK = local(2026, 5, 2, 9)
DURING_OBJECTION = local(2026, 6, 2, 9)
AFTER_OBJECTION = local(2026, 6, 8, 9)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(name="client")
def _client(settings):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


def innovation(
    unit: ServiceUnit,
    title: str,
    *,
    started_on: dt.date = dt.date(2023, 1, 1),
    kind: str = Innovation.Kind.ORIGINAL,
    decree: str = "SK 12/2023",
) -> Innovation:
    return Innovation.objects.create(
        unit=unit,
        title=title,
        summary="Layanan yang didatangi petugas.",
        problem="Warga pulau jauh dari kantor.",
        theme="tata_kelola",
        kind=kind,
        started_on=started_on,
        stage="penerapan",
        status_confirmed_on=dt.date(2026, 1, 5),
        decree_number=decree,
    )


def ready_competition(
    actor: User,
    *,
    windows: dict[str, tuple[dt.datetime, dt.datetime]] | None = None,
    **fields: object,
) -> Competition:
    """A national competition with one group of two criteria (60/40, the first with a word
    limit of 20 and evidence required), one category and the standard windows, announced."""
    values: dict[str, object] = {
        "title": "KIPP 2026",
        "year": 2026,
        "level": Competition.Level.NATIONAL,
        "top_n": 1,
        "passing_grade": Decimal("50"),
        "scale_max": 100,
        "reviews_required": 2,
        "agreement_tolerance": 10,
    }
    values.update(fields)
    competition = actions.create_competition(actor=actor, **values)
    actions.set_windows(
        competition,
        actor=actor,
        windows=windows
        or {
            Window.Stage.REGISTRATION: REGISTRATION,
            Window.Stage.DESK: DESK,
            Window.Stage.OBJECTION: OBJECTION,
        },
    )
    group = actions.save_group(competition, actor=actor, code="umum", name="Umum")
    actions.save_criterion(
        group,
        actor=actor,
        code="signifikansi",
        name="Signifikansi",
        weight=Decimal(60),
        max_words=20,
        evidence_required=True,
        order=1,
    )
    actions.save_criterion(
        group, actor=actor, code="kebaruan", name="Kebaruan", weight=Decimal(40), order=2
    )
    actions.save_category(competition, actor=actor, code="tata-kelola", name="Tata kelola")
    actions.open_competition(competition, actor=actor)
    return competition
