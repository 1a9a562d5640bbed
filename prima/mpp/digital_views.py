"""Staff pages of the MPP Digital readiness checklist (next-capabilities §B5, docs/guide/
mpp-evaluation.md): the 11 criteria of one MPP with their state, evidence and note, how many
are ready, and each criterion's form and history. Fetch through prima.mpp.access; write
through prima.mpp.digital_actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.history import describe
from prima.lib.uploads import serve
from prima.lib.views import attempt
from prima.mpp import digital_actions
from prima.mpp.access import get_mpp_for_user
from prima.mpp.digital_forms import CriterionForm
from prima.mpp.models import DigitalCriterion, Mpp

Code = DigitalCriterion.Code
State = DigitalCriterion.State


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    criterion: DigitalCriterion | None  # None: nobody has recorded it yet (not started)

    @property
    def state(self) -> str:
        return self.criterion.state if self.criterion else State.NOT_STARTED

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)


def checklist(mpp: Mpp) -> list[Row]:
    """The 11 criteria in their order, each with its record when there is one."""
    found = {c.code: c for c in mpp.digital_criteria.select_related("updated_by")}
    return [Row(code, str(label), found.get(code)) for code, label in Code.choices]


def _criterion_code(code: str) -> str:
    if code not in Code.values:
        raise Http404
    return code


@login_required
def mpp_digital(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    mpp, rights = get_mpp_for_user(request.user, code)
    rows = checklist(mpp)
    ready = sum(row.state == State.READY for row in rows)
    started = sum(row.state == State.IN_PROGRESS for row in rows)
    return render(
        request,
        "mpp/digital/checklist.html",
        {
            "mpp": mpp,
            "rights": rights,
            "rows": rows,
            "ready": ready,
            "started": started,
            "total": len(rows),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mpp_digital_edit(request: AuthenticatedHttpRequest, code: str, criterion: str) -> HttpResponse:
    mpp, rights = get_mpp_for_user(request.user, code, write=True)
    criterion = _criterion_code(criterion)
    row = mpp.digital_criteria.filter(code=criterion).first()
    initial = (
        {"state": row.state, "evidence_url": row.evidence_url, "note": row.note}
        if row
        else {"state": State.NOT_STARTED}
    )
    form = CriterionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        has_file=bool(row and row.evidence_file),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done = attempt(
                request,
                lambda: digital_actions.save_criterion(
                    mpp, code=criterion, actor=request.user, **form.cleaned_data
                ),
                success=_("Criterion saved."),
                form=form,
            )
            if done:
                return redirect(reverse("manage:mpp_digital", args=[code]) + f"#c-{criterion}")
    history = describe(row.history.select_related("history_user").all()) if row else []
    return render(
        request,
        "mpp/digital/criterion.html",
        {
            "mpp": mpp,
            "criterion": row,
            "label": Code(criterion).label,
            "code": criterion,
            "form": form,
            "history": history,
        },
        status=status,
    )


@login_required
def mpp_digital_file(
    request: AuthenticatedHttpRequest, code: str, criterion: str
) -> HttpResponseBase:
    mpp, rights = get_mpp_for_user(request.user, code)
    row = mpp.digital_criteria.filter(code=_criterion_code(criterion)).first()
    if row is None or not row.evidence_file:
        raise Http404
    return serve(row.evidence_file, download_name=f"MPP Digital {row.get_code_display()}")
