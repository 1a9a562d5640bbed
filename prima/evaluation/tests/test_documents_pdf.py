"""The evaluation's PDFs are fit to sign and send (issue 18): the berita acara of a field visit
and the cycle's results, on the organiser's letterhead, numbered, with Indonesian numbers,
wrapped tables, every signer whole on one page, and no internal codes."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from prima.documents.models import IssuedDocument
from prima.evaluation import actions, documents
from prima.evaluation.instrument import built_in
from prima.evaluation.models import Cycle, Lokus, Score
from prima.evaluation.scoring import category_of
from prima.lib.tests import pdfcheck
from prima.registry.models import Agency, ServiceUnit
from prima.test import sign_in

INSTRUMENT = built_in("pekppp-2023")
LONG_NAME = "Dinas Kependudukan dan Pencatatan Sipil"
NOTE = (
    "Bukti dukung berupa surat keputusan, foto dan daftar hadir diperiksa di lokasi; "
    "sebagian belum ditandatangani pimpinan unit."
)


@pytest.fixture
def ministry(db):
    return Agency.objects.create(
        code="kemenpanrb",
        name="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        kind="kementerian",
        letterhead_title="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
        "Republik Indonesia",
        seat="Jakarta",
        address="Jl. Jenderal Sudirman Kav. 69, Jakarta Selatan 12190",
        document_number_pattern="B/{nomor}/PP.00/{bulan}/{tahun}",
    )


@pytest.fixture
def cycle(world, ministry):
    return actions.create_cycle(
        actor=world.ratna,
        year=2026,
        scheme=Cycle.Scheme.NASIONAL,
        agency=None,
        name="PEKPPP 2026",
        instrument_code="pekppp-2023",
        signer_name="Dr. Hendra Wicaksono, M.P.P.",
        signer_position="Deputi Bidang Pelayanan Publik",
        signer_nip="197206142000031002",
    )


def _people(world):
    world.yohanis.full_name = "Yohanis Latuheru"
    world.yohanis.position = "Analis Organisasi, Biro Organisasi Setda Provinsi Maluku"
    world.yohanis.nip = "198507212010011003"
    world.yohanis.save()
    world.ratna.full_name = "Ratna Sari"
    world.ratna.position = "Analis Kebijakan, Deputi Bidang Pelayanan Publik"
    world.ratna.nip = "198204152008012005"
    world.ratna.save()
    unit = world.buru_dukcapil
    unit.name = f"{LONG_NAME} Kabupaten Buru"
    unit.address = "Jl. Raya Namlea, Namlea, Kabupaten Buru"
    unit.head_name = "Drs. La Ode Abdul Rahman, M.Si."
    unit.head_position = f"Kepala {LONG_NAME} Kabupaten Buru"
    unit.head_nip = "197001101995011001"
    unit.save()


def _score(lokus: Lokus, evaluator, base: int) -> None:
    for index, code in enumerate(INSTRUMENT.indicators):
        Score.objects.create(
            lokus=lokus,
            indicator=code,
            evaluator=evaluator,
            score=max(0, min(5, base + index % 3 - 1)),
            note=NOTE if index % 2 == 0 else "",
        )
    actions.refresh_result(lokus)


@pytest.fixture
def visit(world, cycle):
    """A field visit to a lokus scored twice: two evaluators sign, with the unit's head."""
    _people(world)
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    Lokus.objects.filter(pk=lokus.pk).update(double_scored=True)
    lokus.refresh_from_db()
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna)
    actions.assign(
        lokus, evaluator=world.ratna, role="second", level="kementerian", actor=world.ratna
    )
    _score(lokus, world.yohanis, 2)
    return actions.record_visit(
        lokus,
        actor=world.yohanis,
        visited_on=dt.date(2026, 12, 1),
        evaluators="Yohanis Latuheru — Analis Organisasi\nRatna Sari — Analis Kebijakan",
        unit_officials=f"Drs. La Ode Abdul Rahman, M.Si. — Kepala {LONG_NAME}\n"
        "Abdul Fatah Tuanany — Operator Pelayanan",
        findings="Standar pelayanan belum dipasang di ruang pelayanan. " * 12,
    )


def _download(client, world, url):
    sign_in(client, world.ratna)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _wrapped_in(name: list[str], printed: list[str]) -> bool:
    """Whether the words of `name` are printed in order, close together (a wrapped cell's
    lines come between the other cells' words)."""
    for start, word in enumerate(printed):
        if word != name[0]:
            continue
        window = iter(printed[start : start + len(name) * 3])
        if all(any(found == wanted for found in window) for wanted in name):
            return True
    return False


def _no_internal_keys(text: str) -> None:
    assert "pekppp-2023" not in text
    assert not re.search(r"\b\d\.[a-z]\.[A-Z][a-z]?\b", text), "indicator codes leak"
    assert "None" not in text


def test_the_berita_acara_is_issued_on_the_ministry_letterhead_and_signed_by_everyone(
    client, world, visit
):
    url = reverse("manage:evaluation_visit_pdf", args=[visit.pk])
    with translation.override("id"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
        pdf = _download(client, world, url)
    document = IssuedDocument.objects.get(
        kind=IssuedDocument.Kind.VISIT_MINUTES, subject=f"evaluation.visit:{visit.pk}"
    )
    assert document.agency.code == "kemenpanrb"
    assert [s["name"] for s in document.signers] == [
        "Drs. La Ode Abdul Rahman, M.Si.",
        "Yohanis Latuheru",
        "Ratna Sari",
    ]
    assert pdfcheck.problems(pdf) == []
    text = pdfcheck.text(pdf)
    assert document.number in text and document.display_code in text
    assert "REPUBLIK INDONESIA" in text
    assert "Pada hari ini Selasa tanggal satu bulan Desember tahun dua ribu dua puluh enam" in (
        " ".join(text.split())
    )
    lokus = Lokus.objects.get(pk=visit.lokus_id)
    assert lokus.ipp_rounded is not None
    ipp = f"{lokus.ipp_rounded:.2f}".replace(".", ",")
    assert f"{ipp} ({lokus.category}, " in text  # "1,93 (D, Buruk)": the label too
    for name, nip in (
        ("Drs. La Ode Abdul Rahman, M.Si.", "19700110 199501 1 001"),
        ("Yohanis Latuheru", "19850721 201001 1 003"),
        ("Ratna Sari", "19820415 200801 2 005"),
    ):
        # The NIP's first group, unlike "NIP.", is the signer's own.
        assert pdfcheck.same_page(pdf, name, nip)
    # Every indicator's full name is printed, wrapped in its cell and not cut.
    printed = [word.text for word in pdfcheck.words(pdf)]
    for indicator in INSTRUMENT.indicators.values():
        assert _wrapped_in(indicator.name.split(), printed), indicator.name
    _no_internal_keys(text)

    # The second download is the same document with the same number.
    again = _download(client, world, url)
    assert IssuedDocument.objects.filter(subject=f"evaluation.visit:{visit.pk}").count() == 1
    assert document.number in pdfcheck.text(again)


def test_the_berita_acara_in_english_keeps_decimal_points_and_every_signer(world, visit):
    with translation.override("en"):
        pdf = documents.berita_acara_pdf(visit)
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    text = pdfcheck.text(pdf)
    assert "On Tuesday, 1 December 2026" in " ".join(text.split())
    assert "Provisional IPP" in text
    assert pdfcheck.same_page(pdf, "Evaluator,", "Yohanis Latuheru", "19850721")
    assert pdfcheck.same_page(pdf, "Ratna Sari", "19820415 200801 2 005")


def test_without_assigned_evaluators_the_recorded_ones_sign_and_no_nip_is_invented(world, visit):
    lokus = Lokus.objects.get(pk=visit.lokus_id)
    lokus.assignments.all().delete()
    unit = ServiceUnit.objects.get(pk=lokus.unit_id)
    unit.head_name = unit.head_nip = unit.head_position = ""
    unit.save()
    with translation.override("id"):
        signers = documents.visit_signers(visit, documents.queries.lokus_for_page(lokus.pk))
        pdf = documents.berita_acara_pdf(visit)
    assert [(s.name, s.position, s.nip) for s in signers] == [
        ("Drs. La Ode Abdul Rahman, M.Si.", f"Kepala {LONG_NAME}", ""),
        ("Yohanis Latuheru", "Analis Organisasi", ""),
        ("Ratna Sari", "Analis Kebijakan", ""),
    ]
    assert pdfcheck.problems(pdf) == []


def test_names_with_academic_titles_are_not_split_at_their_commas():
    assert documents._people("Drs. La Ode Abdul Rahman, M.Si.\n- Siti Wael, S.H. – Kabag") == [
        ("Drs. La Ode Abdul Rahman, M.Si.", ""),
        ("Siti Wael, S.H.", "Kabag"),
    ]


def test_a_visit_with_no_one_recorded_leaves_open_name_lines(world, visit):
    lokus = Lokus.objects.get(pk=visit.lokus_id)
    lokus.assignments.all().delete()
    ServiceUnit.objects.filter(pk=lokus.unit_id).update(head_name="", head_nip="")
    visit.evaluators = ""
    visit.unit_officials = ""
    visit.findings = ""
    visit.save()
    with translation.override("id"):
        pdf = documents.berita_acara_pdf(visit)
    assert pdfcheck.problems(pdf) == []
    assert pdfcheck.text(pdf).count("(....") == 2


def test_without_the_ministry_in_the_registry_the_berita_acara_still_prints(
    client, world, visit, ministry
):
    ministry.code = "kementerian-lain"
    ministry.save()
    pdf = _download(client, world, reverse("manage:evaluation_visit_pdf", args=[visit.pk]))
    assert not IssuedDocument.objects.exists()
    assert pdfcheck.problems(pdf, decimal_comma=False) == []


def test_a_mandiri_berita_acara_is_issued_by_the_agency_that_runs_it(client, world):
    _people(world)
    world.buru.seat = "Namlea"
    world.buru.document_number_pattern = "800/{nomor}/{jenis}/{unit}/{tahun}"
    world.buru.save()
    cycle = actions.create_cycle(
        actor=world.siti,
        year=2026,
        scheme=Cycle.Scheme.MANDIRI,
        agency=world.buru,
        name="PEKPPP Mandiri Kabupaten Buru 2026",
        instrument_code="pekppp-2023",
    )
    lokus = actions.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.siti
    )
    actions.assign(lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.siti)
    visit = actions.record_visit(
        lokus,
        actor=world.yohanis,
        visited_on=dt.date(2026, 11, 20),
        evaluators="Yohanis Latuheru",
        unit_officials="Kepala Dinas",
        findings="Belum ada skor.",
    )
    sign_in(client, world.yohanis)
    response = client.get(reverse("manage:evaluation_visit_pdf", args=[visit.pk]))
    assert response.status_code == 200
    document = IssuedDocument.objects.get(kind=IssuedDocument.Kind.VISIT_MINUTES)
    assert document.agency == world.buru
    assert document.number.startswith("800/") and "/BA/PEMKAB-BURU/2026" in document.number
    assert pdfcheck.problems(response.content, decimal_comma=False) == []
    assert "not every indicator has a score" in pdfcheck.text(response.content)


def _many_lokus(world, cycle, count: int = 36) -> None:
    """Units with the same long name in many regencies, as a national ranking has them."""
    regions = [world.buru_dukcapil.region, world.ambon_dukcapil.region]
    agencies = [world.buru, world.ambon]
    for index in range(count):
        unit = ServiceUnit.objects.create(
            code=f"81{index:02d}-DUKCAPIL-X",
            agency=agencies[index % 2],
            region=regions[index % 2],
            kind="disdukcapil",
            name=f"{LONG_NAME} Kabupaten Contoh Nomor {index + 1}",
        )
        lokus = actions.add_lokus(
            cycle, unit=unit, kind="administratif", mode="luring", actor=world.ratna
        )
        ipp = Decimal("4.80") - Decimal(index) * Decimal("0.09")
        category = category_of(INSTRUMENT, ipp).code
        Lokus.objects.filter(pk=lokus.pk).update(
            ipp=ipp, ipp_rounded=ipp, evaluator_ipp=ipp, category=category
        )


def test_the_results_pdf_tells_units_apart_in_indonesian_and_is_signed(client, world, cycle):
    _many_lokus(world, cycle)
    url = reverse("manage:evaluation_export", args=[cycle.pk, "pdf"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    with translation.override("id"):
        pdf = _download(client, world, url)
    assert pdfcheck.pages(pdf) >= 2
    assert pdfcheck.problems(pdf) == []
    document = IssuedDocument.objects.get(kind=IssuedDocument.Kind.IPP_RESULTS)
    assert document.subject == f"evaluation.cycle:{cycle.pk}"
    assert document.agency.code == "kemenpanrb"
    text = pdfcheck.text(pdf)
    flat = " ".join(text.split())
    assert document.number in text and document.display_code in text
    printed = [word.text for word in pdfcheck.words(pdf)]
    for index in (1, 17, 36):
        name = f"{LONG_NAME} Kabupaten Contoh Nomor {index}"
        assert _wrapped_in(name.split(), printed), name
    assert "4,80" in text and "Instrumen PEKPPP (Pedoman Menteri PANRB 5/2023)" in flat
    assert pdfcheck.same_page(
        pdf, "Deputi Bidang Pelayanan Publik", "Dr. Hendra Wicaksono, M.P.P.", "NIP. 19720614"
    )
    _no_internal_keys(text)
    again = _download(client, world, url)
    assert IssuedDocument.objects.filter(kind=IssuedDocument.Kind.IPP_RESULTS).count() == 1
    assert document.number in pdfcheck.text(again)


def test_the_results_pdf_in_english_without_a_signer_leaves_the_name_open(world, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(signer_name="", signer_position="", signer_nip="")
    cycle.refresh_from_db()
    _many_lokus(world, cycle, 5)
    with translation.override("en"):
        pdf = documents.results_pdf(cycle)
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    text = pdfcheck.text(pdf)
    assert "4.80" in text and "Approved by," in text and "(....." in text


def test_a_reader_who_sees_some_lokus_gets_a_document_of_their_own(client, world, cycle):
    _many_lokus(world, cycle, 4)
    sorong = actions.add_lokus(
        cycle, unit=world.sorong_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    Lokus.objects.filter(pk=sorong.pk).update(
        ipp=Decimal("3.2"), ipp_rounded=Decimal("3.20"), category="B-"
    )
    sign_in(client, world.yohanis)  # Maluku only, before publication
    response = client.get(reverse("manage:evaluation_export", args=[cycle.pk, "pdf"]))
    assert response.status_code == 200
    document = IssuedDocument.objects.get(kind=IssuedDocument.Kind.IPP_RESULTS)
    assert document.subject.startswith(f"evaluation.cycle:{cycle.pk}:lokus:")
    text = pdfcheck.text(response.content)
    assert "Sorong" not in text
    assert pdfcheck.problems(response.content, decimal_comma=False) == []


def test_the_cycle_settings_name_who_signs_the_results(client, world, cycle):
    sign_in(client, world.ratna)
    url = reverse("manage:evaluation_cycle_edit", args=[cycle.pk])
    form = client.get(url).content.decode()
    assert 'name="signer_name"' in form and 'name="signer_nip"' in form
    data = {
        "name": cycle.name,
        "instrument_code": cycle.instrument_code,
        "verification_days": "5",
        "user_weight": "0",
        "user_min_respondents": "10",
        "double_scoring_percent": "10",
        "priority_below": "3.01",
        "signer_name": "Dr. Sri Wahyuni, M.Si.",
        "signer_position": "Plt. Deputi Bidang Pelayanan Publik",
        "signer_nip": "19750203 200112 2 001",  # typed as printed
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    cycle.refresh_from_db()
    assert (cycle.signer_name, cycle.signer_nip) == ("Dr. Sri Wahyuni, M.Si.", "197502032001122001")
    assert client.post(url, {**data, "signer_nip": "12345"}).status_code == 200  # not a NIP
    pdf = client.get(reverse("manage:evaluation_export", args=[cycle.pk, "pdf"])).content
    assert pdfcheck.same_page(
        pdf, "Approved by,", "Plt. Deputi", "Dr. Sri Wahyuni, M.Si.", "19750203 200112 2 001"
    )
