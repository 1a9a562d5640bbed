"""The manager's dashboard of one MPP under /manage/mpp/<code>/dasbor/: the period's headline
figures beside the period before, each tenant's activity, the IKM per tenant of the MPP's
latest SKM period (prima.mpp.quality), the busiest hours, the latest days with an absent
tenant or an idle counter; and the tenants' activity as a CSV download.

Views parse input, fetch through prima.mpp.access, read prima.mpp.dashboard, render.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.safestring import mark_safe

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.dbrouter import replica_reads
from prima.lib.exports import dialect_of, stream_csv
from prima.mpp import dashboard as reads
from prima.mpp.access import get_mpp_for_user
from prima.mpp.quality import tenant_ikm_context


@login_required
@replica_reads
def mpp_dashboard(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The dashboard of the MPP of unit `code` for the period asked for (last 30 days)."""
    mpp, rights = get_mpp_for_user(request.user, code)
    today = reads.local_today(mpp)
    period = reads.period_from(request.GET, today=today)
    sort = reads.sort_key(str(request.GET.get("sort") or ""))
    board = reads.dashboard(mpp, period, today=today, sort=sort)
    return render(
        request,
        "mpp/dashboard/dashboard.html",
        {
            "mpp": mpp,
            "rights": rights,
            "board": board,
            "chart": mark_safe(board.chart),  # noqa: S308 - built and escaped by lib.charts
            "sort": sort,
            "sorts": _sort_links(period.key, sort),
            "rolling": reads.ROLLING,
            "months": reads.months_offered(today),
            "absent_share": int(reads.ABSENT_SHARE * 100),
            "absent_min": reads.ABSENT_MIN_DAYS,
            **tenant_ikm_context(mpp),
        },
    )


@login_required
@replica_reads
def mpp_dashboard_export(request: AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    """The tenants' activity of the period as CSV (both variants, prima.lib.exports)."""
    mpp, _rights = get_mpp_for_user(request.user, code)
    today = reads.local_today(mpp)
    period = reads.period_from(request.GET, today=today)
    rows = reads.sort_rows(reads.tenant_rows(mpp, period), reads.DEFAULT_SORT)
    return stream_csv(
        f"mpp-{mpp.unit.code}-instansi-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv",
        reads.export_header(),
        reads.export_rows(rows, period),
        dialect=dialect_of(request.GET),
    )


def _sort_links(period: str, current: str) -> dict[str, dict[str, str]]:
    """Each sortable column's link (keeping the period) and its aria-sort when it is the
    column the table is sorted by."""
    links = {}
    for key, (_attribute, descending) in reads.SORTS.items():
        links[key] = {
            "url": f"?period={period}&sort={key}#instansi",
            "aria_sort": ("descending" if descending else "ascending") if key == current else "",
        }
    return links
