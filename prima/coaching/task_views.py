"""Staff pages of the follow-up tasks after a coaching event: setting them, the list (and its
CSV), a task with its reports, and the organiser's review.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.coaching import access, actions, queries
from prima.coaching.forms import DeadlineForm, NoteForm, ReportForm, TaskForm
from prima.coaching.models import FollowUpTask, Topic
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.uploads import serve
from prima.lib.views import (
    attempt,
    flash_errors,
    flash_form_errors,
    form_page,
    page_of,
    query_without,
)


@login_required
@require_http_methods(["GET", "POST"])
def tasks_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    invited = queries.invited_agencies(event)
    attended = queries.attended_agency_ids(event)
    form = TaskForm(request.POST or None, agencies=invited, initial={"agencies": attended})
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.set_tasks(event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(n)s follow-up tasks set.") % {"n": len(created)})
            return redirect(reverse("manage:coaching_event", args=[pk]) + "#tasks")
    return form_page(
        request,
        form,
        _("Follow-up tasks after %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
        intro=_(
            "One task for each agency chosen. The agencies report their progress with evidence "
            "and are reminded before the deadline."
        ),
    )


@login_required
def tasks(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Follow-up tasks the user can see: an agency's own, and the organiser's overdue list."""
    today = timezone.localdate()
    state = request.GET.get("state", "")
    rows = queries.filter_tasks(
        access.tasks_visible_to(request.user),
        state=state,
        today=today,
        agency=request.GET.get("agency", ""),
        topic=request.GET.get("topic", ""),
        q=request.GET.get("q", "").strip(),
    )
    rows = queries.task_rows(rows).order_by("due_on", "agency__name", "pk")
    if request.GET.get("format") == "csv":
        return stream_csv(
            "tindak-lanjut.csv",
            ["event", "agency", "task", "deadline", "status", "overdue", "progress", "reports"],
            (
                [
                    t.event.title,
                    t.agency.name,
                    t.title,
                    t.due_on.isoformat(),
                    t.get_status_display(),
                    "yes" if t.is_overdue(today) else "",
                    t.progress,
                    t.n_reports,  # type: ignore[attr-defined]
                ]
                for t in rows.iterator()
            ),
            dialect=dialect_of(request.GET),
        )
    page = page_of(request, rows)
    return render(
        request,
        "coaching/tasks.html",
        {
            "page": page,
            "query": query_without(request),
            "state": state,
            "states": [
                ("open", _("Not done")),
                ("overdue", _("Overdue")),
                *FollowUpTask.Status.choices,
            ],
            "topics": Topic.choices,
            "filters": request.GET,
            "today": today,
        },
    )


@login_required
def task_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task, rights = access.get_task_for_user(request.user, pk)
    context = {
        "task": task,
        "rights": rights,
        "reports": queries.reports_of(task),
        "linked": actions.linked_count(task),
        "report_form": ReportForm(
            choices=queries.evidence_choices(task), initial={"progress": task.progress}
        )
        if rights.add_report
        else None,
        "note_form": NoteForm() if rights.verify else None,
        "deadline_form": DeadlineForm(initial={"due_on": task.due_on})
        if rights.move_deadline
        else None,
        "today": timezone.localdate(),
        "history": task.history.select_related("history_user").order_by("-history_date")[:20],
        "viewer_zone": queries.viewer_zone(request.user),
    }
    return render(request, "coaching/task.html", context)


@login_required
@require_POST
def task_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task, rights = access.get_task_for_user(request.user, pk, need="report")
    form = ReportForm(request.POST, request.FILES, choices=queries.evidence_choices(task))
    if form.is_valid():
        attempt(
            request,
            lambda: actions.report_progress(task, actor=request.user, **form.cleaned_data),
            success=_("Progress reported."),
        )
    else:
        flash_form_errors(request, form)
    return redirect("manage:coaching_task", pk=pk)


@login_required
@require_POST
def task_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organiser verifies a task reported done, or sends it back with a note."""
    task, rights = access.get_task_for_user(request.user, pk, need="organise")
    try:
        if request.POST.get("decision") == "verify":
            actions.verify(task, actor=request.user)
            messages.success(request, _("Verified."))
        else:
            form = NoteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say what is missing."))
            actions.send_back(task, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Sent back to the agency."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("manage:coaching_task", pk=pk)


@login_required
@require_POST
def task_deadline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task, rights = access.get_task_for_user(request.user, pk, need="organise")
    form = DeadlineForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.change_deadline(task, actor=request.user, **form.cleaned_data),
            success=_("Deadline moved."),
        )
    else:
        flash_form_errors(request, form)
    return redirect("manage:coaching_task", pk=pk)


@login_required
def report_file(request: AuthenticatedHttpRequest, pk: int, report_pk: int) -> HttpResponseBase:
    task, rights = access.get_task_for_user(request.user, pk)
    report = task.reports.filter(pk=report_pk).exclude(file="").first()
    if report is None:
        raise Http404
    return serve(report.file, download_name=f"laporan-{task.pk}-{report.pk}.pdf")
