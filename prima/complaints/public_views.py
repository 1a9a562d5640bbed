"""The citizen's side of complaints: the form (for an agency, or for one unit), the page that
shows the tracking code once, tracking with the code, adding information, disputing or
accepting an answer, and a unit's public statistics. Everything works without JavaScript."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from prima.complaints import access, actions, queries, workflow
from prima.complaints.forms import (
    AcceptForm,
    ComplaintForm,
    DisputeForm,
    InformationForm,
    TrackForm,
    read_token,
)
from prima.complaints.models import Channel, Complaint, Status
from prima.lib import ratelimit
from prima.lib.forms import error_messages
from prima.lib.http import client_ip
from prima.registry.access import get_public_unit

SESSION_KEY = "prima_tracked_complaints"


def _filed_page(request: HttpRequest, complaint: Complaint, code: str) -> HttpResponse:
    response = render(request, "complaints/filed.html", {"complaint": complaint, "code": code})
    response["Cache-Control"] = "no-store"
    return response


def _remember(request: HttpRequest, complaint: Complaint) -> None:
    tracked = [pk for pk in request.session.get(SESSION_KEY, []) if pk != complaint.pk]
    request.session[SESSION_KEY] = [complaint.pk, *tracked][:10]


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """File a report: to one unit (from its passport, poster or QR code) or to an agency."""
    unit = get_public_unit(code) if code else None
    form = ComplaintForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST":
        if ratelimit.hit(
            "complaint",
            client_ip(request),
            limit=settings.PRIMA_COMPLAINT_RATE_PER_HOUR,
            window=3600,
        ):
            return render(request, "complaints/slow_down.html", status=429)
        if form.is_valid():
            token = read_token(form.cleaned_data["token"])
            if token is None:
                form.add_error(None, _("This form is too old. Please send it again."))
                data = request.POST.copy()
                data["token"] = ComplaintForm(unit=unit).initial["token"]
                form.data = data
            elif form.cleaned_data["website"]:
                # A hidden field was filled: answer as if filed, keep nothing.
                return render(request, "complaints/filed.html", {"complaint": None, "code": ""})
            else:
                nonce_key = f"complaint-sent:{token['n']}"
                sent = cache.get(nonce_key)
                if sent:  # the same form again (double click, refresh): the same answer
                    complaint = Complaint.objects.filter(pk=sent["pk"]).first()
                    if complaint is not None:
                        return _filed_page(request, complaint, sent["code"])
                too_fast = time.time() - token["t"] < settings.PRIMA_COMPLAINT_MIN_SECONDS
                if too_fast:
                    form.add_error(
                        None, _("That was very fast. Please check your report and send it again.")
                    )
                else:
                    return _file(request, form, unit, nonce_key)
    return render(request, "complaints/new.html", {"form": form, "unit": unit})


def _file(request: HttpRequest, form: ComplaintForm, unit: Any, nonce_key: str) -> HttpResponse:
    data = form.cleaned_data
    try:
        filed = actions.file_complaint(
            agency=unit.agency if unit is not None else data["agency"],
            unit=unit,
            service=data.get("service"),
            kind=data["kind"],
            category=data.get("category"),
            title=data["title"],
            description=data["description"],
            incident_date=data.get("incident_date"),
            location=data.get("location", ""),
            is_anonymous=data["is_anonymous"],
            is_secret=data["is_secret"],
            identity={"name": data["name"], "email": data["email"], "phone": data["phone"]},
            attachments=[data["attachment"]] if data.get("attachment") else [],
            channel=Channel.WEB,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "complaints/new.html", {"form": form, "unit": unit})
    # The code is kept for ten minutes so that a resent form shows the same page.
    cache.set(nonce_key, {"pk": filed.complaint.pk, "code": filed.tracking_code}, timeout=600)
    _remember(request, filed.complaint)
    return _filed_page(request, filed.complaint, filed.tracking_code)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter the tracking code; the complaint is then remembered in this browser's session."""
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.hit("complaint-track", client_ip(request), limit=30, window=600):
            return render(request, "complaints/slow_down.html", status=429)
        if form.is_valid():
            complaint = access.find_by_code(form.cleaned_data["code"])
            if complaint is None:
                form.add_error("code", _("No report has this code. Check it and try again."))
            else:
                _remember(request, complaint)
                return redirect("complaints:tracked", public_id=complaint.public_id)
    tracked = Complaint.objects.filter(pk__in=request.session.get(SESSION_KEY, []))
    return render(request, "complaints/track.html", {"form": form, "tracked": tracked})


def _tracked(request: HttpRequest, public_id: str) -> Complaint:
    complaint = (
        Complaint.objects.select_related("agency", "unit", "unit__region", "policy")
        .filter(public_id=public_id, pk__in=request.session.get(SESSION_KEY, []))
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


@never_cache
def tracked(request: HttpRequest, public_id: str) -> HttpResponse:
    """The complainant's view: stage, due time, every public step and answer, and what they
    can do now."""
    complaint = _tracked(request, public_id)
    stage = queries.stage_of(complaint)
    context = {
        "complaint": complaint,
        "stage": stage,
        "stages": [(s, workflow.STAGE_LABELS[s]) for s in workflow.STAGES],
        "stage_index": workflow.STAGES.index(stage) if stage in workflow.STAGES else -1,
        "timeline": queries.public_timeline(complaint),
        "dispute_until": actions.dispute_deadline(complaint),
        "info_form": InformationForm() if complaint.status == Status.POSTPONED else None,
        "dispute_form": DisputeForm() if complaint.status == Status.RESPONDED else None,
        "accept_form": AcceptForm() if complaint.status == Status.RESPONDED else None,
    }
    return render(request, "complaints/tracked.html", context)


@require_POST
def tracked_action(request: HttpRequest, public_id: str, verb: str) -> HttpResponse:
    complaint = _tracked(request, public_id)
    try:
        if verb == "info":
            form: Any = InformationForm(request.POST, request.FILES)
            if form.is_valid():
                attachment = form.cleaned_data.get("attachment")
                actions.add_information(
                    complaint,
                    message=form.cleaned_data["message"],
                    attachments=[attachment] if attachment else [],
                )
        elif verb == "dispute":
            form = DisputeForm(request.POST)
            if form.is_valid():
                actions.dispute(complaint, message=form.cleaned_data["message"])
        elif verb == "accept":
            form = AcceptForm(request.POST)
            if form.is_valid():
                actions.accept(complaint, rating=form.cleaned_data["rating"])
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if form.errors:
            for problem in error_messages(form, labelled=False):
                messages.error(request, problem)
        else:
            messages.success(request, _("Thank you. Your report has been updated."))
    return redirect("complaints:tracked", public_id=public_id)


def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's complaint statistics and how to complain (secret reports never counted in
    what is shown; figures over fewer than five reports are not shown)."""
    unit = get_public_unit(code)
    context = {
        "unit": unit,
        "stats": queries.unit_stats(unit),
        "minimum": queries.MIN_PUBLIC_COUNT,
    }
    return render(request, "complaints/unit.html", context)
