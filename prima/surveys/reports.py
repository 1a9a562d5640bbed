"""Printed and drawn matter of the SKM: the A4 poster with the survey's QR code; the official
report of a period as PDF and XLSX, in the structure regional governments publish (cover; basis
and method; respondents; NRR table; IKM and category; analysis of the weakest elements;
follow-up plan); and the charts of the period's results page. Built from the pre-aggregated
results (queries.period_report), never from raw rows.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from prima.lib import charts, qr, spreadsheets
from prima.lib.pdf import BRAND, LINE, MUTED, TINT, Document
from prima.surveys import questionnaire

if TYPE_CHECKING:
    from prima.registry.models import Service, ServiceUnit
    from prima.surveys.models import SurveyPeriod
    from prima.surveys.queries import PeriodReport


def poster_pdf(*, unit: ServiceUnit, service: Service | None, url: str) -> bytes:
    """An A4 poster for the counter: what to do, in Indonesian and English, and the QR code."""
    pdf = Document(footer_text="Survei Kepuasan Masyarakat - PermenPANRB 14/2017")
    pdf.set_title(f"Survei Kepuasan Masyarakat - {unit.name}")
    pdf.add_page()
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, 210, 38, style="F")
    pdf.set_xy(18, 10)
    pdf.use(24, bold=True, color=(255, 255, 255))
    pdf.cell(0, 10, pdf.t("SURVEI KEPUASAN MASYARAKAT"), new_x="LMARGIN", new_y="NEXT")
    pdf.use(12, color=(255, 255, 255))
    pdf.cell(0, 7, pdf.t("Community Satisfaction Survey"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(46)
    pdf.use(20, bold=True)
    pdf.centred(unit.name, 9)
    if service is not None:
        pdf.use(14)
        pdf.centred(service.name, 7)
    pdf.ln(3)
    pdf.use(15, bold=True)
    pdf.centred("Bagaimana pelayanan kami hari ini?", 7)
    pdf.use(11, color=MUTED)
    pdf.centred("How was our service today?", 6)
    size = 110
    top = pdf.get_y() + 4
    pdf.image(io.BytesIO(qr.png(url, scale=12)), x=(210 - size) / 2, y=top, w=size, h=size)
    pdf.set_y(top + size + 2)
    pdf.use(11, bold=True, color=BRAND)
    pdf.centred(url, 6)
    pdf.ln(4)
    steps = [
        ("1", "Pindai kode QR dengan kamera ponsel", "Scan the QR code with your phone's camera"),
        (
            "2",
            "Jawab 9 pertanyaan singkat (sekitar 3 menit)",
            "Answer 9 short questions (about 3 minutes)",
        ),
        (
            "3",
            "Kirim - tanpa nama, jawaban Anda anonim",
            "Send - no name needed, your answers are anonymous",
        ),
    ]
    for number, indonesian, english in steps:
        pdf.set_x(30)
        pdf.set_fill_color(*TINT)
        pdf.use(16, bold=True, color=BRAND)
        pdf.cell(12, 12, number, align="C", fill=True)
        pdf.set_x(45)
        pdf.use(12, bold=True)
        pdf.cell(0, 6, pdf.t(indonesian), new_x="LEFT", new_y="NEXT")
        pdf.use(10, color=MUTED)
        pdf.cell(0, 6, pdf.t(english), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return pdf.output_bytes()


# --- the period report ----------------------------------------------------------------------
def _number(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value:.{places}f}".replace(".", ",")


def _table(pdf: Document, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    pdf.use(9, bold=True)
    pdf.set_fill_color(*TINT)
    pdf.set_draw_color(*LINE)
    for text, width in zip(header, widths, strict=True):
        pdf.cell(width, 7, pdf.t(text), border=1, fill=True)
    pdf.ln()
    pdf.use(9)
    for row in rows:
        if pdf.get_y() > 270:
            pdf.add_page()
        for text, width in zip(row, widths, strict=True):
            pdf.cell(width, 6.5, pdf.t(text)[:70], border=1)
        pdf.ln()
    pdf.ln(3)


def report_pdf(report: PeriodReport) -> bytes:
    """The period's SKM report as a PDF."""
    period = report.period
    unit = period.unit
    summary = report.summary
    pdf = Document(footer_text=f"Laporan SKM {unit.name} - {period.name}")
    pdf.set_title(f"Laporan Survei Kepuasan Masyarakat - {unit.name} - {period.name}")

    # Cover
    pdf.add_page()
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, 210, 8, style="F")
    pdf.set_y(60)
    pdf.use(22, bold=True, color=BRAND)
    pdf.centred(_("Community Satisfaction Survey Report").upper(), 11)
    pdf.ln(6)
    pdf.use(16, bold=True)
    pdf.centred(unit.name, 8)
    if period.service:
        pdf.use(13)
        pdf.centred(period.service.name, 7)
    pdf.use(13)
    pdf.centred(unit.agency.name, 7)
    pdf.ln(8)
    pdf.use(14, bold=True)
    pdf.centred(f"{period.name} ({period.starts_on:%d-%m-%Y} - {period.ends_on:%d-%m-%Y})", 7)
    pdf.set_y(230)
    pdf.use(10, color=MUTED)
    pdf.centred(
        _("Prepared with Prima on %(date)s from %(n)s counted responses.")
        % {"date": timezone.localdate().strftime("%d-%m-%Y"), "n": summary.respondents},
        5,
    )

    # Basis and method
    pdf.add_page()
    pdf.heading(_("1. Basis and method"))
    pdf.paragraph(
        _(
            "The survey follows %(basis)s. Respondents answered nine elements on a scale of 1 to "
            "4. For each element the average value (NRR) is the sum of the answers divided by the "
            "number of respondents who answered that element; the index (IKM) is 25 times the "
            "average of the nine NRR, each weighted exactly 1/9, rounded half-up to two decimals "
            "only at the end. The quality category is read from the rounded index: A (88.31-100) "
            "Sangat Baik, B (76.61-88.30) Baik, C (65.00-76.60) Kurang Baik, D (25.00-64.99) "
            "Tidak Baik."
        )
        % {"basis": period.ikm_method.legal_basis}
    )
    population = period.population
    if population:
        pdf.paragraph(
            _(
                "Service users in the period: %(population)s. The minimum sample by the "
                "Krejcie-Morgan table is %(sample)s respondents per element; %(state)s."
            )
            % {
                "population": population,
                "sample": summary.sample_required,
                "state": _("the sample was met")
                if summary.sample_met
                else _("the sample was NOT met - the index is indicative only"),
            }
        )
    if summary.flagged:
        pdf.paragraph(
            _(
                "%(n)s responses were held back as suspicious (repeated device, implausible speed "
                "or a reviewer's decision) and are not counted."
            )
            % {"n": summary.flagged}
        )

    # Respondents
    pdf.heading(_("2. Respondents"))
    pdf.paragraph(_("Counted respondents: %(n)s.") % {"n": summary.respondents})
    titles = {
        "sex": _("Sex"),
        "age_band": _("Age"),
        "education": _("Education"),
        "occupation": _("Occupation"),
        "service": _("Service received"),
    }
    for name, title in titles.items():
        profile_rows = report.profile.get(name) or []
        if not profile_rows:
            continue
        _table(
            pdf,
            [title, _("Respondents")],
            [[label, str(n)] for label, n in profile_rows],
            [110, 40],
        )

    # NRR table
    pdf.heading(_("3. Average value per element (NRR)"))
    order = report.order
    rows: list[list[str]] = []
    for key in order:
        element = report.result.elements[key]
        rows.append(
            [
                f"U{order.index(key) + 1}",
                questionnaire.element_title(key),
                str(element.n),
                _number(_nrr(element.nrr), 3),
                _number(element.value_rounded),
                element.category.mutu if element.category else "-",
            ]
        )
    _table(
        pdf,
        ["", _("Element"), "n", "NRR", "NRR x 25", _("Quality")],
        rows,
        [12, 82, 18, 22, 24, 16],
    )

    # IKM
    pdf.heading(_("4. Index and category"))
    if summary.has_index:
        pdf.use(20, bold=True, color=BRAND)
        pdf.cell(
            0,
            11,
            pdf.t(f"IKM {_number(summary.ikm_rounded)} - {summary.mutu} ({summary.kinerja})"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if summary.ci_low is not None:
            pdf.paragraph(
                _("95%% confidence interval: %(low)s - %(high)s.")
                % {"low": _number(summary.ci_low), "high": _number(summary.ci_high)}
            )
        if report.target is not None:
            pdf.paragraph(
                _("Target for %(year)s: %(target)s.")
                % {"year": period.year, "target": _number(report.target)}
            )
    else:
        pdf.paragraph(_("No index: some elements have no answers."))

    # Weakest elements
    pdf.heading(_("5. Analysis: the weakest elements"))
    weakest = [row for row in report.elements if row.nrr is not None][:3]
    for row in weakest:
        pdf.paragraph(
            f"U{row.position} {row.title}: NRR {_number(row.nrr, 3)}, "
            f"{_number(row.value)} ({row.mutu or '-'})"
        )

    # Follow-up plan
    pdf.heading(_("6. Follow-up plan"))
    if report.followups:
        plan = [
            [
                questionnaire.element_title(f.element) if f.element else "-",
                f.action,
                f.owner,
                f.deadline.strftime("%d-%m-%Y"),
                str(f.get_status_display()),
            ]
            for f in report.followups
        ]
        _table(
            pdf,
            [_("Element"), _("Action"), _("Responsible"), _("Deadline"), _("Status")],
            plan,
            [34, 70, 32, 22, 16],
        )
    else:
        pdf.paragraph(_("No follow-up plan has been recorded yet."))
    if report.publications:
        pdf.heading(_("7. Publication of the results"), size=12)
        for publication in report.publications:
            pdf.paragraph(
                f"{publication.get_medium_display()} - {publication.published_on:%d-%m-%Y}"
                + (f" - {publication.url}" if publication.url else "")
            )
    return pdf.output_bytes()


def _nrr(value: object) -> Decimal | None:
    from fractions import Fraction

    if value is None:
        return None
    assert isinstance(value, Fraction)
    return Decimal(value.numerator) / Decimal(value.denominator)


def report_xlsx(report: PeriodReport) -> bytes:
    """The same report as a workbook people can work with (docs/guide/surveys.md): summary,
    NRR per element, respondents, follow-up plan and publication, every sheet with a header
    row, numbers as numbers, dates as dates, and labels in the reader's language."""
    from django.utils.text import capfirst

    from prima.lib.media import Medium
    from prima.surveys.models import FollowUpAction, Publication, SurveyPeriod, SurveyResponse

    period = report.period
    summary = report.summary

    def label(model: Any, name: str) -> str:
        return str(capfirst(model._meta.get_field(name).verbose_name))

    book = spreadsheets.Book(title=_("Community Satisfaction Survey Report"))
    ikm_exact = report.result.ikm
    facts: list[tuple[str, Any]] = [
        (_("Unit"), period.unit.name),
        (_("Agency"), period.unit.agency.name),
        (_("Service"), period.service.name if period.service else _("All services")),
        (_("Period"), period.name),
        (label(SurveyPeriod, "starts_on"), period.starts_on),
        (label(SurveyPeriod, "ends_on"), period.ends_on),
        (_("Legal basis"), period.ikm_method.legal_basis),
        (_("Counted respondents"), summary.respondents),
        (_("Flagged (not counted)"), summary.flagged),
        (_("Service users in the period"), period.population),
        (_("Required sample (Krejcie-Morgan)"), summary.sample_required),
        (_("Sample met"), summary.sample_met),
        (
            _("IKM (unrounded)"),
            spreadsheets.Typed(ikm_exact, "decimal", 4) if ikm_exact is not None else None,
        ),
        (_("IKM"), spreadsheets.Typed(summary.ikm_rounded, "decimal", 2)),
        (_("Quality"), summary.mutu),
        (_("Performance"), summary.kinerja),
        # xgettext:no-python-format
        (_("95% interval, lower bound"), spreadsheets.Typed(summary.ci_low, "decimal", 2)),
        # xgettext:no-python-format
        (_("95% interval, upper bound"), spreadsheets.Typed(summary.ci_high, "decimal", 2)),
        (_("Target"), spreadsheets.Typed(report.target, "decimal", 2)),
    ]
    book.add_sheet(
        _("Summary"),
        [spreadsheets.text(_("Item")), spreadsheets.value(_("Value"))],
        facts,
    )

    book.add_sheet(
        "NRR",
        [
            spreadsheets.text(_("Code")),
            spreadsheets.text(_("Element")),
            spreadsheets.integer(_("Answers")),
            *(spreadsheets.integer(_("Answer %(value)s") % {"value": v}) for v in range(1, 5)),
            spreadsheets.decimal("NRR", places=3),
            spreadsheets.decimal("NRR x 25", places=2),
            spreadsheets.text(_("Quality")),
        ],
        (
            [
                f"U{position}",
                questionnaire.element_title(key),
                report.result.elements[key].n,
                *_four(report.result.elements[key].distribution),
                report.result.elements[key].nrr,
                report.result.elements[key].value_rounded,
                category.mutu if (category := report.result.elements[key].category) else None,
            ]
            for position, key in enumerate(report.order, start=1)
        ),
    )

    titles = {
        "sex": _("Sex"),
        "age_band": _("Age"),
        "education": _("Education"),
        "occupation": _("Occupation"),
        "service": _("Service received"),
        "channel": label(SurveyResponse, "channel"),
    }
    counted = summary.respondents
    book.add_sheet(
        _("Respondents"),
        [
            spreadsheets.text(_("Group")),
            spreadsheets.text(_("Value")),
            spreadsheets.integer(_("Respondents")),
            spreadsheets.percent(_("Share")),
        ],
        (
            [titles.get(name, name), value, count, count / counted if counted else None]
            for name, rows in report.profile.items()
            for value, count in rows
        ),
    )

    elements = {key: questionnaire.element_title(key) for key in questionnaire.ELEMENTS}
    book.add_sheet(
        _("Follow-up plan"),
        [
            spreadsheets.text(_("Element"), labels=elements),
            spreadsheets.text(_("Problem")),
            spreadsheets.text(_("Action")),
            spreadsheets.text(_("Responsible")),
            spreadsheets.date(_("Deadline")),
            spreadsheets.choice(_("Status"), FollowUpAction.Status.choices),
            spreadsheets.date(_("Completed on")),
            spreadsheets.text(_("Evidence")),
        ],
        (
            [
                f.element,
                f.problem,
                f.action,
                f.owner,
                f.deadline,
                f.status,
                f.completed_on,
                f.evidence_url or f.evidence_note,
            ]
            for f in report.followups
        ),
    )
    book.add_sheet(
        _("Publication"),
        [
            spreadsheets.choice(label(Publication, "medium"), Medium.choices),
            spreadsheets.date(label(Publication, "published_on")),
            spreadsheets.text(label(Publication, "url")),
            spreadsheets.text(label(Publication, "note")),
        ],
        ([p.medium, p.published_on, p.url, p.note] for p in report.publications),
    )
    return book.to_bytes()


def _four(distribution: tuple[int, ...]) -> list[int | None]:
    """How many gave each answer 1 to 4 (None where the element has no distribution)."""
    counts: list[int | None] = list(distribution[:4])
    return counts + [None] * (4 - len(counts))


# --- the charts of the results page ---------------------------------------------------------
def _shown_number(value: Any) -> str:
    return number_format(value, decimal_pos=2)


def _category_ticks(period: SurveyPeriod) -> list[float]:
    """Grid lines at the category boundaries (25, 65.00, 76.61, 88.31, 100)."""
    method = period.ikm_method
    bounds = {float(c.minimum) for c in method.categories}
    return sorted(bounds | {float(method.conversion * method.highest)})


def element_chart(report: PeriodReport) -> SafeString:
    """The nine elements' values, weakest first, as an SVG bar chart (the table beside it on
    the page is its text alternative)."""
    bars = [
        charts.Bar(
            label=f"U{row.position} {row.title}",
            value=float(row.value) if row.value is not None else None,
            note=f"{_shown_number(row.value)} {row.mutu}" if row.value is not None else "",
            weak=row.mutu in {"C", "D"},
        )
        for row in report.elements
    ]
    ticks = _category_ticks(report.period)
    svg = charts.responsive(
        charts.bar_chart(bars, low=25, high=100, ticks=ticks, fmt=_shown_number),
        charts.bar_chart(bars, low=25, high=100, ticks=ticks, fmt=_shown_number, narrow=True),
    )
    return mark_safe(svg)  # noqa: S308 - built and escaped by lib.charts


def trend_chart(report: PeriodReport) -> SafeString:
    """The index of this and earlier periods against the target, as an SVG line chart."""
    points = [
        charts.Point(
            label=point.period.name,
            value=float(point.ikm_rounded) if point.ikm_rounded is not None else None,
            target=float(point.target) if point.target is not None else None,
        )
        for point in report.trend
    ]
    ticks = _category_ticks(report.period)
    svg = charts.responsive(
        charts.trend_chart(points, low=25, high=100, ticks=ticks, fmt=_shown_number),
        charts.trend_chart(points, low=25, high=100, ticks=ticks, fmt=_shown_number, narrow=True),
    )
    return mark_safe(svg)  # noqa: S308 - built and escaped by lib.charts
