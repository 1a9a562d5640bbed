"""The staff start page at /manage/ (issue 19): what the signed-in user must do next, for
each role they hold. The reads are in prima.insights.start."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.accounts.scope import scope_for
from prima.insights import start as reads
from prima.lib import charts
from prima.lib.dbrouter import replica_reads


def _trend_chart(card: reads.UnitCard) -> SafeString:
    """The unit's IKM against its target, year by year; the table beside it has the same
    numbers."""
    points = [
        charts.Point(
            label=str(p.year),
            value=float(p.ikm) if p.ikm is not None else None,
            target=float(p.target) if p.target is not None else None,
        )
        for p in card.trend
    ]
    svg = charts.responsive(
        charts.trend_chart(points, low=25, high=100),
        charts.trend_chart(points, low=25, high=100, narrow=True),
    )
    return mark_safe(svg)  # noqa: S308 - built and escaped by lib.charts


@login_required
@replica_reads
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    page = reads.start_page(request.user, scope)
    for card in page.units:
        if len(card.trend) > 1:
            card.chart = _trend_chart(card)
    context = {
        "page": page,
        "silent_days": reads.SILENT_DAYS,
        "memberships": request.user.memberships.select_related("agency", "unit", "region"),
    }
    return render(request, "insights/start.html", context)
