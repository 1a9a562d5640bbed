"""Staff pages for an event's participants under /manage/coaching/<pk>/: registering them,
attendance (by hand, from a join list, the check-in QR code), the list as CSV, certificates.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.accounts.access import deny
from prima.accounts.audit import record_list_download
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.coaching import access, actions, documents, queries
from prima.coaching.forms import JoinListForm, RegisterForm
from prima.coaching.public_views import certificate_response
from prima.lib import qr
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.http import absolute_url
from prima.lib.tables import TableError, read_table
from prima.lib.views import attempt, flash_errors, form_page


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk)
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
        privacy="coaching_registration",
    )


@login_required
@require_POST
def unregister(request: AuthenticatedHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk)
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
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
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
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
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
    event, rights = access.get_event_for_user(request.user, pk)
    # Participants who asked that their data be processed no further stay out (UU 27/2022
    # art. 11); the event's counts keep them.
    rows = queries.participant_rows(
        access.participants_visible_to(request.user, event).filter(processing_restricted=False)
    )
    # Names and e-mails leave Prima: the security log keeps who took which (breach reports).
    record_list_download(
        request.user,
        "coaching_participants",
        ids=list(rows.values_list("pk", flat=True)),
        target=event,
    )
    return stream_csv(
        f"peserta-{event.pk}.csv",
        documents.PARTICIPANT_HEADER,
        documents.participant_rows(rows),
        dialect=dialect_of(request.GET),
    )


@login_required
def certificate(request: AuthenticatedHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk)
    participant = access.get_participant_for_user(request.user, event, participant_pk, write=True)
    return certificate_response(
        request,
        participant,
        actor=request.user,
        back=reverse("manage:coaching_event", args=[event.pk]),
    )


@login_required
def check_in_qr(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, rights = access.get_event_for_user(request.user, pk, need="organise")
    url = absolute_url(reverse("coaching:event", args=[event.token]), request)
    return HttpResponse(
        qr.svg(url, scale=8, title=_("Check-in for %(title)s") % {"title": event.title}),
        content_type="image/svg+xml",
    )
