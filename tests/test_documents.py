"""Every document Prima makes, generated from the demo data and read back as a civil servant
would read it (issue 18): no two words on top of each other, no word out of its cell or the
page's margins, no decimal point in an Indonesian document, signature blocks whole; every
issued document numbered and verifiable, the same number on a second download.

Set PRIMA_DOCUMENT_PAGES=<folder> to also draw every page as PNG there, for looking at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from prima.accounts.models import User
from prima.documents.models import IssuedDocument
from prima.lib.tests import pdfcheck
from prima.test import sign_in

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[], str]
    issued: str = ""  # the IssuedDocument kind it numbers, "" for posters and the passport
    public: bool = False


def _forum():
    from prima.standards.models import Forum

    return Forum.objects.filter(unit__code="8104-DUKCAPIL").order_by("pk").first()


def _visit():
    from prima.evaluation.models import Lokus, Visit

    visit = Visit.objects.order_by("pk").first()
    if visit is None:  # the demo records none: one at Buru's Disdukcapil
        lokus = Lokus.objects.filter(unit__code="8104-DUKCAPIL").order_by("-cycle__year").first()
        visit = Visit.objects.create(
            lokus=lokus,
            visited_on=timezone.localdate(),
            evaluators="Yohanis Latuheru",
            unit_officials="Kepala Dinas",
            findings="Standar pelayanan dipajang di ruang tunggu; maklumat belum ditandatangani.",
            recorded_by=User.objects.get(username="evaluator.maluku"),
        )
    return visit


def _published_cycle():
    from prima.evaluation.models import Cycle

    return Cycle.objects.filter(status="published").order_by("-year").first()


def _period():
    from prima.surveys.models import SurveyPeriod

    return (
        SurveyPeriod.objects.filter(unit__code="8104-DUKCAPIL", kind="year")
        .order_by("-starts_on")
        .first()
    )


def _participant():
    from prima.coaching.models import Participant

    return Participant.objects.filter(attended_at__isnull=False).order_by("pk").first()


def _standard():
    from prima.standards.models import ServiceStandard

    return (
        ServiceStandard.objects.filter(service__unit__code="8104-DUKCAPIL", status="published")
        .order_by("pk")
        .first()
    )


CASES = [
    Case("skm-report", lambda: reverse("manage:survey_report", args=[_period().pk, "pdf"]),
         issued="skm_report"),
    Case("forum-minutes", lambda: reverse("manage:forum_minutes", args=[_forum().pk]),
         issued="forum_minutes"),
    Case("forum-minutes-public",
         lambda: reverse("standards:minutes", args=["8104-DUKCAPIL", _forum().pk]),
         issued="forum_minutes", public=True),
    Case("visit-minutes", lambda: reverse("manage:evaluation_visit_pdf", args=[_visit().pk]),
         issued="visit_minutes"),
    Case("ipp-results",
         lambda: reverse("manage:evaluation_export", args=[_published_cycle().pk, "pdf"]),
         issued="ipp_results"),
    Case("certificate",
         lambda: reverse("manage:coaching_certificate",
                         args=[_participant().event_id, _participant().pk]),
         issued="certificate"),
    Case("survey-poster", lambda: reverse("surveys:poster", args=["8104-DUKCAPIL"]), public=True),
    Case("passport", lambda: reverse("standards:passport_pdf", args=["8104-DUKCAPIL"]),
         public=True),
    Case("standard-poster",
         lambda: reverse("standards:poster", args=["8104-DUKCAPIL", _standard().pk]),
         public=True),
]  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _get(case: Case, language: str = "id") -> bytes:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if not case.public:
        sign_in(client, User.objects.get(username="admin.nasional"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(case.url())
    assert response.status_code == 200, (case.name, response.status_code)
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_document_from_the_demo_is_fit_to_print(demo, case):
    data = _get(case)
    assert pdfcheck.problems(data) == []
    folder = os.environ.get("PRIMA_DOCUMENT_PAGES")
    if folder:
        pdfcheck.render(data, Path(folder), case.name, resolution=70)
    content = pdfcheck.text(data)
    for internal in ("pekppp-2023", "in_progress", "age_band", "(bimtek)", "(daring)"):
        assert internal not in content, (case.name, internal)


@pytest.mark.parametrize("case", [c for c in CASES if c.issued], ids=lambda case: case.name)
def test_every_issued_document_is_numbered_once_and_verifiable(demo, case):
    first = _get(case)
    second = _get(case)
    documents = IssuedDocument.objects.filter(kind=case.issued)
    assert documents.exists(), case.name
    text = pdfcheck.text(first).replace("\n", " ")
    document = next(d for d in documents if d.number in text)
    assert document.display_code in text
    assert document.number in pdfcheck.text(second)
    page = Client().get(reverse("verify_document", args=[document.code]))
    assert page.status_code == 200


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_document_reads_in_english_for_an_english_reader(demo, case):
    data = _get(case, "en")
    assert pdfcheck.problems(data, decimal_comma=False) == []
