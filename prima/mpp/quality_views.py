"""Staff pages of the MPP's own survey and complaints: the IKM per tenant of a chosen period
with the survey's address per service (`mpp_quality`), the complaints filed at the MPP by
tenant (`mpp_complaints`) and sending one on to its tenant (`mpp_complaint_forward`).

Views parse input, fetch through prima.mpp.access (and complaints.access for a complaint),
call a query or an action, render. No page shows who complained.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.complaints.access import get_complaint_for_user
from prima.lib.views import attempt, form_page, int_param, page_of
from prima.mpp import quality, quality_actions
from prima.mpp.access import get_mpp_for_user
from prima.mpp.models import ComplaintAtMpp
from prima.mpp.quality_forms import ForwardForm


@login_required
@require_GET
def mpp_quality(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = get_mpp_for_user(request.user, code)
    period = quality.chosen_period(mpp, int_param(request.GET.get("period")))
    return render(
        request,
        "mpp/quality/quality.html",
        {
            "mpp": mpp,
            "rights": rights,
            "periods": quality.periods_of(mpp)[:50],
            "links": quality.survey_links(mpp),
            **quality.tenant_ikm_context(mpp, period),
        },
    )


@login_required
@require_GET
def mpp_complaints(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = get_mpp_for_user(request.user, code)
    page = page_of(request, quality.complaints_at(mpp))
    agencies = quality.coordinated_agency_ids(request.user)
    rows = [(record, quality.can_forward(record, agencies)) for record in page.object_list]
    return render(
        request,
        "mpp/quality/complaints.html",
        {
            "mpp": mpp,
            "rights": rights,
            "page": page,
            "rows": rows,
            "by_tenant": quality.complaints_by_tenant(mpp),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mpp_complaint_forward(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    mpp, _rights = get_mpp_for_user(request.user, code)
    record = (
        ComplaintAtMpp.objects.select_related("tenant", "offering", "complaint")
        .filter(mpp=mpp, complaint_id=pk)
        .first()
    )
    if record is None:
        deny(request.user, "mpp_complaint", pk, write=True)
    _complaint, complaint_rights = get_complaint_for_user(request.user, pk, write=True)
    if not complaint_rights.coordinate:
        deny(request.user, "mpp_complaint", pk, write=True)
    back = reverse("manage:mpp_complaints", args=[mpp.unit.code])
    form = ForwardForm(request.POST or None, mpp=mpp, initial={"tenant": record.tenant})
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: quality_actions.forward_to_tenant(
                record,
                actor=request.user,
                tenant=form.cleaned_data["tenant"],
                note=form.cleaned_data["note"],
            ),
            success=_("The complaint was sent on to the tenant."),
            form=form,
        )
        if done:
            return redirect(back)
    return form_page(
        request,
        form,
        _("Send complaint %(number)s on to the tenant") % {"number": record.complaint.public_id},
        back,
        intro=_(
            "The complaint goes to the tenant's own office with the complaints module's own "
            "steps (verify, or reroute to another agency); who complained stays with the "
            "coordinators."
        ),
    )
