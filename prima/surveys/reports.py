"""Printed and drawn matter of the SKM: the A4 poster with the survey's QR code; the official
report of a period as PDF and XLSX, in the structure regional governments publish (letterhead
and number; basis and method; respondents; NRR table; IKM and category; analysis of the
weakest elements; follow-up plan; publication; the head of unit's signature); and the charts
of the period's results page. Built from the pre-aggregated results (queries.period_report),
never from raw rows.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prima.lib import charts, formats, qr, spreadsheets
from prima.lib.officials import Signer
from prima.lib.pdf import BRAND, INK, LINE, MUTED, Column, Document, place_and_date
from prima.surveys import questionnaire

if TYPE_CHECKING:
    from prima.lib.pdf import Issued, Letterhead
    from prima.registry.models import Service, ServiceUnit
    from prima.surveys.models import SurveyPeriod
    from prima.surveys.queries import PeriodReport

WHITE = (255, 255, 255)


# --- the poster -----------------------------------------------------------------------------
def poster_pdf(*, unit: ServiceUnit, service: Service | None, url: str, questions: int) -> bytes:
    """An A4 poster for the counter in the reader's language: the unit, the invitation, the
    survey's QR code and address, and three steps — the second saying how many questions the
    unit's form really asks (`questions`: the nine elements and the unit's own questions)."""
    pdf = Document(
        footer_text=f"{_('Community Satisfaction Survey')} · PermenPANRB 14/2017",
        title=f"{_('Community Satisfaction Survey')} - {unit.name}",
        page_numbers=False,
    )
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    left, width = pdf.l_margin, pdf.epw
    # The band: the survey's name over the agency's.
    pdf.set_fill_color(*BRAND)
    pdf.use(24, bold=True, color=WHITE)
    title_lines = pdf.lines(width, 10, _("Community Satisfaction Survey").upper())
    pdf.use(11, color=WHITE)
    agency_lines = pdf.lines(width, 5.5, unit.agency.name)
    band = 10 + title_lines * 10 + 2 + agency_lines * 5.5 + 8
    pdf.rect(0, 0, pdf.w, band, style="F")
    pdf.set_xy(left, 10)
    pdf.use(24, bold=True, color=WHITE)
    pdf.multi_cell(
        width,
        10,
        pdf.t(_("Community Satisfaction Survey").upper()),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.use(11, color=WHITE)
    pdf.multi_cell(width, 5.5, pdf.t(unit.agency.name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(band + 8)
    pdf.use(20, bold=True)
    pdf.centred(unit.name, 9)
    if service is not None:
        pdf.use(14)
        pdf.centred(service.name, 7)
    pdf.ln(3)
    pdf.use(16, bold=True, color=BRAND)
    pdf.centred(_("How was our service today?"), 8)
    # The steps take what they need at the foot of the page; the code takes what is left,
    # up to 110 mm.
    steps = [
        _("Scan the QR code with your phone's camera."),
        ngettext(
            "Answer %(n)s short question (about %(minutes)s minutes).",
            "Answer %(n)s short questions (about %(minutes)s minutes).",
            questions,
        )
        % {"n": questions, "minutes": _minutes(questions)},
        _("Send. No name is asked: your answers are anonymous."),
    ]
    text_left = left + 26
    text_width = pdf.w - pdf.r_margin - text_left
    pdf.use(14, bold=True)
    steps_height = sum(max(13, pdf.lines(text_width, 7, step) * 7) + 5 for step in steps)
    pdf.use(11, bold=True)
    url_height = pdf.lines(width, 6, url) * 6
    bottom = pdf.h - pdf.MARGIN - pdf.FOOTER
    top = pdf.get_y() + 6
    size = max(50.0, min(120.0, bottom - steps_height - url_height - 12 - top))
    pdf.image(io.BytesIO(qr.png(url, scale=12)), x=(pdf.w - size) / 2, y=top, w=size, h=size)
    pdf.set_y(top + size + 2)
    pdf.use(11, bold=True, color=BRAND)
    pdf.centred(url, 6)
    pdf.ln(6)
    for number, step in enumerate(steps, start=1):
        row_top = pdf.get_y()
        pdf.set_fill_color(*BRAND)
        pdf.use(17, bold=True, color=WHITE)
        pdf.set_xy(left + 8, row_top)
        pdf.cell(13, 13, str(number), align="C", fill=True)
        pdf.use(14, bold=True)
        lines = pdf.lines(text_width, 7, step)
        # One line sits in the middle of its number's box; more start at its top.
        pdf.set_xy(text_left, row_top + (3 if lines == 1 else 0))
        pdf.multi_cell(text_width, 7, pdf.t(step), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), row_top + 13) + 5)
    return pdf.output_bytes()


def _minutes(questions: int) -> int:
    """About a third of a minute a question, never less than three minutes (the nine
    elements and the profile questions take about three)."""
    return max(3, round(questions / 3))


# --- the period report ----------------------------------------------------------------------
def _value(value: Decimal | None, places: int = 2) -> str:
    return formats.decimal(value, places)


def _period_dates(period: SurveyPeriod) -> str:
    return f"{formats.long_date(period.starts_on)} – {formats.long_date(period.ends_on)}"


def _quality(mutu: str, kinerja: str = "") -> str:
    if not mutu:
        return "-"
    return f"{mutu} ({kinerja})" if kinerja else mutu


def report_facts(report: PeriodReport) -> list[tuple[str, str]]:
    """What the report states in brief: printed under its title and kept with the issued
    document on the verification page."""
    period = report.period
    summary = report.summary
    facts = [
        (_("Unit"), period.unit.name),
        (_("Service"), period.service.name if period.service else _("All services")),
        (_("Period"), f"{period.name} ({_period_dates(period)})"),
        (_("Counted respondents"), formats.integer(summary.respondents)),
    ]
    if summary.has_index:
        facts.append(
            (_("IKM"), f"{_value(summary.ikm_rounded)} · {_quality(summary.mutu, summary.kinerja)}")
        )
    return facts


def report_signer(unit: ServiceUnit, signer: Signer) -> Signer:
    """The head of unit as the report's closing shows them: the position over the space to
    sign (with a comma, as letters write it), the name and NIP under it. A unit without a
    recorded head gets the generic title and an open name line for the pen."""
    position = signer.position or _("Head of %(unit)s") % {"unit": unit.name}
    return Signer(role=f"{position},", name=signer.name, nip=signer.nip)


def report_pdf(
    report: PeriodReport,
    *,
    letterhead: Letterhead | None = None,
    issued: Issued | None = None,
    signer: Signer | None = None,
    place: str = "",
    day: dt.date | None = None,
) -> bytes:
    """The period's SKM report as a PDF fit to sign: the unit's letterhead, the number and
    verification code of the issued document, every table wrapped, numbers and dates in the
    reader's language, and the head of unit's signature dated `day` at `place`."""
    period = report.period
    unit = period.unit
    summary = report.summary
    method = period.ikm_method
    pdf = Document(
        footer_text=_("SKM report %(period)s") % {"period": period.name},
        title=f"{_('Community Satisfaction Survey Report')} - {unit.name} - {period.name}",
        letterhead=letterhead,
        issued=issued,
    )
    pdf.add_page()
    pdf.title_block(_("Community Satisfaction Survey Report"))
    pdf.facts(report_facts(report), label_width=0.27)

    # 1. Basis and method
    pdf.heading(_("1. Basis and method"))
    pdf.paragraph(
        _(
            "The survey follows %(basis)s. Respondents answered the %(elements)s service "
            "elements on a scale of %(low)s to %(high)s. For each element the average value "
            "(NRR) is the sum of the answers divided by the number of respondents who answered "
            "that element; the index (IKM) is %(conversion)s times the average of the "
            "%(elements)s NRR, each weighted equally, rounded half-up to two decimals only at "
            "the end. The quality category is read from the rounded index:"
        )
        % {
            "basis": method.legal_basis,
            "elements": len(method.elements),
            "low": method.lowest,
            "high": method.highest,
            "conversion": method.conversion,
        }
    )
    pdf.grid(
        [
            Column(_("Index"), 1, "CENTER"),
            Column(_("Quality"), 0.7, "CENTER"),
            Column(_("Performance of the unit"), 1.3),
        ],
        _category_rows(period),
    )
    population = period.population
    if population:
        pdf.paragraph(
            _(
                "Service users in the period: %(population)s. The minimum sample by the "
                "Krejcie-Morgan table is %(sample)s respondents per element; %(state)s."
            )
            % {
                "population": formats.integer(population),
                "sample": formats.integer(summary.sample_required),
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
            % {"n": formats.integer(summary.flagged)}
        )

    # 2. Respondents
    pdf.heading(_("2. Respondents"))
    pdf.paragraph(_("Counted respondents: %(n)s.") % {"n": formats.integer(summary.respondents)})
    titles = {
        "sex": _("Sex"),
        "age_band": _("Age"),
        "education": _("Education"),
        "occupation": _("Occupation"),
        "service": _("Service received"),
        "channel": _("Channel"),
    }
    for name, title in titles.items():
        profile_rows = report.profile.get(name) or []
        if not profile_rows:
            continue
        total = sum(count for _label, count in profile_rows)
        _whole_grid(
            pdf,
            [
                Column(title, 3),
                Column(_("Respondents"), 1, "RIGHT"),
                Column(_("Share"), 1, "RIGHT"),
            ],
            [
                [
                    _("Not answered") if label == "—" else label,
                    formats.integer(count),
                    formats.percent(count / total if total else None, 1),
                ]
                for label, count in profile_rows
            ],
        )

    # 3. NRR per element, in the unit's order, with the chart of the values
    columns = [
        Column("U", 0.55, "CENTER"),
        Column(_("Element"), 3.1),
        Column("1", 0.65, "RIGHT"),
        Column("2", 0.65, "RIGHT"),
        Column("3", 0.65, "RIGHT"),
        Column("4", 0.65, "RIGHT"),
        Column("n", 0.75, "RIGHT"),
        Column("NRR", 0.95, "RIGHT"),
        Column("NRR × 25", 1.05, "RIGHT"),
        Column(_("Quality"), 1.45, "CENTER"),
    ]
    rows = [*_element_rows(report), _index_row(report)]
    # The heading moves to the next page with the whole table (and its note) when they do
    # not fit: the index row must not stand alone over there.
    pdf.heading(
        _("3. Average value per element (NRR)"),
        keep=_grid_height(pdf, columns, rows, size=8.5) + 10,
    )
    pdf.grid(columns, rows, size=8.5)
    pdf.note(
        _(
            "1 to 4: how many respondents gave each answer; n: how many answered the element. "
            "The last row is the index of the unit."
        )
    )
    _element_chart(pdf, report)

    # 4. Index and category
    pdf.heading(_("4. Index and category"))
    if summary.has_index:
        pdf.use(18, bold=True, color=BRAND)
        pdf.multi_cell(
            0,
            9,
            pdf.t(
                _("IKM %(ikm)s · quality %(quality)s")
                % {
                    "ikm": _value(summary.ikm_rounded),
                    "quality": _quality(summary.mutu, summary.kinerja),
                }
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1)
        if summary.ci_low is not None:
            pdf.paragraph(
                _("95%% confidence interval: %(low)s - %(high)s.")
                % {"low": _value(summary.ci_low), "high": _value(summary.ci_high)}
            )
        if report.target is not None:
            pdf.paragraph(
                _("Target for %(year)s: %(target)s.")
                % {"year": period.year, "target": _value(report.target)}
            )
    else:
        pdf.paragraph(_("No index: some elements have no answers."))
    # The periods up to this one: a report does not foretell the later ones.
    trend = [point for point in report.trend if point.period.ends_on <= period.ends_on]
    if len(trend) > 1:
        columns = [
            Column(_("Period"), 2.4),
            Column(_("Dates"), 3),
            Column("IKM", 1, "RIGHT"),
            Column(_("Quality"), 1.4, "CENTER"),
            Column(_("Target"), 1, "RIGHT"),
        ]
        rows = [
            [
                point.period.name,
                _period_dates(point.period),
                _value(point.ikm_rounded),
                point.mutu or "-",
                _value(point.target),
            ]
            for point in trend
        ]
        pdf.keep(min(_grid_height(pdf, columns, rows) + 8, _WHOLE_PAGE))
        pdf.paragraph(_("The index of the unit's periods of the same scope:"))
        pdf.grid(columns, rows)

    # 5. The weakest elements
    pdf.heading(_("5. Analysis: the weakest elements"), keep=50)
    weakest = [row for row in report.elements if row.nrr is not None][:3]
    if weakest:
        pdf.paragraph(
            _(
                "The elements with the lowest values come first in the follow-up plan. The "
                "three weakest in this period:"
            )
        )
        pdf.grid(
            [
                Column("U", 0.6, "CENTER"),
                Column(_("Element"), 4),
                Column("NRR", 1, "RIGHT"),
                Column("NRR × 25", 1.1, "RIGHT"),
                Column(_("Quality"), 1.1, "CENTER"),
            ],
            [
                [
                    f"U{row.position}",
                    row.title,
                    _value(row.nrr, 3),
                    _value(row.value),
                    row.mutu or "-",
                ]
                for row in weakest
            ],
        )
    else:
        pdf.paragraph(_("No element has answers yet."))

    # 6. Follow-up plan
    pdf.heading(_("6. Follow-up plan"))
    if report.followups:
        pdf.grid(
            [
                Column("No.", 0.62, "CENTER"),
                Column(_("Element"), 1.75),
                Column(_("Problem"), 2.6),
                Column(_("Action"), 2.8),
                Column(_("Responsible"), 1.75),
                Column(_("Deadline"), 1.4),
                Column(_("Status"), 1.4),
            ],
            [
                [
                    str(number),
                    questionnaire.element_title(action.element) if action.element else "-",
                    action.problem,
                    action.action,
                    action.owner,
                    formats.long_date(action.deadline),
                    _status(action.get_status_display(), action.completed_on),
                ]
                for number, action in enumerate(report.followups, start=1)
            ],
            size=8.5,
        )
    else:
        pdf.paragraph(_("No follow-up plan has been recorded yet."))

    # 7. Publication
    if report.publications:
        columns = [
            Column(_("Medium"), 1.6),
            Column(_("Date"), 1.4),
            Column(_("Link or note"), 3.5),
        ]
        rows = [
            [
                publication.get_medium_display(),
                formats.long_date(publication.published_on),
                publication.url or publication.note or "-",
            ]
            for publication in report.publications
        ]
        pdf.heading(
            _("7. Publication of the results"),
            keep=min(_grid_height(pdf, columns, rows), _WHOLE_PAGE),
        )
        pdf.grid(columns, rows)

    # Closing: a sentence, the head of unit's signature and the verification block, on one
    # page, so that the signature never stands on a page of its own.
    closing = _("This report is made to be used as it should.")
    place_date = place_and_date(place, day) if day else place
    pdf.ln(3)
    pdf.keep(_closing_height(pdf, closing, signer, verification=issued is not None))
    pdf.paragraph(closing)
    pdf.ln(2)
    if signer is not None:
        pdf.signatures([signer], place_date=place_date)
    pdf.verification()
    return pdf.output_bytes()


# A table of at most this height (mm) is kept whole on one page.
_WHOLE_PAGE = 200.0


def _grid_height(
    pdf: Document, columns: list[Column], rows: list[list[str]], *, size: float = 9
) -> float:
    """About how tall `Document.grid` draws this table (mm): each row as tall as its most
    wrapped cell, with the kit's line height and padding, and a little to spare."""
    share = sum(column.width for column in columns)
    line = size * 0.48
    height = 3.0
    for index, values in enumerate([[column.header for column in columns], *rows]):
        pdf.use(size, bold=index == 0)
        tallest = max(
            pdf.lines(pdf.epw * column.width / share - 2.4, line, str(value))
            for column, value in zip(columns, values, strict=True)
        )
        height += tallest * line + 2.4
    return height


def _whole_grid(pdf: Document, columns: list[Column], rows: list[list[str]]) -> None:
    """A short table on one page: on the next when it does not fit here."""
    pdf.keep(min(_grid_height(pdf, columns, rows), _WHOLE_PAGE))
    pdf.grid(columns, rows)


def _closing_height(
    pdf: Document, closing: str, signer: Signer | None, *, verification: bool
) -> float:
    """The height of the closing sentence, the signature block as `Document.signatures`
    draws a lone signer (place and date, the position, 20 mm to sign, the name, the NIP)
    and the verification block (mm)."""
    pdf.use(10)
    height = float(pdf.lines(pdf.epw, 5, closing) * 5 + 6)
    if signer is not None:
        inner = pdf.epw / 2 - 4
        height += 5.5 + pdf.lines(inner, 5, signer.role) * 5 + 20
        pdf.use(10, bold=True)
        height += pdf.lines(inner, 5, signer.name or "(" + "." * 36 + ")") * 5
        height += (5 if signer.nip else 0) + 4
    return height + (32 if verification else 0)


def _category_rows(period: SurveyPeriod) -> list[list[str]]:
    """The categories of the method, best first, with the index range of each."""
    method = period.ikm_method
    rows = []
    upper = Decimal(method.conversion * method.highest)
    for category in method.categories:
        rows.append(
            [
                f"{_value(category.minimum)} – {_value(upper)}",
                category.mutu,
                category.kinerja,
            ]
        )
        upper = category.minimum - Decimal("0.01")
    return rows


def _element_rows(report: PeriodReport) -> list[list[str]]:
    rows = []
    for position, key in enumerate(report.order, start=1):
        element = report.result.elements[key]
        distribution = list(element.distribution) or [0, 0, 0, 0]
        rows.append(
            [
                f"U{position}",
                questionnaire.element_title(key),
                *(formats.integer(count) for count in distribution),
                formats.integer(element.n),
                _value(_nrr(element.nrr), 3),
                _value(element.value_rounded),
                element.category.mutu if element.category else "-",
            ]
        )
    return rows


def _index_row(report: PeriodReport) -> list[str]:
    summary = report.summary
    return [
        "",
        _("Community Satisfaction Index (IKM)"),
        "",
        "",
        "",
        "",
        formats.integer(summary.respondents),
        "",
        _value(summary.ikm_rounded),
        summary.mutu or "-",
    ]


def _status(status: str, completed_on: dt.date | None) -> str:
    if completed_on is None:
        return status
    return f"{status}, {formats.long_date(completed_on)}"


def _element_chart(pdf: Document, report: PeriodReport) -> None:
    """The elements' values (NRR × 25) as horizontal bars on the index scale, weakest first,
    with the category boundaries as dotted lines; the table above is its text. Drawn here,
    not from the page's SVG, so that it prints crisp and in the document's fonts."""
    rows = [row for row in report.elements if row.value is not None]
    if not rows:
        return
    method = report.period.ikm_method
    low = float(method.conversion * method.lowest)
    high = float(method.conversion * method.highest)
    label_width, value_width = 62.0, 22.0
    left = pdf.l_margin + label_width + 2
    plot_width = pdf.epw - label_width - value_width - 4
    line = 4.0
    pdf.use(8.5)
    heights = [
        max(6.0, pdf.lines(label_width, line, f"U{r.position} {r.title}") * line + 1.5)
        for r in rows
    ]
    total = sum(heights) + 20
    pdf.keep(total)
    pdf.ln(2)
    pdf.use(9.5, bold=True)
    pdf.multi_cell(
        0, 5, pdf.t(_("Value per element (NRR × 25), weakest first")), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(1)
    top = pdf.get_y()

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * plot_width

    y = top
    for row, height in zip(rows, heights, strict=True):
        pdf.use(8.5)
        pdf.set_xy(
            pdf.l_margin,
            y + (height - pdf.lines(label_width, line, f"U{row.position} {row.title}") * line) / 2,
        )
        pdf.multi_cell(label_width, line, pdf.t(f"U{row.position} {row.title}"), align="R")
        weak = row.mutu in {"C", "D"}
        pdf.set_fill_color(*((183, 80, 40) if weak else BRAND))
        value = float(row.value or 0)
        bar = max(0.4, x_of(value) - left)
        pdf.rect(left, y + height / 2 - 2, bar, 4, style="F")
        pdf.set_xy(left + plot_width + 2, y + (height - line) / 2)
        pdf.use(8.5, bold=weak, color=INK)
        pdf.cell(value_width, line, pdf.t(f"{_value(row.value)} {row.mutu}"))
        y += height
    # The category boundaries and the axis under the bars.
    bounds = sorted({float(c.minimum) for c in method.categories} | {high})
    pdf.set_draw_color(*LINE)
    pdf.set_dash_pattern(dash=0.6, gap=0.8)
    for bound in bounds:
        if low < bound:
            pdf.line(x_of(bound), top, x_of(bound), y)
    pdf.set_dash_pattern()
    pdf.set_draw_color(*MUTED)
    pdf.line(left, y + 0.5, left + plot_width, y + 0.5)
    pdf.use(7.5, color=MUTED)
    for bound in bounds:
        text = pdf.t(_value(Decimal(str(bound))))
        text_width = pdf.get_string_width(text)
        pdf.set_xy(x_of(bound) - text_width / 2 - 0.5, y + 1.5)
        pdf.cell(text_width + 1, 4, text, align="C")
    # fpdf2 fills the cells of later tables with the current fill colour: back to white.
    pdf.set_fill_color(*WHITE)
    pdf.set_xy(pdf.l_margin, y + 7)
    pdf.ln(2)


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
