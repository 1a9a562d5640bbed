"""The SKM report as an issued document (issue 18): numbered in the agency's sequence, with
a verification code, on the unit's letterhead and signed by the head of unit. The PDF itself
is drawn by prima.surveys.reports.report_pdf; this module gathers what it prints from the
registry and the documents register."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.documents import actions as documents
from prima.documents import sources
from prima.documents.models import IssuedDocument
from prima.surveys import queries, reports
from prima.surveys.queries import PeriodReport


def report_subject(report: PeriodReport) -> str:
    return f"surveys.period:{report.period.pk}"


def report_response(request: AuthenticatedHttpRequest, report: PeriodReport) -> HttpResponse:
    """Issue (or bring up to date) the period's report and return it as a PDF shown in the
    browser; the same period keeps its number and code on every download."""
    period = report.period
    unit = period.unit
    agency = unit.agency
    signer = reports.report_signer(unit, sources.unit_head(unit, role=""))
    document = documents.issue(
        kind=IssuedDocument.Kind.SKM_REPORT,
        subject=report_subject(report),
        agency=agency,
        unit=unit,
        title=f"{_('Community Satisfaction Survey Report')} {unit.name} - {period.name}",
        signers=[signer],
        facts=reports.report_facts(report),
        actor=request.user,
    )
    body = reports.report_pdf(
        report,
        letterhead=sources.letterhead(agency, unit),
        issued=sources.issued(request, document),
        signer=signer,
        place=sources.place(agency, unit),
        day=queries.today_in(unit),
    )
    response = HttpResponse(body, content_type="application/pdf")
    name = f"laporan-skm-{unit.code}-{period.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
