"""Staff pages of the coaching programme under /manage/coaching/, and the participants' page
of an event (/pembinaan/<token>/: check-in, the event's evaluation, the certificate).

Views parse input, fetch through prima.coaching.access, call an action or a query, render.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.accounts.scope import scope_for
from prima.coaching import access, actions, documents, queries
from prima.coaching.forms import (
    AnswerForm,
    CancelForm,
    CheckInForm,
    DeadlineForm,
    EventForm,
    FeedbackForm,
    InviteForm,
    JoinListForm,
    MaterialForm,
    NoteForm,
    QuestionForm,
    RegisterForm,
    ReportForm,
    TaskForm,
)
from prima.coaching.models import (
    CHECK_IN_MARGIN,
    Event,
    FollowUpTask,
    Material,
    Participant,
    Topic,
)
from prima.lib import qr, ratelimit
from prima.lib.exports import stream_csv
from prima.lib.http import absolute_url, client_ip
from prima.lib.tables import TableError, read_table
from prima.lib.uploads import serve
from prima.lib.views import (
    attempt,
    flash_errors,
    flash_form_errors,
    form_page,
    page_of,
    query_without,
)
from prima.registry.geo import PROVINCE_CAPITALS
from prima.registry.models import Agency, CoordinationRegion, Region


def _year(value: str | None) -> int | None:
    """A year filter from a link: a year a date can hold, else no filter."""
    if not value or not value.isdigit() or len(value) > 4:
        return None
    year = int(value)
    return year if queries.FIRST_YEAR <= year <= queries.LAST_YEAR else None


# --- events ---------------------------------------------------------------------------------
@login_required
def events(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The events the user can see, filtered and paged."""
    q = request.GET.get("q", "").strip()
    year = _year(request.GET.get("year"))
    kind = request.GET.get("kind", "")
    kind = Event.FORMER_KINDS.get(kind, kind)
    topic = request.GET.get("topic", "")
    organiser = request.GET.get("organiser", "")
    rows = queries.filter_events(
        access.events_visible_to(request.user),
        q=q,
        year=year,
        kind=kind if kind in Event.Kind.values else "",
        topic=topic if topic in Topic.values else "",
        organiser=organiser,
    )
    rows = queries.event_rows(rows).order_by("-starts_at", "pk")
    page = page_of(request, rows)
    return render(
        request,
        "coaching/events.html",
        {
            "page": page,
            "query": query_without(request),
            "filters": {"q": q, "year": year, "kind": kind, "topic": topic, "organiser": organiser},
            "years": queries.event_years(),
            "kinds": Event.Kind.choices,
            "topics": Topic.choices,
            "organisers": queries.organiser_choices(),
            "can_create": access.can_create_events(request.user),
            "viewer_zone": queries.viewer_zone(request.user),
        },
    )


def _event_form(request: AuthenticatedHttpRequest, instance: Event | None = None) -> EventForm:
    national = scope_for(request.user).national_admin
    return EventForm(
        request.POST or None,
        instance=instance,
        wilayah=CoordinationRegion.objects.all() if national else CoordinationRegion.objects.none(),
        provinces=access.organised_provinces(request.user).order_by("name"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_create_events(request.user):
        raise Http404
    form = _event_form(request)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            event = actions.create_event(
                actor=request.user,
                topics=form.cleaned_data["topics"],
                **fields,
                **form.organiser_fields(),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Event saved as a draft. Invite the agencies."))
            return redirect("manage:coaching_event", pk=event.pk)
    return form_page(request, form, _("New coaching event"), reverse("manage:coaching_events"))


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    form = _event_form(request, event)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = attempt(
            request,
            lambda: actions.update_event(
                event,
                actor=request.user,
                topics=form.cleaned_data["topics"],
                **fields,
                **form.organiser_fields(),
            ),
            success=_("Saved."),
        )
        if saved:
            return redirect("manage:coaching_event", pk=event.pk)
    return form_page(
        request,
        form,
        _("Edit %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
    )


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk)
    organise = access.can_organise(request.user, event)
    registering = access.agencies_registering(request.user, event)
    participants = queries.participant_rows(access.participants_visible_to(request.user, event))
    now = timezone.now()
    tasks = queries.task_rows(access.tasks_visible_to(request.user).filter(event=event))
    context = {
        "event": event,
        "topics": event.topic_labels(),
        "organise": organise,
        "agencies": queries.agency_summary(event) if organise else None,
        "participants": participants,
        "register_form": RegisterForm(agencies=registering)
        if event.registration_open(now) and registering.exists()
        else None,
        "materials": event.materials.all(),
        "material_form": MaterialForm() if organise else None,
        "questions": event.questions.select_related("agency"),
        "question_form": QuestionForm(agencies=queries.invited_agencies(event))
        if organise
        else None,
        "feedback": queries.feedback_summary(event) if organise else None,
        "tasks": tasks,
        "today": timezone.localdate(),
        "public_url": absolute_url(reverse("coaching:event", args=[event.token]), request),
        "viewer_zone": queries.viewer_zone(request.user),
    }
    return render(request, "coaching/event.html", context)


@login_required
@require_POST
def event_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    attempt(
        request,
        lambda: actions.publish_event(event, actor=request.user),
        success=_("Published: the invited agencies can register participants."),
    )
    return redirect("manage:coaching_event", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.cancel_event(
            event,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The event is cancelled; its open tasks too."))
        return redirect("manage:coaching_event", pk=pk)
    return form_page(
        request,
        form,
        _("Cancel %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
    )


# --- invitations and materials ----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite agencies, picked by coordination region or province, or one by one."""
    event = access.get_event_for_user(request.user, pk, organise=True)
    national = scope_for(request.user).national_admin
    provinces = Region.objects.filter(level=Region.Level.PROVINCE, is_active=True).order_by("name")
    form = InviteForm(
        request.POST or None,
        wilayah=CoordinationRegion.objects.all() if national else CoordinationRegion.objects.none(),
        provinces=provinces if national else access.organised_provinces(request.user),
        agencies=Agency.objects.filter(is_active=True).order_by("name")
        if national
        else queries.agencies_in(provinces=access.organised_provinces(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(
            queries.agencies_in(
                coordination_regions=data["coordination_regions"], provinces=data["provinces"]
            )
        ) + list(data["agencies"])
        try:
            added = actions.invite(event, actor=request.user, agencies=chosen)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(n)s agencies invited.") % {"n": added})
            return redirect(reverse("manage:coaching_event", args=[pk]) + "#agencies")
    return form_page(
        request,
        form,
        _("Invite agencies to %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
        intro=_(
            "Pick whole coordination regions or provinces (every provincial, regency and city "
            "government in them), or single agencies. Agencies already invited are kept."
        ),
    )


@login_required
@require_POST
def uninvite(request: AuthenticatedHttpRequest, pk: int, code: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    agency = queries.invited_agencies(event).filter(code=code).first()
    if agency is None:
        raise Http404
    attempt(
        request,
        lambda: actions.withdraw_invitation(event, actor=request.user, agency=agency),
        success=_("Invitation of %(agency)s withdrawn.") % {"agency": agency},
    )
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#agencies")


@login_required
@require_POST
def material_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.add_material(event, actor=request.user, **form.cleaned_data),
            success=_("Material added."),
        )
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#materials")


def _material(event: Event, material_pk: int) -> Material:
    material = event.materials.filter(pk=material_pk).first()
    if material is None:
        raise Http404
    return material


@login_required
def material_file(request: AuthenticatedHttpRequest, pk: int, material_pk: int) -> HttpResponseBase:
    event = access.get_event_for_user(request.user, pk)
    material = _material(event, material_pk)
    if not material.file:
        raise Http404
    return serve(material.file, download_name=f"{material.title}.pdf")


@login_required
@require_POST
def material_remove(request: AuthenticatedHttpRequest, pk: int, material_pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    actions.remove_material(_material(event, material_pk), actor=request.user)
    messages.success(request, _("Material removed."))
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#materials")


# --- participants and attendance ----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk)
    agencies = access.agencies_registering(request.user, event)
    if not agencies.exists():
        deny(request.user, "coaching.event", pk, write=True)
    form = RegisterForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            participant = actions.register(event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Participant code: %(code)s (for the check-in).")
                % {"name": participant.name, "code": participant.code},
            )
            return redirect(reverse("manage:coaching_event", args=[pk]) + "#participants")
    return form_page(
        request,
        form,
        _("Register a participant for %(title)s") % {"title": event.title},
        reverse("manage:coaching_event", args=[pk]),
    )


@login_required
@require_POST
def unregister(request: AuthenticatedHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk)
    participant = access.get_participant_for_user(request.user, event, participant_pk, write=True)
    attempt(
        request,
        lambda: actions.unregister(participant, actor=request.user),
        success=_("%(name)s removed.") % {"name": participant.name},
    )
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#participants")


@login_required
@require_POST
def attendance(request: AuthenticatedHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    participant = access.get_participant_for_user(request.user, event, participant_pk, write=True)
    attended = request.POST.get("attended") == "1"
    attempt(
        request,
        lambda: actions.mark_attendance(participant, actor=request.user, attended=attended),
    )
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#participants")


@login_required
@require_http_methods(["GET", "POST"])
def join_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Attendance from the meeting tool's participant report."""
    event = access.get_event_for_user(request.user, pk, organise=True)
    form = JoinListForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower() or ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            handle.write(upload.read())
            handle.flush()
            try:
                table = read_table(handle.name)
                result = actions.import_join_list(
                    event,
                    actor=request.user,
                    header=table.header,
                    rows=table.rows,
                    min_minutes=form.cleaned_data.get("min_minutes") or 0,
                )
            except TableError as error:
                form.add_error("file", str(error).replace(handle.name, upload.name))
            except ValidationError as error:
                form.add_error("file", error)
        if result is not None:
            messages.success(
                request,
                _("%(n)s participants matched in the join list.") % {"n": len(result.matched)},
            )
    return render(
        request,
        "coaching/join_list.html",
        {"event": event, "form": form, "result": result},
    )


@login_required
def participants_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    event = access.get_event_for_user(request.user, pk)
    rows = queries.participant_rows(access.participants_visible_to(request.user, event))
    return stream_csv(
        f"peserta-{event.pk}.csv", documents.PARTICIPANT_HEADER, documents.participant_rows(rows)
    )


def _certificate(request: HttpRequest, participant: Participant) -> HttpResponse:
    if not participant.attended:
        raise Http404
    url = absolute_url(reverse("coaching:event", args=[participant.event.token]), request)
    pdf = documents.certificate_pdf(participant, verify_url=url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{participant.code}.pdf"'
    return response


@login_required
def certificate(request: AuthenticatedHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk)
    participant = access.get_participant_for_user(request.user, event, participant_pk, write=True)
    return _certificate(request, participant)


@login_required
def check_in_qr(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    url = absolute_url(reverse("coaching:event", args=[event.token]), request)
    return HttpResponse(
        qr.svg(url, scale=8, title=_("Check-in for %(title)s") % {"title": event.title}),
        content_type="image/svg+xml",
    )


# --- Q&A ------------------------------------------------------------------------------------
@login_required
@require_POST
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    form = QuestionForm(request.POST, agencies=queries.invited_agencies(event))
    if form.is_valid():
        actions.record_question(event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Question recorded."))
    else:
        flash_form_errors(request, form)
    return redirect(reverse("manage:coaching_event", args=[pk]) + "#questions")


@login_required
@require_http_methods(["GET", "POST"])
def question_answer(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
    entry = event.questions.filter(pk=question_pk).first()
    if entry is None:
        raise Http404
    form = AnswerForm(
        request.POST or None, initial={"answer": entry.answer, "answered_by": entry.answered_by}
    )
    if request.method == "POST" and form.is_valid():
        actions.answer_question(entry, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Answer saved."))
        return redirect(reverse("manage:coaching_event", args=[pk]) + "#questions")
    return form_page(
        request,
        form,
        _("Answer: %(question)s") % {"question": entry.question[:80]},
        reverse("manage:coaching_event", args=[pk]),
    )


# --- follow-up tasks --------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def tasks_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, organise=True)
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
    task = access.get_task_for_user(request.user, pk)
    can_report = task.takes_reports and access.can_report(request.user, task)
    organise = access.can_organise(request.user, task.event)
    context = {
        "task": task,
        "reports": queries.reports_of(task),
        "linked": actions.linked_count(task),
        "report_form": ReportForm(
            choices=queries.evidence_choices(task), initial={"progress": task.progress}
        )
        if can_report
        else None,
        "organise": organise,
        "note_form": NoteForm() if organise else None,
        "deadline_form": DeadlineForm(initial={"due_on": task.due_on}) if organise else None,
        "today": timezone.localdate(),
        "history": task.history.select_related("history_user").order_by("-history_date")[:20],
        "viewer_zone": queries.viewer_zone(request.user),
    }
    return render(request, "coaching/task.html", context)


@login_required
@require_POST
def task_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk, report=True)
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
    task = access.get_task_for_user(request.user, pk, verify=True)
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
    task = access.get_task_for_user(request.user, pk, verify=True)
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
    task = access.get_task_for_user(request.user, pk)
    report = task.reports.filter(pk=report_pk).exclude(file="").first()
    if report is None:
        raise Http404
    return serve(report.file, download_name=f"laporan-{task.pk}-{report.pk}.pdf")


# --- reach and effect -------------------------------------------------------------------------
@login_required
def reach(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Which regions and agencies took part, completion of follow-ups, and what changed."""
    scope = scope_for(request.user)
    if not scope.is_staff:
        raise Http404
    year = _year(request.GET.get("year"))
    events = access.events_visible_to(request.user).filter(status=Event.Status.PUBLISHED)
    if year:
        events = queries.in_year(events, year)
    result = queries.reach(events=events)
    if request.GET.get("format") == "csv":
        return stream_csv(
            "jangkauan-pembinaan.csv",
            ["province_code", "province", "agencies", "took_part", "never", "events", "attendees"],
            (
                [
                    r.province.code,
                    r.province.name,
                    r.agencies,
                    r.took_part,
                    len(r.never),
                    len(r.events),
                    r.attendees,
                ]
                for r in result.provinces
            ),
        )
    today = timezone.localdate()
    tasks = access.tasks_visible_to(request.user).filter(event__in=events.values("pk"))
    map_points = [
        {
            "name": r.province.name,
            "lat": PROVINCE_CAPITALS[r.province.code][0],
            "lon": PROVINCE_CAPITALS[r.province.code][1],
            "agencies": r.agencies,
            "took_part": r.took_part,
            "events": len(r.events),
        }
        for r in result.provinces
        if r.agencies and r.province.code in PROVINCE_CAPITALS
    ]
    return render(
        request,
        "coaching/reach.html",
        {
            "year": year,
            "years": queries.event_years(),
            "result": result,
            "top": queries.agency_reach_rows(result, limit=20),
            "completion_tables": [
                (_("Agency"), queries.completion(tasks, by="agency", today=today)),
                (_("Topic"), queries.completion(tasks, by="topic", today=today)),
                (pgettext("coaching", "Event"), queries.completion(tasks, by="event", today=today)),
            ],
            "effects": queries.effects(events),
            "map_points": map_points,
            "map_tiles": settings.PRIMA_MAP_TILES,
            "map_attribution": settings.PRIMA_MAP_ATTRIBUTION,
            "effect_months": queries.EFFECT_MONTHS,
        },
    )


# --- the participants' page (public) -------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def public_event(request: HttpRequest, token: str) -> HttpResponse:
    """The page the check-in QR code opens: the event, its materials, check-in with the
    participant code, the event's evaluation and the certificate."""
    event = access.get_published_event(token)
    now = timezone.now()
    check_in_form = CheckInForm(prefix="in")
    feedback_form = FeedbackForm(prefix="fb")
    limited = False
    if request.method == "POST":
        limited = ratelimit.hit(
            "coaching", client_ip(request), limit=settings.PRIMA_CHECKIN_RATE_PER_MINUTE
        )
        if limited:
            messages.error(request, _("Too many attempts from your network: wait a minute."))
        elif "in-code" in request.POST:
            check_in_form = CheckInForm(request.POST, prefix="in")
            if check_in_form.is_valid():
                try:
                    participant = actions.check_in(
                        event, code=check_in_form.cleaned_data["code"], now=now
                    )
                except ValidationError as error:
                    check_in_form.add_error("code", error)
                else:
                    messages.success(
                        request,
                        _("Welcome, %(name)s: your attendance is recorded.")
                        % {"name": participant.name},
                    )
                    return redirect("coaching:event", token=token)
        elif "fb-code" in request.POST:
            feedback_form = FeedbackForm(request.POST, prefix="fb")
            if feedback_form.is_valid():
                data = dict(feedback_form.cleaned_data)
                found = event.participant_with_code(data.pop("code"))
                try:
                    if found is None:
                        raise ValidationError(_("No participant of this event has that code."))
                    actions.give_feedback(found, **data)
                except ValidationError as error:
                    feedback_form.add_error("code", error)
                else:
                    messages.success(request, _("Thank you for your evaluation."))
                    return redirect("coaching:event", token=token)
    status = 429 if limited else 400 if request.method == "POST" else 200
    return render(
        request,
        "coaching/public_event.html",
        {
            "event": event,
            "topics": event.topic_labels(),
            "materials": event.materials.all(),
            "check_in_form": check_in_form,
            "feedback_form": feedback_form,
            "check_in_open": event.check_in_open(now),
            "started": event.starts_at - CHECK_IN_MARGIN <= now,
        },
        status=status,
    )


@require_POST
def public_certificate(request: HttpRequest, token: str) -> HttpResponse:
    """An attendee downloads their certificate with their participant code."""
    event = access.get_published_event(token)
    if ratelimit.hit("coaching", client_ip(request), limit=settings.PRIMA_CHECKIN_RATE_PER_MINUTE):
        messages.error(request, _("Too many attempts from your network: wait a minute."))
        return redirect("coaching:event", token=token)
    participant = event.participant_with_code(request.POST.get("code", ""))
    if participant is not None and not participant.attended:
        participant = None
    if participant is None:
        messages.error(request, _("No attendee of this event has that code."))
        return redirect("coaching:event", token=token)
    return _certificate(request, participant)


def public_material(request: HttpRequest, token: str, material_pk: int) -> HttpResponseBase:
    """A material file of a published event, for its participants (who have no account)."""
    material = _material(access.get_published_event(token), material_pk)
    if not material.file:
        raise Http404
    return serve(material.file, download_name=f"{material.title}.pdf")
