"""The national picture's page as a file (issue 20 item 7): the areas below a level with
their figures, as CSV (`?format=csv`, with `&dialect=excel-id` for a spreadsheet set to
Indonesian) and as a workbook (`?format=xlsx`: the area's own figures, then the areas below)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.insights import figures as fig
from prima.insights import national, picture
from prima.insights.national import Area
from prima.lib import formats, spreadsheets
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.pdf import Column, Document

FORMATS = ("csv", "xlsx", "pdf")

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


def filename(found: Area, year: int) -> str:
    return f"gambaran-{found.code.replace(':', '-').replace('.', '-')}-{year}"


def deferred(found: Area, *, kind: str) -> bool:
    """Whether the PDF and XLSX are prepared in the background (ADR 0020, "Exports"): every
    unit of a kind over a province, a Wilayah or Indonesia — hundreds to some 12,000 rows at
    national scale (the PDF of 375 rows takes about 1 s; 12,000 would take half a minute). The
    areas below a level are at most a few dozen rows (0.2 s): those stay direct."""
    return bool(kind) and found.level in (
        national.Level.COUNTRY,
        national.Level.WILAYAH,
        national.Level.PROVINCE,
    )


def prepare_params(found: Area, *, year: int, measure: str, kind: str) -> list[tuple[str, str]]:
    """The fields of the "Prepare download" form (the kinds in prima.insights.export_kinds)."""
    return [("area", found.code), ("tahun", str(year)), ("ukuran", measure), ("jenis", kind)]


def file_bytes(
    fmt: str, *, found: Area, year: int, measure: picture.Measure, kind: str, audience: str
) -> bytes:
    """The PDF briefing or the workbook: what `?format=pdf` and `?format=xlsx` answer, and what
    an export prepared in the background holds."""
    figures = national.figures_of(found, year=year, audience=audience)
    rows = picture.ranked_rows(
        found, year=year, audience=audience, measure=measure, kind=kind, light=False
    )
    if fmt == "pdf":
        years = picture.trend_years(year)
        trend = national.trend(found, years=years, audience=audience)
        return briefing(
            found, year, figures, rows, audience=audience, trend=[(y, trend[y]) for y in years]
        )
    return workbook(found, year, figures, rows)


def workbook(
    found: Area, year: int, figures: dict[str, Any], rows: list[picture.RankedChild]
) -> bytes:
    """The area's own figures, then the areas below (the years are in the PDF only)."""
    book = spreadsheets.Book(
        title=_("National picture: %(area)s, %(year)s") % {"area": found.name, "year": year}
    )
    columns = [column() for _key, column in COLUMNS]
    book.add_sheet(found.name, columns, [values(found.code, found.name, None, figures)])
    book.add_sheet(str(picture.CHILD_LABELS.get(found.level, _("Below"))), columns, _rows(rows))
    return book.to_bytes()


def respond(
    request: HttpRequest,
    fmt: str,
    *,
    found: Area,
    year: int,
    measure: picture.Measure,
    kind: str,
    audience: str,
) -> HttpResponseBase:
    name = filename(found, year)
    if fmt == "csv":
        rows = picture.ranked_rows(
            found, year=year, audience=audience, measure=measure, kind=kind, light=False
        )
        return stream_csv(
            f"{name}.csv",
            [key for key, _column in COLUMNS],
            _rows(rows),
            dialect=dialect_of(request.GET),
        )
    data = file_bytes(fmt, found=found, year=year, measure=measure, kind=kind, audience=audience)
    if fmt == "pdf":
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- the briefing (a rakor's handout) -----------------------------------------------------------
def _share(part: int | None, whole: int | None) -> str:
    value = picture.share(part, whole)
    return "-" if value is None else formats.decimal(value, 0) + "%"


def _of(part: int, whole: int) -> str:
    """ "4 / 24 (17%)"."""
    return f"{formats.integer(part)} / {formats.integer(whole)} ({_share(part, whole)})"


def _number(value: float | None, places: int = 2) -> str:
    return formats.decimal(value, places) if value is not None else "-"


def briefing(
    found: Area,
    year: int,
    figures: dict[str, Any],
    rows: list[picture.RankedChild],
    *,
    audience: str,
    trend: list[tuple[int, dict[str, Any]]],
) -> bytes:
    """A4 portrait: the area's panel, the areas below ranked, and the years — the national
    picture of a province (or any level) to bring to a coordination meeting (rakor)."""
    title = _("The state of public services")
    today = timezone.localdate()
    document = Document(
        title=f"{title}: {found.name} {year}",
        footer_text=_("%(title)s · %(area)s · %(year)s · as of %(day)s")
        % {"title": title, "area": found.name, "year": year, "day": formats.long_date(today)},
    )
    document.add_page()
    document.title_block(str(title), f"{found.name} · {year}", number=False)
    skm, ipp, std = figures["skm"], figures["ipp"], figures["standards"]
    cmp, coach = figures["complaints"], figures["coaching"]
    document.facts(
        [
            (_("As of"), formats.long_date(today)),
            (_("Figures"), _("Staff figures") if audience == fig.STAFF else _("Public figures")),
            (_("Service units"), formats.integer(figures["units"])),
        ],
        label_width=0.25,
    )
    document.heading(_("Satisfaction survey (SKM)"))
    document.facts(
        [
            (
                _("Units with an SKM result"),
                _of(skm["units_with_result"], figures["units"]),
            ),
            (_("Mean IKM"), _number(skm["ikm_mean_rounded"])),
            (
                _("Units by grade (sample met):"),
                " · ".join(f"{m} {skm['by_mutu'][m]}" for m in "ABCD"),
            ),
            (_("Units below the required sample"), formats.integer(skm["below_sample"])),
            (
                _("Weakest elements:"),
                ", ".join(picture.element_names(skm["weakest_elements"][:3])) or "-",
            ),
        ],
        label_width=0.35,
    )
    document.heading(_("PEKPPP evaluation (IPP)"))
    document.facts(
        [
            (_("Lokus evaluated"), formats.integer(ipp["lokus"])),
            (_("Mean IPP"), _number(ipp["ipp_mean"])),
            (
                _("By category:"),
                " · ".join(f"{k} {v}" for k, v in ipp["by_category"].items()) or "-",
            ),
        ],
        label_width=0.35,
    )
    document.heading(_("Service standards"))
    document.facts(
        [
            (
                _("Services with a standard in force"),
                _of(std["with_standard_in_force"], std["services"]),
            ),
            (_("Units with a signed maklumat"), formats.integer(std["units_with_maklumat"])),
            (_("Units that held an FKP"), formats.integer(std["units_with_fkp"])),
        ],
        label_width=0.35,
    )
    document.heading(_("Complaints"))
    document.facts(
        [
            (_("Complaints received"), formats.integer(cmp["received"])),
            (_("Answered on time"), _share(cmp["answered_on_time"], cmp["received"])),
            (_("Median hours to the first answer"), _number(cmp["median_first_answer_hours"], 1)),
        ],
        label_width=0.35,
    )
    document.heading(_("Coaching"))
    document.facts(
        [
            (_("Regional governments"), formats.integer(coach["governments"])),
            (_("Took part in coaching"), formats.integer(coach["took_part"])),
            (_("Follow-up tasks done"), f"{coach['tasks_done']} / {coach['tasks']}"),
        ],
        label_width=0.35,
    )
    if rows:
        document.heading(str(picture.CHILD_LABELS.get(found.level, _("Below"))))
        document.grid(
            [
                Column(_("Rank"), 0.07, "CENTER"),
                Column(_("Name"), 0.29),
                Column(_("Units"), 0.08, "RIGHT"),
                Column(_("Mean IKM"), 0.11, "RIGHT"),
                Column(_("Mean IPP"), 0.1, "RIGHT"),
                Column(_("Standards in force"), 0.13, "RIGHT"),
                Column(_("Answered on time"), 0.12, "RIGHT"),
                Column(_("Took part in coaching"), 0.1, "RIGHT"),
            ],
            [
                [
                    row.rank or "-",
                    row.child.name,
                    formats.integer(row.child.figures["units"]),
                    _number(row.child.figures["skm"]["ikm_mean_rounded"]),
                    _number(row.child.figures["ipp"]["ipp_mean"]),
                    _share(
                        row.child.figures["standards"]["with_standard_in_force"],
                        row.child.figures["standards"]["services"],
                    ),
                    _share(
                        row.child.figures["complaints"]["answered_on_time"],
                        row.child.figures["complaints"]["received"],
                    ),
                    f"{row.child.figures['coaching']['took_part']} / "
                    f"{row.child.figures['coaching']['governments']}",
                ]
                for row in rows
            ],
            size=8,
        )
    document.heading(_("Over the years"))
    document.grid(
        [
            Column(_("Year"), 0.16, "CENTER"),
            Column(_("Units with an SKM result"), 0.22, "RIGHT"),
            Column(_("Mean IKM"), 0.16, "RIGHT"),
            Column(_("Mean IPP"), 0.14, "RIGHT"),
            Column(_("Complaints received"), 0.16, "RIGHT"),
            Column(_("Answered on time"), 0.16, "RIGHT"),
        ],
        [
            [
                str(y),
                formats.integer(t["skm"]["units_with_result"]),
                _number(t["skm"]["ikm_mean_rounded"]),
                _number(t["ipp"]["ipp_mean"]),
                formats.integer(t["complaints"]["received"]),
                _share(t["complaints"]["answered_on_time"], t["complaints"]["received"]),
            ]
            for y, t in trend
        ],
        size=8,
    )
    document.note(
        _(
            "How each figure is computed: docs/guide/national-picture.md, and the page of this "
            "area in Prima. A mean over fewer than 3 units is uncertain; for the public, shares "
            "over fewer than 5 complaints are not shown."
        )
    )
    return document.output_bytes()
