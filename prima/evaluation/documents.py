"""Documents of an evaluation: the berita acara of a field visit (PDF, in Bahasa Indonesia as
the official record is) and the cycle's results as CSV, XLSX and PDF."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from prima.evaluation import queries
from prima.lib import spreadsheets
from prima.lib.pdf import BRAND, LINE, MUTED, TINT, Document, tanggal

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from prima.evaluation.models import Cycle, Lokus, Visit


def _facts(pdf: Document, facts: list[tuple[str, str]]) -> None:
    for label, value in facts:
        pdf.use(10, bold=True)
        pdf.cell(48, 6, pdf.t(label))
        pdf.use(10)
        pdf.multi_cell(0, 6, pdf.t(f": {value}"), new_x="LMARGIN", new_y="NEXT")


def _table(
    pdf: Document, widths: tuple[int, ...], headers: tuple[str, ...], rows: Sequence[Sequence[str]]
) -> None:
    pdf.set_fill_color(*TINT)
    pdf.set_draw_color(*LINE)
    pdf.use(8.5, bold=True)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 6.5, pdf.t(header), border=1, fill=True)
    pdf.ln()
    pdf.use(8.5)
    for row in rows:
        for width, text in zip(widths, row, strict=True):
            limit = max(4, int(width / 1.7))
            pdf.cell(width, 6, pdf.t(text)[:limit], border=1)
        pdf.ln()


def berita_acara_pdf(visit: Visit) -> bytes:
    """Berita acara of a field visit: the lokus, who was present, the findings, and the
    scores as they stand, signed by both sides."""
    lokus = queries.lokus_for_page(visit.lokus_id)
    unit = lokus.unit
    cycle = lokus.cycle
    instrument = cycle.instrument
    pdf = Document(footer_text=f"Berita Acara Evaluasi PEKPPP - {unit.name}")
    pdf.set_title(f"Berita Acara Evaluasi PEKPPP {cycle.year} - {unit.name}")
    pdf.add_page()
    pdf.use(15, bold=True, color=BRAND)
    pdf.centred("BERITA ACARA", 7)
    pdf.centred("EVALUASI KINERJA PENYELENGGARAAN PELAYANAN PUBLIK", 7)
    pdf.use(11)
    pdf.centred(cycle.name, 6)
    pdf.ln(4)
    _facts(
        pdf,
        [
            ("Unit lokus", unit.name),
            ("Instansi", unit.agency.name),
            ("Jenis layanan", lokus.get_kind_display()),
            ("Tanggal kunjungan", tanggal(visit.visited_on)),
            ("Instrumen", instrument.name),
        ],
    )
    pdf.heading("Evaluator", 12)
    pdf.paragraph("\n".join(f"- {line}" for line in visit.evaluators.splitlines() if line.strip()))
    pdf.heading("Pejabat unit yang hadir", 12)
    pdf.paragraph(
        "\n".join(f"- {line}" for line in visit.unit_officials.splitlines() if line.strip())
    )
    pdf.heading("Temuan lapangan", 12)
    pdf.paragraph(visit.findings)
    pdf.heading("Nilai per indikator", 12)
    rows = []
    for block in queries.lokus_rows(lokus, records=None):
        for row in block.rows:
            rows.append(
                (
                    row.indicator.code,
                    row.indicator.name,
                    str(row.primary.score) if row.primary else "-",
                    (row.primary.note if row.primary else "") or "",
                )
            )
    _table(pdf, (18, 80, 14, 62), ("Kode", "Indikator", "Nilai", "Catatan"), rows)
    if lokus.ipp_rounded is not None:
        pdf.ln(2)
        pdf.use(10, bold=True)
        pdf.multi_cell(
            0,
            6,
            pdf.t(f"Indeks Pelayanan Publik sementara: {lokus.ipp_rounded} ({lokus.category})"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(8)
    pdf.use(10)
    pdf.cell(
        0,
        6,
        pdf.t(f"{unit.region.name}, {tanggal(visit.visited_on)}"),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    y = pdf.get_y() + 2
    pdf.set_xy(18, y)
    pdf.cell(80, 6, pdf.t("Pimpinan unit lokus,"))
    pdf.set_xy(112, y)
    pdf.cell(80, 6, pdf.t("Evaluator,"))
    pdf.ln(22)
    officials = [line for line in visit.unit_officials.splitlines() if line.strip()]
    evaluators = [line for line in visit.evaluators.splitlines() if line.strip()]
    y = pdf.get_y()
    pdf.set_xy(18, y)
    pdf.cell(80, 6, pdf.t(officials[0] if officials else "(....................)"))
    pdf.set_xy(112, y)
    pdf.cell(80, 6, pdf.t(evaluators[0] if evaluators else "(....................)"))
    pdf.ln(10)
    pdf.use(8, color=MUTED)
    generated = date_format(timezone.localtime(), "d-m-Y H:i")
    pdf.multi_cell(
        0, 4, pdf.t(f"Dibuat oleh Prima pada {generated}."), new_x="LMARGIN", new_y="NEXT"
    )
    return pdf.output_bytes()


# --- results --------------------------------------------------------------------------------
def result_header(cycle: Cycle) -> list[str]:
    aspects = [a.name for a in cycle.instrument.aspects]
    return [
        _("rank"),
        _("unit code"),
        _("unit"),
        _("agency"),
        _("province"),
        _("coordination region"),
        _("type of service"),
        _("mode"),
        *aspects,
        _("IPP (evaluator)"),
        _("F-03 mean"),
        _("F-03 respondents"),
        _("IPP"),
        _("category"),
        _("previous IPP"),
    ]


def result_rows(cycle: Cycle, within: QuerySet[Lokus] | None = None) -> Iterator[list[Any]]:
    aspects = [a.code for a in cycle.instrument.aspects]
    for _group, rows in queries.rankings(cycle, by="national", within=within):
        for row in rows:
            lokus = row.lokus
            yield [
                row.rank,
                lokus.unit.code,
                lokus.unit.name,
                lokus.unit.agency.name,
                row.province.name if row.province else "",
                row.wilayah,
                lokus.get_kind_display(),
                lokus.get_mode_display(),
                *[_score(lokus.aspect_scores.get(code)) for code in aspects],
                lokus.evaluator_ipp,
                lokus.user_mean,
                lokus.user_respondents,
                lokus.ipp_rounded,
                lokus.category,
                row.previous,
            ]


def _score(stored: Any) -> Decimal | None:
    """An aspect score as the number it is (the result keeps them as text in JSON)."""
    if stored is None or stored == "":
        return None
    try:
        return Decimal(str(stored))
    except InvalidOperation:
        return None


def results_xlsx(cycle: Cycle, within: QuerySet[Lokus] | None = None) -> bytes:
    """The ranking, the category distribution and what the file is, as a workbook people can
    work with: a header row, numbers as numbers, categories with their labels."""
    instrument = cycle.instrument
    categories = {c.code: c.label for c in instrument.categories}
    header = [str(capfirst(name)) for name in result_header(cycle)]
    aspects = len(instrument.aspects)
    columns = [
        spreadsheets.integer(header[0]),
        *(spreadsheets.text(name) for name in header[1:8]),
        *(spreadsheets.decimal(name, places=2) for name in header[8 : 8 + aspects]),
        spreadsheets.decimal(header[8 + aspects], places=2),  # IPP (evaluator)
        spreadsheets.decimal(header[9 + aspects], places=3),  # F-03 mean
        spreadsheets.integer(header[10 + aspects]),  # F-03 respondents
        spreadsheets.decimal(header[11 + aspects], places=2),  # IPP
        spreadsheets.text(header[12 + aspects]),  # category
        spreadsheets.text(_("Category label")),
        spreadsheets.decimal(header[13 + aspects], places=2),  # previous IPP
    ]
    book = spreadsheets.Book(title=cycle.name)
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for row in result_rows(cycle, within):
            count += 1
            category = row[-2]
            yield [*row[:-1], categories.get(category), row[-1]]

    book.add_sheet(_("Results"), columns, rows())
    distribution = queries.category_distribution(cycle, within)
    total = sum(n for _code, _label, n in distribution)
    book.add_sheet(
        _("Categories"),
        [
            spreadsheets.text(capfirst(_("category"))),
            spreadsheets.text(capfirst(_("label"))),
            spreadsheets.integer(capfirst(_("lokus"))),
            spreadsheets.percent(_("Share")),
        ],
        ([code, label, n, n / total if total else None] for code, label, n in distribution),
    )
    book.add_sheet(
        _("About"),
        [spreadsheets.text(_("Item")), spreadsheets.value(_("Value"))],
        [
            (_("Cycle"), cycle.name),
            (_("Year"), spreadsheets.Typed(cycle.year, "integer", grouping=False)),
            (_("Instrument"), instrument.name),
            (
                _("Weight of the users' ratings (F-03)"),
                spreadsheets.Typed(cycle.user_weight / 100, "percent", 0),
            ),
            (_("Lokus in this file"), count),
            (_("Generated"), timezone.now()),
        ],
    )
    return book.to_bytes()


def results_pdf(cycle: Cycle, within: QuerySet[Lokus] | None = None) -> bytes:
    """The ranking and the category distribution, landscape A4."""
    pdf = Document(orientation="L", footer_text=f"{cycle.name} - Prima")
    pdf.set_title(cycle.name)
    pdf.add_page()
    pdf.use(15, bold=True, color=BRAND)
    pdf.multi_cell(0, 7, pdf.t(f"Hasil {cycle.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.use(9, color=MUTED)
    pdf.multi_cell(
        0,
        5,
        pdf.t(
            f"Instrumen {cycle.instrument_code}; bobot penilaian pengguna (F-03) "
            f"{cycle.user_weight}%. Dicetak {date_format(timezone.localtime(), 'd-m-Y H:i')}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.heading("Sebaran kategori", 12)
    _table(
        pdf,
        (20, 70, 20),
        ("Kategori", "Keterangan", "Lokus"),
        [(c, label, str(n)) for c, label, n in queries.category_distribution(cycle, within)],
    )
    pdf.heading("Peringkat nasional", 12)
    rows = [
        (
            str(row[0]),
            str(row[2]),
            str(row[3]),
            str(row[4]),
            str(row[6]),
            str(row[-3]),
            str(row[-2]),
            "" if row[-1] is None else str(row[-1]),
        )
        for row in result_rows(cycle, within)
    ]
    _table(
        pdf,
        (12, 70, 62, 40, 40, 16, 16, 20),
        ("No", "Unit", "Instansi", "Provinsi", "Jenis", "IPP", "Kat.", "Sebelumnya"),
        rows,
    )
    return pdf.output_bytes()
