"""The document kit (issue 18 item 1): formats, numbering, NIPs, and the PDF pieces read back
word by word — nothing overlapping, nothing out of its cell or the margins, signature blocks
whole, headers repeated, "Halaman 1 dari N"."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from prima.lib import formats, numbering
from prima.lib.officials import NipField, Signer, clean_nip, format_nip
from prima.lib.pdf import Column, Document, Issued, Letterhead
from prima.lib.tests import pdfcheck

LONG_NAME = "Muhammad Abdurrahman Wahid Al-Fatih Hasibuan Siregar"
LONG_ORGANISATION = "Lembaga Swadaya Masyarakat Peduli Pelayanan Publik Kabupaten Buru"


# --- numbers and dates ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "places", "indonesian", "english"),
    [
        (1.75, 2, "1,75", "1.75"),
        (Decimal("78.7912"), 2, "78,79", "78.79"),
        (Decimal("3.5"), 2, "3,50", "3.50"),
        (12250, 0, "12.250", "12,250"),
        (0, 2, "0,00", "0.00"),
        (1234567.891, 1, "1.234.567,9", "1,234,567.9"),
        (78.795, 2, "78,80", "78.80"),  # half up, not cut off
        (2.675, 2, "2,68", "2.68"),  # the float's own digits, not its binary value
    ],
)
def test_decimals_follow_the_readers_language(value, places, indonesian, english):
    with translation.override("id"):
        assert formats.decimal(value, places) == indonesian
    with translation.override("en"):
        assert formats.decimal(value, places) == english


def test_nothing_is_a_dash_and_shares_are_percentages():
    assert formats.decimal(None) == "-"
    assert formats.integer(None) == "-"
    with translation.override("id"):
        assert formats.percent(0.875, 1) == "87,5 %"
        assert formats.integer(12250) == "12.250"


def test_dates_are_written_out_in_the_readers_language():
    day = datetime.date(2025, 7, 1)
    with translation.override("id"):
        assert formats.long_date(day) == "1 Juli 2025"
        assert formats.weekday(day) == "Selasa"
    with translation.override("en"):
        assert formats.long_date(day) == "1 July 2025"
    assert formats.long_date(None) == "-"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("WIB", "7 Desember 2026, 07.00 WIB"),
        ("WITA", "7 Desember 2026, 08.00 WITA"),
        ("WIT", "7 Desember 2026, 09.00 WIT"),
        ("", "7 Desember 2026, 07.00 WIB"),  # an unknown zone reads as WIB
    ],
)
def test_a_moment_is_written_in_the_zone_people_live_in(zone, expected):
    when = datetime.datetime(2026, 12, 7, 0, 0, tzinfo=datetime.UTC)
    with translation.override("id"):
        assert formats.moment(when, zone) == expected


def test_a_moment_crosses_midnight_into_the_local_day():
    when = datetime.datetime(2026, 12, 31, 17, 30, tzinfo=datetime.UTC)
    with translation.override("id"):
        assert formats.moment(when, "WIB") == "1 Januari 2027, 00.30 WIB"
    with translation.override("en"):
        assert formats.moment(when, "WIT") == "1 January 2027, 02.30 WIT"
    assert formats.moment(None) == "-"


def test_date_filters_render_one_format():
    from django.template import Context, Template

    template = Template("{% load prima_dates %}{{ day|long_date }} / {{ when|moment:'WITA' }}")
    when = datetime.datetime(2026, 12, 6, 17, 0, tzinfo=datetime.UTC)  # 7 Dec 00.00 WIB
    with translation.override("id"):
        rendered = template.render(Context({"day": when, "when": when}))
    assert rendered == "7 Desember 2026 / 7 Desember 2026, 01.00 WITA"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (31, "tiga puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (111, "seratus sebelas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1999, "seribu sembilan ratus sembilan puluh sembilan"),
        (2000, "dua ribu"),
        (2026, "dua ribu dua puluh enam"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (1_000_000, "satu juta"),
        (
            999_999_999,
            "sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan "
            "puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
        ),
    ],
)
def test_terbilang_writes_numbers_as_berita_acara_do(number, words):
    assert formats.terbilang(number) == words


@pytest.mark.parametrize("number", [-1, 1_000_000_000])
def test_terbilang_refuses_what_it_cannot_write(number):
    with pytest.raises(ValueError):
        formats.terbilang(number)


def test_a_berita_acara_opens_with_the_day_in_words():
    day = datetime.date(2026, 12, 2)
    with translation.override("id"):
        assert formats.date_in_words(day) == (
            "Pada hari ini Rabu tanggal dua bulan Desember tahun dua ribu dua puluh enam"
        )
    with translation.override("en"):
        assert formats.date_in_words(day) == "On Wednesday, 2 December 2026"


# --- numbering ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("800/{nomor}/{jenis}/{unit}/{tahun}", "800/007/BA/8104-DUKCAPIL/2026"),
        ("{nomor}/{jenis}/{instansi}/{tahun}", "007/BA/PEMKAB-BURU/2026"),
        ("B/{nomor}/PP.00/{bulan}/{tahun}", "B/007/PP.00/XII/2026"),
        ("{nomor}", "007"),
    ],
)
def test_a_pattern_renders_the_agencys_number(pattern, expected):
    numbering.validate_pattern(pattern)
    assert (
        numbering.render(
            pattern,
            sequence=7,
            kind="BA",
            agency="pemkab-buru",
            unit="8104-DUKCAPIL",
            day=datetime.date(2026, 12, 2),
        )
        == expected
    )


def test_the_running_number_grows_past_three_digits_and_the_unit_falls_back_to_the_agency():
    number = numbering.render(
        "{nomor}/{unit}",
        sequence=1234,
        kind="LAP",
        agency="pemkab-buru",
        unit="",
        day=datetime.date(2026, 1, 5),
    )
    assert number == "1234/PEMKAB-BURU"


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        ("{tahun}/{jenis}", "nomor"),  # no running number
        ("{nomor}/{nomor}", "nomor"),
        ("{nomor}/{kode}", "placeholder"),
        ("{nomor}/{tahun", "braces"),
        ("{nomor}<script>", "characters"),
        ("{nomor}/{tahun!r}", "plain"),
        ("{nomor:05d}", "plain"),
    ],
)
def test_a_bad_pattern_is_refused_with_a_reason(pattern, code):
    with pytest.raises(ValidationError) as refused:
        numbering.validate_pattern(pattern)
    assert refused.value.code == code


# --- NIP ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("198001012005011001", "198001012005011001"),
        ("19800101 200501 1 001", "198001012005011001"),
        ("19800101.200501.1.001", "198001012005011001"),
        ("", ""),
    ],
)
def test_a_nip_is_stored_as_18_digits(typed, stored):
    assert clean_nip(typed) == stored
    assert NipField().clean(typed) == stored


@pytest.mark.parametrize(
    "typed", ["19800101200501100", "1980010120050110011", "1980O1012005011001"]
)
def test_a_nip_that_is_not_18_digits_is_refused(typed):
    with pytest.raises(ValidationError):
        clean_nip(typed)


def test_a_nip_is_printed_in_its_groups():
    assert format_nip("198001012005011001") == "19800101 200501 1 001"
    assert format_nip("123") == "123"


# --- the PDF --------------------------------------------------------------------------------
def _document(**kwargs) -> Document:
    return Document(
        title="Uji",
        footer_text="Berita Acara",
        letterhead=Letterhead(
            lines=("Pemerintah Kabupaten Buru", "Dinas Kependudukan dan Pencatatan Sipil"),
            address="Jl. Raya Namlea, Namlea",
            contact="Telp. (0913) 21000",
        ),
        issued=Issued(
            number="800/001/BA/8104-DUKCAPIL/2026",
            code="7KQ2M-X4PDA",
            url="https://prima.example/v/7KQ2MX4PDA/",
        ),
        **kwargs,
    )


def _long_table(pdf: Document, rows: int = 40) -> None:
    pdf.grid(
        [
            Column("No", 1, "RIGHT"),
            Column("Nama", 5),
            Column("Instansi/organisasi", 5),
            Column("Mutu pelayanan", 2),
            Column("Tanda tangan", 4),
        ],
        [[str(n), LONG_NAME, LONG_ORGANISATION, "Sangat baik", ""] for n in range(1, rows + 1)],
        min_row_height=12,
    )


def test_a_long_table_wraps_repeats_its_header_and_stays_inside_its_cells():
    with translation.override("id"):
        pdf = _document()
        pdf.add_page()
        pdf.title_block("Berita acara")
        pdf.heading("Daftar hadir")
        _long_table(pdf)
        data = pdf.output_bytes()
    assert pdfcheck.problems(data) == []
    pages = pdfcheck.pages(data)
    assert pages >= 3
    words = pdfcheck.words(data)
    header_pages = {word.page for word in words if word.text == "Instansi/organisasi"}
    assert header_pages == set(range(1, pages + 1))  # the header on every page
    footer = pdfcheck.text(data)
    assert f"1 dari {pages}" in footer.replace("Halaman", "").replace("Page", "") or (
        f"1 of {pages}" in footer
    )


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page():
    pdf = _document()
    pdf.add_page()
    pdf.set_y(pdf.page_break_trigger - 12)  # a heading would fit, its table would not
    pdf.heading("Rencana tindak lanjut")
    _long_table(pdf, rows=2)
    data = pdf.output_bytes()
    heading = [w for w in pdfcheck.words(data) if w.text == "Rencana"]
    assert [w.page for w in heading] == [2]


def test_signature_blocks_are_whole_side_by_side_and_never_split():
    signers = [
        Signer(
            "Evaluator 1,",
            "Siti Aminah, S.Sos.",
            "Analis Kebijakan Ahli Muda",
            "198001012005012001",
        ),
        Signer("Evaluator 2,", "Budi Santoso", "Analis Organisasi", "198101012006011002"),
        Signer(
            "Kepala unit,",
            "Drs. La Ode Abdul Rahman, M.Si.",
            "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru",
            "",
        ),
    ]
    for start in range(0, 60, 6):  # wherever on the page the block begins
        pdf = _document()
        pdf.add_page()
        pdf.set_y(pdf.t_margin + 60 + start * 3.5)
        pdf.signatures(signers, place_date="Namlea, 2 Desember 2026")
        data = pdf.output_bytes()
        assert pdfcheck.problems(data) == [], start
        for signer in signers:
            assert pdfcheck.same_page(data, signer.role, signer.name.split(",")[0]), start
        assert pdfcheck.same_page(data, "Namlea, 2 Desember 2026", "Siti Aminah")
        tops = {w.text: w.top for w in pdfcheck.words(data)}
        assert abs(tops["Siti"] - tops["Budi"]) < 1  # side by side, names on one line


def test_a_lone_signer_stands_on_the_right_with_room_to_sign():
    pdf = _document()
    pdf.add_page()
    pdf.signatures(
        [Signer("Pimpinan forum,", "Yusuf Tuasikal", "Kepala Bidang", "")],
        place_date="Namlea, 2 Desember 2026",
    )
    data = pdf.output_bytes()
    words = {w.text: w for w in pdfcheck.words(data)}
    assert words["Yusuf"].x0 > pdf.w / 2 * pdfcheck.MM * 0.9
    assert words["Yusuf"].top - words["Pimpinan"].bottom > 18 * pdfcheck.MM  # room to sign


def test_a_signer_without_a_name_leaves_a_dotted_line_for_the_pen():
    pdf = _document()
    pdf.add_page()
    pdf.signatures([Signer("Kepala unit,")])
    assert "(....." in pdfcheck.text(pdf.output_bytes())


def test_the_footer_names_the_number_and_the_code_and_the_verification_block_the_address():
    with translation.override("id"):
        pdf = _document()
        pdf.add_page()
        pdf.verification()
        data = pdf.output_bytes()
    content = pdfcheck.text(data)
    assert "800/001/BA/8104-DUKCAPIL/2026" in content
    assert "7KQ2M-X4PDA" in content
    assert "prima.example/v/7KQ2MX4PDA/" in content.replace("\n", "")
    assert pdfcheck.problems(data) == []


def test_facts_wrap_long_values_beside_their_labels():
    pdf = _document()
    pdf.add_page()
    pdf.facts([("Topik", "Penyusunan standar pelayanan " * 8), ("Tanggal", "1 Juli 2025")])
    data = pdf.output_bytes()
    assert pdfcheck.problems(data) == []
    words = pdfcheck.words(data)
    topic = [w for w in words if w.text == "Penyusunan"]
    assert len({round(w.top) for w in topic}) > 1  # wrapped over several lines


def test_the_checker_catches_what_makes_a_document_unfit():
    pdf = Document()
    pdf.add_page()
    pdf.use(9)
    pdf.cell(30, 7, LONG_NAME, border=1)  # runs over the next cell
    pdf.cell(30, 7, "Tokoh", border=1)
    pdf.ln()
    pdf.cell(0, 7, "IPP sementara: 1.75 (D)")
    pdf.set_xy(196, 120)
    pdf.cell(30, 7, "keluar")
    found = "\n".join(pdfcheck.problems(pdf.output_bytes()))
    assert "crosses a column border" in found
    assert "overlaps" in found
    assert "'1.75' has a decimal point" in found
    assert "'keluar' outside the margins" in found


def test_a_nip_typed_as_printed_fits_a_model_form_of_18_characters():
    from prima.accounts.forms import ProfileForm

    form = ProfileForm(
        data={"full_name": "Siti", "email": "siti@example.test", "nip": "19800101 200501 1 001"}
    )
    assert form.fields["nip"].max_length == 24
    form.is_valid()
    assert "nip" not in form.errors
    assert form.cleaned_data["nip"] == "198001012005011001"


def test_names_in_a_row_of_signatures_stand_on_one_line_whatever_the_positions():
    pdf = _document()
    pdf.add_page()
    pdf.signatures(
        [
            Signer("Evaluator,", "Siti Aminah", "Analis", ""),
            Signer(
                "Kepala unit,",
                "Budi Santoso",
                "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buru",
                "",
            ),
        ]
    )
    tops = {w.text: w.top for w in pdfcheck.words(pdf.output_bytes())}
    assert abs(tops["Siti"] - tops["Budi"]) < 0.5
