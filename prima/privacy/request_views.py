"""Staff pages of personal-data requests under /manage/privacy/requests/: the queue (overdue
first, the deadline in working days), one request with the person's data, its export (JSON and
CSV, every export recorded) and the answers: correct, restrict, erase, refuse, done."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.complaints.calendar import closed_days
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.views import attempt, page_of, query_without
from prima.privacy import datarequests
from prima.privacy.models import DataRequest
from prima.privacy.request_forms import AnswerForm, CorrectForm, RecordRequestForm

SHOW: dict[str, list[str]] = {
    "open": [DataRequest.Status.RECEIVED, DataRequest.Status.IN_PROGRESS],
    **{s.value: [s.value] for s in DataRequest.Status},
}


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not datarequests.can_handle_requests(request.user):
        deny(request.user, "privacy.datarequest", "-", write=False)
    now = timezone.now()
    rows = datarequests.requests_visible_to(request.user).select_related("agency", "agency__region")
    show = request.GET.get("status", "open")
    if show in SHOW:
        rows = rows.filter(status__in=SHOW[show])
    kind = request.GET.get("kind", "")
    if kind in DataRequest.Kind.values:
        rows = rows.filter(kind=kind)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        rows = rows.filter(datarequests.overdue_filter(now))
    page = page_of(request, rows.order_by("due_at", "pk"))
    closed = closed_days(around=timezone.localdate(now), skip_cuti_bersama=True)
    items = [
        (r, abs(datarequests.working_days_left(r, now, closed=closed)), r.is_overdue(now))
        for r in page
    ]
    context = {
        "page": page,
        "items": items,
        "show": show,
        "kind": kind,
        "overdue": overdue,
        "kinds": DataRequest.Kind.choices,
        "statuses": DataRequest.Status.choices,
        "query": query_without(request),
    }
    return render(request, "privacy/requests.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A request made by letter, by telephone or at the counter, entered by staff: due, like
    any other, 3 working days after it arrived."""
    if not datarequests.can_handle_requests(request.user):
        deny(request.user, "privacy.datarequest", "new", write=True)
    form = RecordRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subjects = datarequests.subjects_for_staff(
            request.user,
            complaint_number=form.cleaned_data["complaint_number"],
            participant_email=form.cleaned_data["participant_email"],
            forum_participant_name=form.cleaned_data["forum_participant_name"],
            forum_participant_organisation=form.cleaned_data["forum_participant_organisation"],
        )
        if not subjects:
            form.add_error(
                None,
                _(
                    "No record your agencies hold matches: check the complaint number, the "
                    "e-mail address or the name."
                ),
            )
        else:
            filed = [
                datarequests.file_request(
                    subject,
                    kind=form.cleaned_data["kind"],
                    details=form.cleaned_data["details"],
                    actor=request.user,
                )
                for subject in subjects
            ]
            messages.success(
                request,
                ngettext(
                    "Request %(receipts)s recorded.",
                    "Requests %(receipts)s recorded, one for each record.",
                    len(filed),
                )
                % {"receipts": ", ".join(r.receipt for r in filed)},
            )
            return redirect("manage:privacy_request", pk=filed[0].pk)
    return render(request, "privacy/request_new.html", {"form": form})


@never_cache
@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    data_request = datarequests.get_request_for_user(request.user, pk)
    subject = datarequests.subject_of(data_request)
    held = datarequests.held_about(subject) if subject is not None else None
    now = timezone.now()
    labels = {name: label for name, label, _value in held.fields} if held is not None else {}
    context = {
        "req": data_request,
        "held": held,
        "days_left": datarequests.working_days_left(data_request, now),
        "overdue": data_request.is_overdue(now),
        "answer_form": AnswerForm(),
        # The corrections asked for, under the fields' names rather than their keys.
        "asked": [
            (labels.get(name, name), value)
            for name, value in data_request.corrections.items()
            if name != "_applied"
        ],
        "correct_form": CorrectForm(
            fields=[
                (name, label, data_request.corrections.get(name, value))
                for name, label, value in held.fields
            ]
        )
        if held is not None
        else None,
    }
    return render(request, "privacy/request_detail.html", context)


@never_cache
@login_required
def export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The person's data, JSON or CSV (text a spreadsheet would run is neutralised); every
    export is a security event."""
    data_request = datarequests.get_request_for_user(request.user, pk)
    if fmt not in ("json", "csv"):
        raise Http404
    rows = datarequests.export_rows(data_request)
    datarequests.record_export(data_request, actor=request.user, fmt=fmt)
    name = f"data-pribadi-{data_request.receipt}"
    if fmt == "csv":
        return stream_csv(
            f"{name}.csv",
            ["data", "nilai"],
            ([k, v] for k, v in rows),
            dialect=dialect_of(request.GET),
        )
    body = json.dumps(
        {"receipt": data_request.receipt, "data": [{"field": k, "value": v} for k, v in rows]},
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def act(request: AuthenticatedHttpRequest, pk: int, verb: str) -> HttpResponseBase:
    data_request = datarequests.get_request_for_user(request.user, pk)
    user = request.user
    if verb == "correct":
        subject = datarequests.subject_of(data_request)
        fields = datarequests.held_about(subject).fields if subject is not None else []
        correct_form = CorrectForm(request.POST, fields=fields)
        if correct_form.is_valid():
            attempt(
                request,
                lambda: datarequests.correct(
                    data_request,
                    actor=user,
                    values=correct_form.values(),
                    answer=correct_form.cleaned_data["answer"],
                ),
                success=_("Corrected, and the person has the answer."),
            )
        else:
            attempt(request, lambda: _invalid())
        return redirect("manage:privacy_request", pk=pk)
    form = AnswerForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    actions = {
        "start": (
            lambda: datarequests.start(data_request, actor=user),
            _("Marked as being handled."),
        ),
        "restrict": (
            lambda: datarequests.restrict(data_request, actor=user, answer=answer),
            _("Processing restricted, and the person has the answer."),
        ),
        "erase": (
            lambda: datarequests.erase(data_request, actor=user, answer=answer),
            _("Erased, and the person has the answer."),
        ),
        "refuse": (
            lambda: datarequests.refuse(data_request, actor=user, reason=answer),
            _("Refused; the person sees the reason."),
        ),
        "done": (
            lambda: datarequests.complete(data_request, actor=user, answer=answer),
            _("Done; the person sees the answer."),
        ),
    }
    if verb not in actions:
        raise Http404
    action, success = actions[verb]
    attempt(request, action, success=success)
    return redirect("manage:privacy_request", pk=pk)


def _invalid() -> None:
    from django.core.exceptions import ValidationError

    raise ValidationError(_("Check the corrected values."))
