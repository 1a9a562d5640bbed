"""Staff pages of personal data: the retention purge's reports (national administrators, who
run the system)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from prima.accounts.access import deny, staff_rights
from prima.accounts.models import User
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.privacy import RETENTION
from prima.lib.views import page_of
from prima.privacy.models import PurgeReport


def _require_national(user: User, pk: int | str = "list") -> None:
    if not staff_rights(user).operate_jobs:
        deny(user, "privacy.purge_report", pk, write=False)


@login_required
@require_GET
def purge_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_national(request.user)
    page = page_of(request, PurgeReport.objects.all())
    rows = [
        (report, [report.kinds.get(kind.key, {}).get("records", 0) for kind in RETENTION])
        for report in page.object_list
    ]
    context = {"page": page, "rows": rows, "kinds": RETENTION}
    return render(request, "privacy/purge_reports.html", context)


@login_required
@require_GET
def purge_report_csv(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    _require_national(request.user, pk)
    report = PurgeReport.objects.filter(pk=pk).first()
    if report is None:
        deny(request.user, "privacy.purge_report", pk, write=False)
    header = [
        _("Kind"),
        _("Retention (days)"),
        _("Erased if the clock started at or before"),
        _("Records"),
        _("Dry run"),
        _("Error"),
    ]
    errors = {error["kind"]: error["error"] for error in report.errors}
    rows = [
        [
            str(kind.label),
            report.kinds.get(kind.key, {}).get("days", ""),
            report.kinds.get(kind.key, {}).get("cutoff", ""),
            report.kinds.get(kind.key, {}).get("records", 0),
            _("yes") if report.dry_run else _("no"),
            errors.get(kind.key, ""),
        ]
        for kind in RETENTION
    ]
    return stream_csv(
        f"purge-{report.started_at:%Y%m%d-%H%M}-{report.pk}.csv",
        header,
        rows,
        dialect=dialect_of(request.GET),
    )
