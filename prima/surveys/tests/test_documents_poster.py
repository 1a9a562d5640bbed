"""The A4 survey poster (issue 18): one page in the reader's language, saying how many
questions the unit's form really asks, with the survey's QR code and address."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from prima.lib.tests import pdfcheck
from prima.surveys import actions
from prima.surveys.tests.factories import make_period

URL = "/s/8104-DUKCAPIL/poster.pdf"


@pytest.fixture
def unit(world):
    make_period(world)
    unit = world.buru_dukcapil
    for position, (text, active) in enumerate(
        [
            ("Dari mana Anda mengetahui layanan ini?", True),
            ("Apakah Anda datang bersama penyandang disabilitas?", True),
            ("Pertanyaan lama yang tidak lagi ditanyakan", False),
        ]
    ):
        actions.save_extra_question(
            None,
            actor=world.abdul,
            unit=unit,
            text=text,
            kind="choice",
            choices=["Ya", "Tidak"],
            position=position,
            is_active=active,
        )
    return unit


def _poster(*, english: bool = False, query: str = "") -> bytes:
    client = Client()
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL + query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_the_poster_counts_the_questions_the_form_really_asks(unit):
    pdf = _poster(english=True)
    flat = " ".join(pdfcheck.text(pdf).split())
    assert "Answer 11 short questions" in flat  # nine elements and two asked questions
    assert "9 short questions" not in flat
    assert pdfcheck.pages(pdf) == 1
    assert pdfcheck.problems(pdf, decimal_comma=False) == []


def test_the_indonesian_poster_has_no_english_subtitles(unit):
    pdf = _poster()
    flat = " ".join(pdfcheck.text(pdf).split())
    assert "SURVEI KEPUASAN MASYARAKAT" in flat
    assert "Bagaimana pelayanan kami hari ini?" in flat
    assert "How was our service today?" not in flat
    assert "Community Satisfaction Survey" not in flat
    assert " 11 " in f" {flat} "
    assert pdfcheck.problems(pdf) == []


def test_a_long_unit_and_service_name_still_fit_one_page(world, unit):
    unit.name = (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu serta Tenaga Kerja dan "
        "Transmigrasi Kabupaten Buru"
    )
    unit.save()
    service = world.buru_ktp
    service.name = "Penerbitan Kartu Tanda Penduduk Elektronik (KTP-el) Baru, Rusak atau Hilang"
    service.save()
    pdf = _poster(query=f"?service={service.pk}")
    assert pdfcheck.pages(pdf) == 1
    assert pdfcheck.problems(pdf) == []
    assert "Hilang" in pdfcheck.text(pdf)
