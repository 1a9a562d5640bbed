"""The readiness board as files (issue 19): a CSV for other programs (one row per unit, first
column `unit_code`; `?dialect=excel-id` for Excel set to Indonesian), an XLSX workbook to work
with, and a landscape A4 PDF on the agency's letterhead to bring to a meeting. Each holds the
units the board shows with its filters, all of them (not one page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FontFace

from prima.documents import sources
from prima.insights import links, queries
from prima.insights.models import Status, UnitReadiness
from prima.insights.readiness import DUTIES, DUTY_HEADINGS
from prima.lib import formats, spreadsheets
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.pdf import LINE, TINT, Column, Document
from prima.registry.models import Agency, ServiceUnit

FORMATS = ("csv", "xlsx", "pdf")


def csv_header() -> list[str]:
    header = ["unit_code", "unit_name"]
    for duty in DUTIES:
        header += [f"{duty}_status", f"{duty}_level", f"{duty}_due_on"]
    return header + ["projected_ipp", "projected_category", "next_category", "indicators_to_next"]


def _duty_values(row: UnitReadiness | None) -> Iterator[tuple[str, int | None, dt.date | None]]:
    for duty in DUTIES:
        state = (row.duties.get(duty) if row is not None else None) or {}
        due = state.get("due_on")
        yield (
            state.get("status", ""),
            state.get("level"),
            dt.date.fromisoformat(due) if due else None,
        )


def _readiness(unit: ServiceUnit) -> UnitReadiness | None:
    return getattr(unit, "readiness", None)


def csv_rows(units: Iterable[ServiceUnit]) -> Iterator[list[Any]]:
    for unit in units:
        row = _readiness(unit)
        values: list[Any] = [unit.code, unit.name]
        for status, level, due in _duty_values(row):
            values += [status, level, due.isoformat() if due else ""]
        if row is None:
            values += ["", "", "", ""]
        else:
            values += [
                row.projected_ipp,
                row.projected_category,
                row.next_category,
                row.indicators_to_next,
            ]
        yield values


def xlsx(
    agency: Agency, units: Iterable[ServiceUnit], deadlines: list[queries.DeadlineEntry]
) -> bytes:
    book = spreadsheets.Book(title=_("PEKPPP readiness: %(agency)s") % {"agency": agency.name})
    statuses = dict(Status.choices)
    columns = [spreadsheets.text(_("Unit code")), spreadsheets.text(_("Service unit"))]
    for duty in DUTIES:
        label = DUTY_HEADINGS[duty]
        columns += [
            spreadsheets.text(_("%(duty)s: status") % {"duty": label}, labels=statuses),
            spreadsheets.integer(_("%(duty)s: level") % {"duty": label}),
            spreadsheets.date(_("%(duty)s: due on") % {"duty": label}),
        ]
    columns += [
        spreadsheets.decimal(_("Projected IPP"), places=2),
        spreadsheets.text(_("Projected category")),
        spreadsheets.text(_("Next category")),
        spreadsheets.integer(_("Indicators to the next category")),
    ]

    def rows() -> Iterator[list[Any]]:
        for unit in units:
            row = _readiness(unit)
            values: list[Any] = [unit.code, unit.name]
            for status, level, due in _duty_values(row):
                values += [status, level, due]
            values += (
                [None, "", "", None]
                if row is None
                else [
                    row.projected_ipp,
                    row.projected_category,
                    row.next_category,
                    row.indicators_to_next,
                ]
            )
            yield values

    book.add_sheet(_("Readiness"), columns, rows())
    book.add_sheet(
        _("Deadlines"),
        [
            spreadsheets.date(_("Due on")),
            spreadsheets.text(_("What")),
            spreadsheets.text(_("Subject")),
            spreadsheets.text(_("Service unit")),
        ],
        ([d.due_on, d.what, d.subject, d.unit] for d in deadlines),
    )
    return book.to_bytes()


def _short_date(day: dt.date) -> str:
    """31 Des 2026: short enough for a narrow cell, unambiguous in both languages."""
    return date_format(day, "j M Y")


def _cell_text(cell: queries.Cell) -> str:
    lines = [cell.status_label]
    if cell.indicator:
        level = "-" if cell.level is None else str(cell.level)
        lines.append(f"{cell.indicator} · {level}")
    if cell.total and cell.done is not None:
        lines.append(f"{cell.done}/{cell.total}")
    if cell.due_on is not None:
        lines.append(_short_date(cell.due_on))
    return "\n".join(lines)


def pdf(
    agency: Agency,
    units: Iterable[ServiceUnit],
    deadlines: list[queries.DeadlineEntry],
    *,
    filters: queries.UnitFilters,
    today: dt.date,
) -> bytes:
    """Landscape A4 on the agency's letterhead: the units and their duties as a grid, the
    projected IPP and the gap to the next category, then the deadlines."""
    title = _("PEKPPP readiness")
    document = Document(
        orientation="L",
        title=f"{title}: {agency.name}",
        footer_text=_("%(title)s · %(agency)s · as of %(day)s")
        % {"title": title, "agency": agency.name, "day": formats.long_date(today)},
        letterhead=sources.letterhead(agency),
    )
    document.add_page()
    document.title_block(title, number=False)
    units = list(units)
    facts: list[tuple[str, object]] = [
        (_("As of"), formats.long_date(today)),
        (_("Service units"), formats.integer(len(units))),
    ]
    if filters.narrowed:
        shown = [
            part
            for part in (
                _("search “%(q)s”") % {"q": filters.q} if filters.q else "",
                str(DUTY_HEADINGS[filters.duty]) if filters.duty else "",
                str(Status(filters.status).label) if filters.status else "",
            )
            if part
        ]
        facts.append((_("Filtered by"), ", ".join(shown)))
    document.facts(facts, label_width=0.18)
    document.note(
        _(
            "Each cell: the status (In order, Due soon, Late, Missing), the PEKPPP indicator "
            "with the level Prima's records support (the F-01 pre-fill), done of total where "
            "it counts, and the date it falls due. The projected IPP scores every indicator "
            "no record supports as 0."
        )
    )
    _status_grid(document, units)
    document.heading(_("Deadlines in the next 30 days and overdue"))
    document.grid(
        [
            Column(_("Due on"), 0.12),
            Column(_("What"), 0.25),
            Column(_("Subject"), 0.35),
            Column(_("Service unit"), 0.28),
        ],
        [
            [
                _short_date(d.due_on) + ("\n" + _("overdue") if d.late else ""),
                d.what,
                d.subject or "-",
                d.unit or agency.name,
            ]
            for d in deadlines
        ],
        size=8,
        empty=_("No deadline in the next 30 days."),
    )
    return document.output_bytes()


# A cell's background repeats its status (written in it): late red, due amber, missing grey.
_FILLS: dict[str, tuple[int, int, int]] = {
    Status.LATE: (253, 226, 225),
    Status.DUE: (255, 240, 214),
    Status.MISSING: (236, 238, 240),
}


def _status_grid(document: Document, units: list[ServiceUnit]) -> None:
    """The board as a table: a row per unit, a column per duty, each duty cell tinted by its
    status (the kit's grid, with a style per cell)."""
    size = 7.5
    # The unit's name, a column per duty, the projection: the duties share what is left.
    widths = (0.17, *([0.684 / len(DUTIES)] * len(DUTIES)), 0.146)
    document.use(size)
    document.set_draw_color(*LINE)
    document.set_fill_color(255, 255, 255)
    with document.table(
        col_widths=widths,
        text_align=("LEFT", *(["CENTER"] * len(DUTIES)), "LEFT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=TINT),
        line_height=size * 0.48,
        padding=(1.2, 1.2),
        v_align="MIDDLE",
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for header in (
            _("Service unit"),
            *(str(DUTY_HEADINGS[duty]) for duty in DUTIES),
            _("Projected IPP"),
        ):
            heading.cell(document.t(header), align="CENTER")
        draw = links.DutyLinks()
        for unit in units:
            row = table.row()
            row.cell(document.t(f"{unit.name}\n{unit.code}"))
            readiness = _readiness(unit)
            if readiness is None:
                row.cell(document.t(_("Not computed yet")), colspan=len(DUTIES) + 1)
                continue
            for cell in queries.cells(readiness, unit.code, change=False, draw=draw):
                fill = _FILLS.get(cell.status)
                row.cell(
                    document.t(_cell_text(cell)),
                    style=FontFace(fill_color=fill) if fill else None,
                )
            row.cell(
                document.t(
                    f"{formats.decimal(readiness.projected_ipp)} "
                    f"({readiness.projected_category})\n{queries.gap_text(readiness)}"
                )
            )
        if not units:
            table.row().cell(
                document.t(_("No service unit matches these filters.")),
                colspan=len(DUTIES) + 2,
                align="CENTER",
            )
    document.ln(2)


def export(
    request: HttpRequest,
    fmt: str,
    *,
    agency: Agency,
    units: QuerySet[ServiceUnit],
    deadlines: list[queries.DeadlineEntry],
    filters: queries.UnitFilters,
    today: dt.date,
) -> HttpResponseBase:
    name = f"kesiapan-{agency.code}-{today.isoformat()}"
    if fmt == "csv":
        return stream_csv(
            f"{name}.csv",
            csv_header(),
            csv_rows(units.iterator(chunk_size=500)),
            dialect=dialect_of(request.GET),
        )
    if fmt == "xlsx":
        response = HttpResponse(
            xlsx(agency, units.iterator(chunk_size=500), deadlines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(
        pdf(agency, units, deadlines, filters=filters, today=today),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
