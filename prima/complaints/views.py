"""Staff pages of complaints under /manage/complaints/: the queue (overdue first), one
complaint with its timeline and the steps the user's role allows, the complainant's identity
for the coordinator (every look recorded), staff entry of walk-in, phone and letter
complaints, and closing the loop."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.audit import record_list_download
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.complaints import access, actions, queries, workflow
from prima.complaints.access import ComplaintRights
from prima.complaints.forms import (
    ArchiveForm,
    CalendarDayForm,
    ComplaintForm,
    LoopForm,
    NoteForm,
    PolicyForm,
    PostponeForm,
    RerouteForm,
    RespondForm,
    ReturnForm,
    TemplateForm,
    VerifyForm,
)
from prima.complaints.models import (
    Attachment,
    CalendarDay,
    ClockPolicy,
    Complaint,
    Status,
)
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.forms import error_messages
from prima.lib.uploads import serve
from prima.lib.views import attempt, int_param, page_of, query_without
from prima.registry.access import get_unit_for_user

STATUS_FILTERS: dict[str, list[str]] = {
    "open": queries.OPEN,
    "overdue": queries.OPEN,
    **{s.value: [str(s.value)] for s in Status},
}


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Complaints the user may see, open and most overdue first; filter, search, export."""
    now = timezone.now()
    rows = access.complaints_visible_to(request.user)
    show = request.GET.get("status", "open")
    if show in STATUS_FILTERS:
        rows = rows.filter(status__in=STATUS_FILTERS[show])
    if show == "overdue":
        rows = rows.overdue(now)
    unit = request.GET.get("unit", "").strip()
    if unit:
        rows = rows.filter(unit__code=unit)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        rows = rows.filter(
            Q(title__icontains=q) | Q(public_id__icontains=q) | Q(description__icontains=q)
        )
    ordered = queries.queue(rows)
    if request.GET.get("format") == "csv":
        # A complainant who asked that their data be processed no further (UU 27/2022
        # art. 11) stays out of every export; the counts elsewhere keep the report.
        ordered = ordered.filter(processing_restricted=False)
        # Complaints' texts leave Prima: the security log keeps who took which (breach reports).
        record_list_download(
            request.user, "complaints", ids=list(ordered.values_list("pk", flat=True))
        )
        # The export for units: never the complainant's identity.
        return stream_csv(
            "pengaduan.csv",
            [
                "nomor",
                "diterima",
                "jenis",
                "kategori",
                "judul",
                "instansi",
                "unit",
                "status",
                "batas_waktu",
                "rahasia",
                "anonim",
            ],
            (
                [
                    c.public_id,
                    timezone.localtime(c.received_at).isoformat(),
                    c.kind,
                    c.category.name if c.category else "",
                    c.title,
                    c.agency.name,
                    c.unit.name if c.unit else "",
                    c.status,
                    timezone.localtime(c.due_at).isoformat() if c.due_at else "",
                    "ya" if c.is_secret else "tidak",
                    "ya" if c.is_anonymous else "tidak",
                ]
                for c in ordered.iterator()
            ),
            dialect=dialect_of(request.GET),
        )
    context = {
        "page": page_of(request, ordered),
        "now": now,
        "show": show,
        "q": q,
        "unit": unit,
        "query": query_without(request),
        "statuses": Status.choices,
    }
    return render(request, "complaints/manage/queue.html", context)


STEP_FORMS: dict[str, Any] = {
    "verify": VerifyForm,
    "postpone": PostponeForm,
    "reroute": RerouteForm,
    "archive": ArchiveForm,
    "return": ReturnForm,
    "respond": RespondForm,
}


def _forms_for(complaint: Complaint, rights: ComplaintRights) -> dict[str, Any]:
    """The steps the user's role may take now: a form for each, or None for a button."""
    found: dict[str, Any] = {}
    if rights.role is None:
        return found
    for action in workflow.allowed_actions(complaint.status, rights.role):
        form_class = STEP_FORMS.get(action)
        if form_class in (VerifyForm, RespondForm):
            found[action] = form_class(prefix=action, complaint=complaint)
        elif form_class is not None:
            found[action] = form_class(prefix=action)
        else:
            found[action] = None  # a button
    return found


@never_cache
@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint, rights = access.get_complaint_for_user(request.user, pk)
    context = {
        "complaint": complaint,
        "rights": rights,
        "steps": _forms_for(complaint, rights),
        "events": complaint.events.select_related("actor").order_by("at", "pk"),
        "attachments": complaint.attachments.all(),
        "duplicates": queries.possible_duplicates(complaint),
        "suggestion": queries.suggested_category(complaint) if rights.coordinate else None,
        "identity": None,
        "note_form": NoteForm(prefix="note") if rights.change else None,
        "loop_form": LoopForm(instance=complaint, prefix="loop") if rights.change else None,
        "stage": workflow.STAGE_LABELS[queries.stage_of(complaint)],
        "overdue": complaint.is_overdue(timezone.now()),
    }
    return render(request, "complaints/manage/detail.html", context)


@never_cache
@login_required
@require_POST
def identity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Show who filed the complaint — coordinator only, recorded each time."""
    complaint, _rights = access.get_complaint_for_user(request.user, pk)
    found = access.get_identity_for_user(request.user, complaint)
    return render(
        request, "complaints/manage/identity.html", {"complaint": complaint, "identity": found}
    )


@login_required
@require_POST
def step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one step of the workflow; the state machine and the role decide."""
    complaint, rights = access.get_complaint_for_user(request.user, pk, write=True)
    attempt(request, lambda: _take_step(request, complaint, rights, action), success=_("Done."))
    return redirect("manage:complaint_detail", pk=pk)


def _take_step(
    request: AuthenticatedHttpRequest, complaint: Complaint, rights: ComplaintRights, action: str
) -> None:
    """Run the step `action` with the posted form; a form's errors refuse it like the action's
    own refusals (ValidationError)."""
    user = request.user
    role = rights.role or ""  # write access: a coordinator or the unit
    if action == "start":
        actions.start(complaint, actor=user, role=role)
    elif action == "verify":
        form: Any = VerifyForm(request.POST, prefix=action, complaint=complaint)
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        actions.verify(
            complaint,
            actor=user,
            role=role,
            unit=form.cleaned_data["unit"],
            category=form.cleaned_data["category"],
            note=form.cleaned_data["note"],
        )
    elif action in STEP_FORMS:
        form = STEP_FORMS[action](
            request.POST,
            prefix=action,
            **({"complaint": complaint} if action == "respond" else {}),
        )
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        data = form.cleaned_data
        if action == "postpone":
            actions.postpone(complaint, actor=user, role=role, question=data["question"])
        elif action == "reroute":
            actions.reroute(
                complaint, actor=user, role=role, agency=data["agency"], note=data["note"]
            )
        elif action == "archive":
            actions.archive(
                complaint, actor=user, role=role, reason=data["reason"], abuse=data["abuse"]
            )
        elif action == "return":
            actions.return_to_coordinator(complaint, actor=user, role=role, reason=data["reason"])
        elif action == "respond":
            # Without JavaScript, a chosen template with an empty answer sends the template.
            template = data.get("template")
            answer = data["answer"] or (template.body if template else "")
            actions.respond(complaint, actor=user, role=role, answer=answer)
    elif action == "close":
        actions.transition(complaint, "close", actor=user, role=role, public=True)
    elif action == "note":
        form = NoteForm(request.POST, prefix="note")
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        actions.add_note(complaint, actor=user, note=form.cleaned_data["note"])
    elif action == "loop":
        form = LoopForm(request.POST, instance=complaint, prefix="loop")
        if not form.is_valid():
            raise ValidationError(error_messages(form))
        actions.record_improvement(
            complaint,
            actor=user,
            improvement=form.cleaned_data["improvement"],
            standard=form.cleaned_data["standard"],
            skm_element=form.cleaned_data["skm_element"],
        )
    else:
        raise Http404


@login_required
def attachment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """An attachment, for whoever may read its complaint."""
    item = Attachment.objects.filter(pk=pk).first()
    if item is None:
        deny(request.user, "complaint_attachment", pk, write=False)
    access.get_complaint_for_user(request.user, item.complaint_id)
    response = serve(
        item.file, download_name=f"lampiran-{item.complaint_id}-{item.pk}", inline_images=False
    )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A complaint received in person, by phone or by letter at a unit, entered by its staff;
    its number and codes are shown once to hand to the complainant."""
    unit, rights = get_unit_for_user(request.user, code, write=True)
    form = ComplaintForm(request.POST or None, request.FILES or None, unit=unit, staff=True)
    if request.method == "POST" and form.is_valid():
        filed = attempt(
            request, lambda: actions.file_complaint(actor=request.user, **form.filing()), form=form
        ).value
        if filed is not None:
            response = render(
                request,
                "complaints/manage/filed.html",
                {
                    "complaint": filed.complaint,
                    "code": filed.tracking_code,
                    "secret": filed.secret,
                },
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "complaints/manage/new.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def clock_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The clock's versioned policies and the calendar of non-working days — national
    administrators only."""
    if not access.can_change_clock(request.user):
        deny(request.user, "complaint_clock_settings", "-", write=request.method == "POST")
    policy_form = PolicyForm(request.POST if "policy" in request.POST else None, prefix="policy")
    day_form = CalendarDayForm(request.POST if "day" in request.POST else None, prefix="day")
    if request.method == "POST":
        if "policy" in request.POST and policy_form.is_valid():
            actions.save_record(policy_form.save(commit=False), actor=request.user)
            messages.success(
                request, _("Policy saved; it applies to complaints received from its start.")
            )
            return redirect("manage:complaint_settings")
        if "day" in request.POST and day_form.is_valid():
            actions.save_record(day_form.save(commit=False), actor=request.user)
            messages.success(request, _("Calendar day saved."))
            return redirect("manage:complaint_settings")
        if "delete_day" in request.POST:
            day_pk = int_param(request.POST.get("delete_day"))
            day = CalendarDay.objects.filter(pk=day_pk).first() if day_pk is not None else None
            if day is not None:
                actions.remove_record(day, actor=request.user)
            messages.success(request, _("Calendar day removed."))
            return redirect("manage:complaint_settings")
    year = timezone.localdate().year
    context = {
        "policies": ClockPolicy.objects.all(),
        "current": actions.current_policy(),
        "days": CalendarDay.objects.filter(date__year__gte=year - 1),
        "policy_form": policy_form,
        "day_form": day_form,
    }
    return render(request, "complaints/manage/settings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Response templates of the agencies the user administers (or for all, nationally)."""
    agencies = access.template_agencies_for_user(request.user)
    mine = access.templates_for_user(request.user)
    form = TemplateForm(
        request.POST if "title" in request.POST else None,
        agencies=agencies.order_by("name"),
        national=access.can_keep_shared_templates(request.user),
    )
    if request.method == "POST":
        if "delete" in request.POST:
            template_pk = int_param(request.POST.get("delete"))
            template = mine.filter(pk=template_pk).first() if template_pk is not None else None
            if template is not None:
                actions.remove_record(template, actor=request.user)
            messages.success(request, _("Template removed."))
            return redirect("manage:complaint_templates")
        if form.is_valid():
            actions.save_record(form.save(commit=False), actor=request.user)
            messages.success(request, _("Template saved."))
            return redirect("manage:complaint_templates")
    return render(
        request,
        "complaints/manage/templates.html",
        {"templates": mine.select_related("agency").order_by("title"), "form": form},
    )
