"""The standards module's documents read back as a civil servant would (issue 18): the forum's
berita acara is numbered, verifiable, opens "Pada hari ini …", keeps each signature block whole
and leaves room to sign in the attendance list; the A3 poster cites the decree that set the
standard; the service passport prints every service with its standard in force."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from prima.documents.models import IssuedDocument
from prima.lib.officials import format_nip
from prima.lib.tests import pdfcheck
from prima.registry.models import Service
from prima.standards import actions, documents
from prima.standards.models import Forum
from prima.standards.tests.factories import published_standard
from prima.test import sign_in

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2026, 3, 10)  # a Tuesday
TODAY = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
CHAIR = "Dr. Siti Nurhaliza Wattimena, M.Si."
CHAIR_NIP = "197805142003121002"
HEAD = "Drs. La Ode Abdul Rahman, M.Si."
HEAD_NIP = "196912312000031001"
# What no reader should meet in a printed document: indicator codes and stored keys.
INTERNAL = re.compile(
    r"PEKPPP|2\.a\.P|pengguna_layanan|ahli_praktisi|organisasi_masyarakat|media_massa|"
    r"instansi_terkait|penyelenggara\b|tatap_muka|standards\.forum|\bdrafting\b"
)
ELEMENTS = [
    "pengguna_layanan",
    "ahli_praktisi_akademisi",
    "organisasi_masyarakat",
    "media_massa",
    "penyelenggara",
]


def _dress(world):
    """The agency and unit as a real office has them: letterhead, seat, a head with a NIP."""
    agency = world.buru
    agency.letterhead_title = "Pemerintah Kabupaten Buru"
    agency.seat = "Namlea"
    agency.save()
    unit = world.buru_dukcapil
    unit.name = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"
    unit.address = "Jl. Ahmad Yani No. 12, Namlea, Kabupaten Buru, Maluku 97571"
    unit.phone = "0913-21001"
    unit.email = "disdukcapil@burukab.go.id"
    unit.head_name = HEAD
    unit.head_position = "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"
    unit.head_nip = HEAD_NIP
    unit.save()
    return unit


def _forum(world, *, participants: int = 24, summary_words: int = 160, **changes) -> Forum:
    unit = _dress(world)
    standard = published_standard(world.buru_ktp)
    values = {
        "title": "Forum Konsultasi Publik Peninjauan Standar Pelayanan Penerbitan KTP-el dan "
        "Kartu Keluarga Tahun 2026",
        "purpose": "review",
        "mode": "tatap_muka",
        "stage": "pasca",
        "held_on": HELD_ON,
        "place": "Aula Kantor Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru, Namlea",
        "chair": CHAIR,
        "chair_position": "Sekretaris Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru",
        "chair_nip": CHAIR_NIP,
        "agenda": "1. Pembukaan\n2. Paparan standar pelayanan yang berlaku\n"
        "3. Tanggapan dan masukan peserta\n4. Kesepakatan perubahan",
        "summary": " ".join(["Peserta menyampaikan masukan tentang persyaratan."] * 1)
        + " "
        + " ".join(["kata"] * summary_words),
    }
    values.update(changes)
    forum = actions.save_forum(unit, actor=None, standards=[standard], **values)
    for index in range(participants):
        actions.add_participant(
            forum,
            actor=None,
            name=f"Peserta Nomor {index + 1} dengan Nama yang Cukup Panjang Sekali, S.Pd., M.Pd.",
            organisation=f"Lembaga Swadaya Masyarakat Peduli Pelayanan Publik Kecamatan {index}",
            element=ELEMENTS[index % len(ELEMENTS)],
            attended=index != 3,
        )
    actions.add_agreement(
        forum,
        actor=None,
        text="Surat pengantar RT/RW tidak lagi disyaratkan untuk penerbitan KTP-el.",
        standard=standard,
        component="persyaratan",
    )
    actions.add_agreement(forum, actor=None, text="Perubahan diumumkan melalui radio lokal.")
    return forum


def _minutes(client, world, forum) -> bytes:
    sign_in(client, world.abdul)
    response = client.get(reverse("manage:forum_minutes", args=[forum.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@time_machine.travel(TODAY)
def test_the_minutes_are_issued_once_with_a_number_and_a_verification_code(client, world):
    forum = _forum(world)
    first = _minutes(client, world, forum)
    document = IssuedDocument.objects.get()
    assert document.kind == IssuedDocument.Kind.FORUM_MINUTES
    assert document.subject == f"standards.forum:{forum.pk}"
    assert document.issued_by == world.abdul
    assert document.unit == world.buru_dukcapil
    assert [s["name"] for s in document.signers] == [HEAD, CHAIR]
    text = pdfcheck.text(first)
    assert document.number in text and document.display_code in text
    # Downloaded again, by staff or by the public: the same document.
    _minutes(client, world, forum)
    client.logout()
    public = client.get(reverse("standards:minutes", args=[world.buru_dukcapil.code, forum.pk]))
    assert public.status_code == 200
    assert IssuedDocument.objects.count() == 1
    assert document.number in pdfcheck.text(public.content)
    verify = client.get(reverse("verify_document", args=[document.code]))
    assert verify.status_code == 200 and forum.title in verify.content.decode()


@time_machine.travel(TODAY)
def test_the_minutes_are_fit_to_sign_in_english(client, world):
    forum = _forum(world)
    pdf = _minutes(client, world, forum)
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    assert pdfcheck.pages(pdf) >= 3  # the attendance list runs over pages
    text = pdfcheck.text(pdf)
    assert not INTERNAL.search(text), INTERNAL.search(text)
    flowing = " ".join(text.split())
    assert "On Tuesday, 10 March 2026, at Aula Kantor" in text
    assert "Namlea, 10 March 2026" in text
    assert pdfcheck.same_page(pdf, "Chair of the forum,", CHAIR, f"NIP. {format_nip(CHAIR_NIP)}")
    assert pdfcheck.same_page(pdf, "Acknowledged by,", HEAD, f"NIP. {format_nip(HEAD_NIP)}")
    assert pdfcheck.same_page(pdf, "Namlea, 10 March 2026", CHAIR)
    # Elements in plain words: four of the five were there, related agencies were not.
    assert "4 of the five community elements" in flowing
    assert "Not represented: related agencies" in flowing
    assert "PEMERINTAH KABUPATEN BURU" in text


@time_machine.travel(TODAY)
def test_the_minutes_speak_indonesian_by_default(world):
    forum = _forum(world)
    client = Client()  # no language cookie: Bahasa Indonesia
    with translation.override("id"):
        pdf = _minutes(client, world, forum)
    text = pdfcheck.text(pdf)
    assert pdfcheck.problems(pdf) == []
    assert "Pada hari ini Selasa tanggal sepuluh bulan Maret tahun dua ribu dua puluh enam" in text
    assert "Namlea, 10 Maret 2026" in text
    assert not re.search(r"\d{2}-\d{2}-\d{4}", text)
    assert not INTERNAL.search(text), INTERNAL.search(text)


@time_machine.travel(TODAY)
@pytest.mark.parametrize("words", [0, 110, 220, 330])
def test_each_signature_block_stays_whole_wherever_the_text_ends(client, world, words):
    forum = _forum(world, participants=3, summary_words=words)
    pdf = _minutes(client, world, forum)
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    assert pdfcheck.same_page(pdf, "Namlea, 10 March 2026", "Chair of the forum,", CHAIR)
    assert pdfcheck.same_page(pdf, "Chair of the forum,", CHAIR, f"NIP. {format_nip(CHAIR_NIP)}")
    assert pdfcheck.same_page(pdf, "Acknowledged by,", HEAD, f"NIP. {format_nip(HEAD_NIP)}")


@time_machine.travel(TODAY)
def test_the_attendance_rows_are_tall_enough_to_sign_in(client, world):
    forum = _forum(world, participants=6)
    pdf = _minutes(client, world, forum)
    rows = [w for w in pdfcheck.words(pdf) if w.text in {"1", "2", "3", "4", "5"}]
    numbers = {}
    for word in rows:  # the numbers in the first column of the attendance list
        if word.x0 < 80:
            numbers.setdefault(word.text, word)
    tops = [numbers[n].top for n in ("1", "2", "3", "4")]
    gaps = [b - a for a, b in zip(tops, tops[1:], strict=False)]
    assert min(gaps) >= 12 * pdfcheck.MM - 0.5


@time_machine.travel(TODAY)
def test_minutes_without_chair_or_head_leave_a_line_for_the_pen(client, world):
    forum = _forum(world, participants=2, chair="", chair_position="", chair_nip="")
    unit = world.buru_dukcapil
    unit.head_name = unit.head_position = unit.head_nip = ""
    unit.save()
    pdf = _minutes(client, world, forum)
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    text = pdfcheck.text(pdf)
    assert text.count("(" + "." * 36 + ")") == 2
    assert "Head of Dinas Kependudukan" in text  # the position when the registry has none


@time_machine.travel(TODAY)
def test_a_forum_not_yet_held_gets_draft_minutes_without_a_number(client, world):
    forum = _forum(world, participants=2, stage="pra", held_on=dt.date(2026, 5, 1))
    pdf = _minutes(client, world, forum)
    assert IssuedDocument.objects.count() == 0
    assert "Draft: the forum has not been held yet" in pdfcheck.text(pdf)
    assert pdfcheck.problems(pdf, decimal_comma=False) == []


@time_machine.travel(TODAY)
def test_the_poster_cites_the_decree_that_set_the_standard(client, world):
    _dress(world)
    service = Service.objects.create(
        unit=world.buru_dukcapil,
        name="Penerbitan Kartu Identitas Anak (KIA) bagi Anak Usia 0 sampai 17 Tahun yang "
        "Belum Menikah di Seluruh Kecamatan",
    )
    steps = [f"Langkah ke-{n} pelayanan yang dijelaskan dengan kalimat panjang" for n in range(14)]
    standard = published_standard(
        service,
        prosedur={"steps": steps},
        biaya={"amount": "12500.50", "basis": "Perda Kabupaten Buru Nomor 3 Tahun 2024"},
    )
    standard.signer_position = "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru"
    standard.save()
    url = reverse("standards:poster", args=[world.buru_dukcapil.code, standard.pk])
    pdf = client.get(url).content
    text = " ".join(pdfcheck.text(pdf).split())
    assert (
        "Set by Decree of the Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru "
        "Number 800/12/SK/2026 of 15 January 2026" in text
    )
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    assert "Langkah ke-13" in text
    with translation.override("id"):
        poster = documents.poster_pdf(
            standard, survey_url="https://x/s", complaint_url="https://x/c"
        )
    assert "15 Januari 2026" in pdfcheck.text(poster)
    assert pdfcheck.problems(poster) == []


def test_a_decree_typed_with_its_title_is_printed_as_typed(world):
    standard = published_standard(world.buru_ktp)
    standard.decree_number = "Keputusan Bupati Buru Nomor 12 Tahun 2026"
    assert documents.decree_line(standard) == (
        "Set by Keputusan Bupati Buru Nomor 12 Tahun 2026 of 15 January 2026"
    )
    standard.decree_number, standard.signer_position = "800/12", ""
    assert documents.decree_line(standard) == "Set by Decree Number 800/12 of 15 January 2026"


@time_machine.travel(TODAY)
def test_the_passport_prints_every_service_with_its_standard(client, world):
    unit = _dress(world)
    names = []
    for index in range(4):
        service = Service.objects.create(unit=unit, name=f"Layanan Contoh Nomor {index}")
        published_standard(
            service,
            persyaratan=[f"Syarat khusus layanan {index}", "Fotokopi Kartu Keluarga"],
            produk=f"Produk layanan {index}",
        )
        names.append(service.name)
    Service.objects.create(unit=unit, name="Layanan Tanpa Standar")
    page = client.get(reverse("standards:passport", args=[unit.code])).content.decode()
    link = reverse("standards:passport_pdf", args=[unit.code])
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdfcheck.problems(pdf, decimal_comma=False) == []
    text = " ".join(pdfcheck.text(pdf).split())
    for index, name in enumerate(names):
        assert name in text
        assert f"Syarat khusus layanan {index}" in text and f"Produk layanan {index}" in text
    assert "Layanan Tanpa Standar" in text
    assert "800/12/SK/2026 of 15 January 2026" in text
    assert "SP4N-LAPOR!" in text
    with translation.override("id"):
        indonesian = Client().get(link).content  # no language cookie: Bahasa Indonesia
    assert pdfcheck.problems(indonesian) == []
    assert "15 Januari 2026" in pdfcheck.text(indonesian)


def test_the_passport_of_an_unknown_unit_is_not_found(client, world):
    assert client.get(reverse("standards:passport_pdf", args=["NOPE"])).status_code == 404


def test_an_empty_passport_still_prints(client, world):
    response = client.get(reverse("standards:passport_pdf", args=[world.buru_dukcapil.code]))
    assert response.status_code == 200
    assert "has not published any service standard yet" in pdfcheck.text(response.content)


def test_the_forum_form_takes_the_chair_s_position_and_nip(client, world):
    forum = actions.save_forum(world.buru_dukcapil, actor=None, title="FKP", held_on=HELD_ON)
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:forum_edit", args=[world.buru_dukcapil.code, forum.pk]),
        {
            "title": "FKP",
            "purpose": "drafting",
            "mode": "tatap_muka",
            "stage": "pasca",
            "held_on": "2026-03-10",
            "place": "Aula",
            "chair": CHAIR,
            "chair_position": "Sekretaris Dinas",
            "chair_nip": "19780514 200312 1 002",
            "agenda": "",
            "summary": "",
            "meeting_link": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    forum.refresh_from_db()
    assert (forum.chair_position, forum.chair_nip) == ("Sekretaris Dinas", CHAIR_NIP)
    bad = client.post(
        reverse("manage:forum_edit", args=[world.buru_dukcapil.code, forum.pk]),
        {
            "title": "FKP",
            "purpose": "drafting",
            "mode": "tatap_muka",
            "stage": "pasca",
            "held_on": "2026-03-10",
            "chair_nip": "12345",
        },
    )
    assert bad.status_code == 200
    forum.refresh_from_db()
    assert forum.chair_nip == CHAIR_NIP
