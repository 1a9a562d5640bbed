"""The SKM report as a document fit to sign and send (issue 18): the unit's letterhead, a
number and verification code that stay the same on every download, every table wrapped with
its header repeated, Indonesian numbers and dates, the head of unit's signature whole on one
page — and the same in English when the reader chose English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation

from prima.documents.models import IssuedDocument
from prima.lib import formats
from prima.lib.officials import Signer, format_nip
from prima.lib.pdf import Issued, Letterhead
from prima.lib.tests import pdfcheck
from prima.surveys import actions, queries, reports, submission
from prima.surveys.models import ELEMENT_KEYS, SurveyPeriod
from prima.surveys.tests.factories import make_period
from prima.test import sign_in

# 10:00 WIT in Namlea on Wednesday 2 December 2026.
NOW = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)
ANSWERED = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
HEAD = "Drs. La Ode Abdul Rahman Wamnebo Latuconsina, M.Si."
POSITION = "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"
NIP = "197503122000031002"
# Keys and codes that must never reach paper.
INTERNAL = re.compile(
    r"permenpanrb-14-2017|surveys\.period|in_progress|notice_board|age_band|sarpras|"
    r"pemkab-buru|\bsex\b|\bchannel\b|\bdiploma\b|\bwirausaha\b|\bpns\b"
)
A_DATE_IN_DIGITS = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


@pytest.fixture
def period(world):
    agency = world.buru
    agency.letterhead_title = "Pemerintah Kabupaten Buru"
    agency.seat = "Namlea"
    agency.document_number_pattern = "800/{nomor}/{jenis}/{unit}/{tahun}"
    agency.save()
    unit = world.buru_dukcapil
    unit.name = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"
    unit.address = "Jl. Baru Kompleks Perkantoran Pemerintah Kabupaten Buru, Namlea"
    unit.phone = "(0913) 21000"
    unit.head_name, unit.head_position, unit.head_nip = HEAD, POSITION, NIP
    unit.save()
    period = make_period(world, population=1200, target=Decimal("80.00"))
    actions.set_target(unit, actor=world.siti, year=2025, target=Decimal("78.00"))
    sexes, educations = ("L", "P"), ("sd", "smp", "sma", "diploma", "s1", "s2")
    occupations = ("pns", "swasta", "wirausaha", "lainnya")
    for index in range(48):
        answers = {
            key: 2 + (index * (position + 1)) % 3 for position, key in enumerate(ELEMENT_KEYS)
        }
        answers["waktu"] = 1 + index % 2  # the weakest element
        submission.submit_response(
            period,
            answers=answers,
            channel="web",
            profile={
                "sex": sexes[index % 2],
                "age": 18 + (index * 7) % 50,
                "education": educations[index % 6],
                "occupation": occupations[index % 4],
            },
            now=ANSWERED,
        )
    for index in range(14):
        actions.save_followup(
            None,
            actor=world.siti,
            period=period,
            element=ELEMENT_KEYS[index % 9],
            problem=(
                "Waktu tunggu pelayanan perekaman KTP-el melebihi standar pelayanan pada hari "
                f"Senin dan Jumat karena keterbatasan petugas loket nomor {index + 1}."
            ),
            action=(
                "Menambah satu petugas perekaman, menerapkan nomor antrean daring dan "
                "mengumumkan jadwal layanan jemput bola di kecamatan melalui papan informasi "
                "dan media sosial dinas."
            ),
            owner="Kepala Bidang Pelayanan Pendaftaran Penduduk dan Pencatatan Sipil",
            deadline=dt.date(2026, 7, 1) + dt.timedelta(days=index * 11),
            status="done" if index % 3 == 0 else "in_progress",
            completed_on=dt.date(2026, 8, 14) if index % 3 == 0 else None,
        )
    actions.add_publication(
        period,
        actor=world.siti,
        medium="website",
        url="https://dukcapil.burukab.go.id/informasi-publik/hasil-survei-kepuasan-masyarakat-"
        "semester-i-2026",
        published_on=dt.date(2026, 7, 20),
    )
    actions.add_publication(
        period, actor=world.siti, medium="notice_board", published_on=dt.date(2026, 7, 25)
    )
    return period


def _fresh_report(period: SurveyPeriod) -> queries.PeriodReport:
    """The report as the view reads it (the fixture's period holds its result from before
    the answers were counted)."""
    return queries.period_report(SurveyPeriod.objects.get(pk=period.pk))


def _download(world, period, *, english: bool = False) -> bytes:
    client = sign_in(Client(), world.siti)
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"/manage/surveys/{period.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_the_report_is_fit_to_sign(world, period):
    pdf = _download(world, period)
    assert pdfcheck.problems(pdf) == []
    document = IssuedDocument.objects.get(
        kind=IssuedDocument.Kind.SKM_REPORT, subject=f"surveys.period:{period.pk}"
    )
    text = pdfcheck.text(pdf)
    flat = " ".join(text.split())
    assert document.number.startswith("800/") and document.number in flat
    assert document.display_code in flat
    # The letterhead of the agency and the unit, the place and date over the signature.
    assert "PEMERINTAH KABUPATEN BURU" in flat
    assert "Namlea, 2 Desember 2026" in flat
    # The position and the name wrap in the block; the block stands whole on one page.
    assert pdfcheck.same_page(
        pdf, "Namlea, 2 Desember 2026", "Kepala Dinas", "Latuconsina", f"NIP. {format_nip(NIP)}"
    )
    # Indonesian numbers and dates; no key, no code, no date in digits.
    ikm = formats.decimal(_fresh_report(period).summary.ikm_rounded)
    assert "," in ikm and f"IKM {ikm}" in flat
    assert "1 Januari 2026 – 30 Juni 2026" in flat
    assert "20 Juli 2026" in flat  # published on
    assert not INTERNAL.search(text), INTERNAL.search(text)
    assert not A_DATE_IN_DIGITS.search(text)


def test_the_follow_up_plan_breaks_across_pages_with_its_header_on_each(world, period):
    pdf = _download(world, period)
    # The "Penanggung jawab" header of the plan stands on every page the plan runs over.
    pages_with_header = {w.page for w in pdfcheck.words(pdf) if w.text == "Penanggung"}
    plan_rows = {w.page for w in pdfcheck.words(pdf) if w.text == "Kepala"} - {pdfcheck.pages(pdf)}
    assert len(pages_with_header) >= 2
    assert plan_rows <= pages_with_header
    assert pdfcheck.problems(pdf) == []


def test_a_second_download_keeps_the_number_and_the_code(world, period):
    first = _download(world, period)
    second = _download(world, period)
    documents = IssuedDocument.objects.filter(kind=IssuedDocument.Kind.SKM_REPORT)
    assert documents.count() == 1
    document = documents.get()
    assert document.issued_by == world.siti and document.unit == world.buru_dukcapil
    for pdf in (first, second):
        assert document.number in " ".join(pdfcheck.text(pdf).split())


def test_the_english_report_reads_in_english_with_decimal_points(world, period):
    pdf = _download(world, period, english=True)
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    flat = " ".join(pdfcheck.text(pdf).split())
    ikm = _fresh_report(period).summary.ikm_rounded
    assert ikm is not None and f"IKM {ikm}" in flat  # with a decimal point
    assert "Namlea, 2 December 2026" in flat and "Page 1 of" in flat
    assert "Halaman" not in flat and "Desember" not in flat


def test_a_unit_without_a_recorded_head_leaves_a_line_for_the_pen(world, period):
    unit = world.buru_dukcapil
    unit.head_name = unit.head_position = unit.head_nip = ""
    unit.save()
    pdf = _download(world, period)
    assert pdfcheck.problems(pdf) == []
    assert "(" + "." * 36 + ")" in pdfcheck.text(pdf)


def test_a_period_without_answers_still_gives_a_whole_report(world):
    period = make_period(
        world,
        name="Triwulan IV 2026",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    pdf = _download(world, period)
    assert pdfcheck.problems(pdf) == []
    assert "Triwulan IV 2026" in pdfcheck.text(pdf)


def test_report_pdf_draws_the_same_from_plain_values(world, period):
    """The drawing takes plain values: a letterhead, the issued reference and a signer."""
    report = _fresh_report(period)
    with translation.override("en"):
        pdf = reports.report_pdf(
            report,
            letterhead=Letterhead(lines=("Pemerintah Kabupaten Buru", "Dinas Dukcapil")),
            issued=Issued(number="800/001/LAP/2026", code="ABCDE-FGHJK", url="https://x.id/v/1/"),
            signer=Signer(role=f"{POSITION},", name=HEAD, nip=NIP),
            place="Namlea",
            day=dt.date(2026, 12, 2),
        )
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    flat = " ".join(pdfcheck.text(pdf).split())
    assert "Number: 800/001/LAP/2026" in flat and "ABCDE-FGHJK" in flat
