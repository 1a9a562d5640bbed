"""The national picture's page as a file (issue 20 item 7): the areas below a level with
their figures, as CSV (`?format=csv`, with `&dialect=excel-id` for a spreadsheet set to
Indonesian) and as a workbook (`?format=xlsx`: the area's own figures, then the areas below)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _

from prima.insights import picture
from prima.insights.national import Area
from prima.lib import spreadsheets
from prima.lib.exports import dialect_of, stream_csv

FORMATS = ("csv", "xlsx")

# The columns: a stable English name (CSV header), the workbook's header and its kind.
COLUMNS: list[tuple[str, Any]] = [
    ("code", lambda: spreadsheets.text(_("Code"))),
    ("name", lambda: spreadsheets.text(_("Name"))),
    ("rank", lambda: spreadsheets.integer(_("Rank"))),
    ("units", lambda: spreadsheets.integer(_("Units"))),
    ("skm_units_with_result", lambda: spreadsheets.integer(_("Units with an SKM result"))),
    ("ikm_mean", lambda: spreadsheets.decimal(_("Mean IKM"), places=4)),
    ("ikm_mutu_a", lambda: spreadsheets.integer(_("Units graded A"))),
    ("ikm_mutu_b", lambda: spreadsheets.integer(_("Units graded B"))),
    ("ikm_mutu_c", lambda: spreadsheets.integer(_("Units graded C"))),
    ("ikm_mutu_d", lambda: spreadsheets.integer(_("Units graded D"))),
    ("skm_below_sample", lambda: spreadsheets.integer(_("Units below the required sample"))),
    ("ipp_lokus", lambda: spreadsheets.integer(_("Lokus evaluated"))),
    ("ipp_mean", lambda: spreadsheets.decimal(_("Mean IPP"), places=2)),
    ("services", lambda: spreadsheets.integer(_("Services"))),
    (
        "services_with_standard",
        lambda: spreadsheets.integer(_("Services with a standard in force")),
    ),
    ("units_with_maklumat", lambda: spreadsheets.integer(_("Units with a signed maklumat"))),
    ("units_with_fkp", lambda: spreadsheets.integer(_("Units that held an FKP"))),
    ("complaints_received", lambda: spreadsheets.integer(_("Complaints received"))),
    ("complaints_on_time", lambda: spreadsheets.integer(_("Complaints answered on time"))),
    (
        "median_first_answer_hours",
        lambda: spreadsheets.decimal(_("Median hours to the first answer"), places=1),
    ),
    ("governments", lambda: spreadsheets.integer(_("Regional governments"))),
    ("governments_took_part", lambda: spreadsheets.integer(_("Took part in coaching"))),
    ("coaching_tasks", lambda: spreadsheets.integer(_("Follow-up tasks due"))),
    ("coaching_tasks_done", lambda: spreadsheets.integer(_("Follow-up tasks done"))),
]


def values(code: str, name: str, rank: int | None, f: dict[str, Any]) -> list[Any]:
    skm, ipp, std, cmp, coach = f["skm"], f["ipp"], f["standards"], f["complaints"], f["coaching"]
    return [
        code,
        name,
        rank,
        f["units"],
        skm["units_with_result"],
        skm["ikm_mean"],
        *(skm["by_mutu"][m] for m in "ABCD"),
        skm["below_sample"],
        ipp["lokus"],
        ipp["ipp_mean"],
        std["services"],
        std["with_standard_in_force"],
        std["units_with_maklumat"],
        std["units_with_fkp"],
        cmp["received"],
        cmp["answered_on_time"],
        cmp["median_first_answer_hours"],
        coach["governments"],
        coach["took_part"],
        coach["tasks"],
        coach["tasks_done"],
    ]


def _rows(rows: list[picture.RankedChild]) -> Iterator[list[Any]]:
    for row in rows:
        yield values(row.child.code, row.child.name, row.rank, row.child.figures)


def respond(
    request: HttpRequest,
    fmt: str,
    *,
    found: Area,
    year: int,
    figures: dict[str, Any],
    rows: list[picture.RankedChild],
) -> HttpResponseBase:
    name = f"gambaran-{found.code.replace(':', '-').replace('.', '-')}-{year}"
    if fmt == "csv":
        return stream_csv(
            f"{name}.csv",
            [key for key, _column in COLUMNS],
            _rows(rows),
            dialect=dialect_of(request.GET),
        )
    book = spreadsheets.Book(
        title=_("National picture: %(area)s, %(year)s") % {"area": found.name, "year": year}
    )
    columns = [column() for _key, column in COLUMNS]
    book.add_sheet(found.name, columns, [values(found.code, found.name, None, figures)])
    book.add_sheet(str(picture.CHILD_LABELS.get(found.level, _("Below"))), columns, _rows(rows))
    response = HttpResponse(
        book.to_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
