"""The citizen's side of complaints: the form (for an agency, or for one unit), the page that
shows the report's number and codes once (to copy, print or have sent), tracking with them,
adding information, disputing or accepting an answer, and a unit's public statistics.
Everything works without JavaScript."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from prima.complaints import access, actions, notify, queries, workflow
from prima.complaints.forms import (
    NUMBER_EXAMPLE,
    SECRET_EXAMPLE,
    AcceptForm,
    ComplaintForm,
    DisputeForm,
    InformationForm,
    SendCodesForm,
    TrackForm,
    read_token,
)
from prima.complaints.models import Complaint
from prima.lib import ratelimit
from prima.lib.forms import error_messages
from prima.lib.http import absolute_url, client_ip
from prima.lib.outage import retry_safe
from prima.lib.views import attempt
from prima.registry.access import get_public_unit

SESSION_KEY = "prima_tracked_complaints"


# A resent form shows its tracking code again for this long after filing; later it shows the
# report's number only (the code was shown when it was sent).
RESEND_SHOWS_CODE = dt.timedelta(minutes=30)
RECENT_KEY = "prima_recent_filings"


def _filed_page(
    request: HttpRequest,
    filed: actions.Filed,
    *,
    send_form: SendCodesForm | None = None,
    sent_to: str = "",
) -> HttpResponse:
    complaint = filed.complaint
    show_code = not filed.resent or timezone.now() - complaint.received_at < RESEND_SHOWS_CODE
    context = {
        "complaint": complaint,
        "code": filed.tracking_code if show_code else "",
        "secret": filed.secret if show_code else "",
        "resent": filed.resent,
        "send_form": (send_form or SendCodesForm()) if show_code else None,
        "sent_to": sent_to,
        "track_url": absolute_url(reverse("complaints:track"), request),
    }
    response = render(request, "complaints/filed.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _remember(request: HttpRequest, complaint: Complaint) -> None:
    tracked = [pk for pk in request.session.get(SESSION_KEY, []) if pk != complaint.pk]
    request.session[SESSION_KEY] = [complaint.pk, *tracked][:10]


def _content(data: dict[str, Any], unit: Any) -> str:
    """What makes two reports the same report, as a digest kept in the session."""
    agency = unit.agency_id if unit is not None else data["agency"].pk
    text = "\x1f".join(
        str(part)
        for part in (
            agency,
            unit.pk if unit else "",
            data["kind"],
            data["title"],
            data["description"],
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _remember_filing(request: HttpRequest, filed: actions.Filed, nonce: str, content: str) -> None:
    recent = [r for r in request.session.get(RECENT_KEY, []) if r["pk"] != filed.complaint.pk]
    request.session[RECENT_KEY] = [{"pk": filed.complaint.pk, "n": nonce, "c": content}, *recent][
        :5
    ]


def _sent_again(request: HttpRequest, content: str) -> actions.Filed | None:
    """Back, then send again: a fresh form (a new nonce) with the very report this browser
    filed a moment ago is that report, not a second one."""
    for recent in request.session.get(RECENT_KEY, []):
        if recent.get("c") == content:
            earlier = actions.filed_earlier(recent["n"])
            if earlier is not None and timezone.now() - earlier.complaint.received_at < (
                RESEND_SHOWS_CODE
            ):
                return earlier
    return None


@retry_safe  # unique on the form's nonce (actions.file_complaint)
@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """File a report: to one unit (from its passport, poster or QR code) or to an agency.

    Filing is idempotent: the form's one-time nonce is a unique key in the database, so the
    same form sent again — a double tap, a refresh, a retry, even at the same moment —
    shows the report it filed; and the same report sent again from a fresh form in this
    browser (Back, then send) shows the report already filed."""
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
                return render(request, "complaints/filed.html", {"complaint": None})
            else:
                content = _content(form.cleaned_data, unit)
                earlier = actions.filed_earlier(token["n"]) or _sent_again(request, content)
                if earlier is not None:
                    return _filed_page(request, earlier)
                too_fast = time.time() - token["t"] < settings.PRIMA_COMPLAINT_MIN_SECONDS
                if too_fast:
                    form.add_error(
                        None, _("That was very fast. Please check your report and send it again.")
                    )
                else:
                    return _file(request, form, unit, token["n"], content)
    return render(request, "complaints/new.html", {"form": form, "unit": unit})


def _file(
    request: HttpRequest, form: ComplaintForm, unit: Any, nonce: str, content: str
) -> HttpResponse:
    # The complainant files it themselves: no actor.
    filed = attempt(
        request,
        lambda: actions.file_complaint(**form.filing(), actor=None, submission=nonce),
        form=form,
    ).value
    if filed is None:
        return render(request, "complaints/new.html", {"form": form, "unit": unit})
    _remember(request, filed.complaint)
    _remember_filing(request, filed, nonce, content)
    return _filed_page(request, filed)


# Tracking tries: every address, and every report number whatever the address (ADR 0015).
TRACK_LIMIT, TRACK_WINDOW = 30, 600
NUMBER_LIMIT, NUMBER_WINDOW = 10, 3600


def _not_found(result: access.NumberLookup, number: str) -> tuple[str, str]:
    """The field and the message for a number and secret code that open nothing."""
    if result is access.NumberLookup.UNKNOWN_NUMBER:
        return "number", _(
            "No report has the number %(number)s. Check the number as printed on your receipt: "
            "it looks like %(example)s."
        ) % {"number": number, "example": NUMBER_EXAMPLE}
    if result is access.NumberLookup.NO_SECRET:
        return "code", _(
            "Report %(number)s was filed before secret codes were given. Track it with its "
            "tracking code (27 characters), entered here on its own."
        ) % {"number": number}
    return "code", _(
        "This secret code does not open report %(number)s. Check it on your receipt: 8 letters "
        "and digits, for example %(example)s (there is no 0, O, 1, I or L in it)."
    ) % {"number": number, "example": SECRET_EXAMPLE}


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter the report number and secret code, or the tracking code; the complaint is then
    remembered in this browser's session. Tries are limited per address and, for numbers,
    per report number, so that a secret code cannot be guessed (ADR 0015)."""
    form = TrackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if ratelimit.hit(
            "complaint-track", client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW
        ):
            return render(request, "complaints/slow_down.html", {"tracking": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            complaint: Complaint | None = None
            if not form.by_number:
                complaint = access.find_by_code(data["code"])
                if complaint is None:
                    form.add_error(
                        "code",
                        _(
                            "No report has this tracking code. Check it on your receipt: 27 "
                            "letters and digits in three groups. With a secret code of 8, "
                            "enter the report number too."
                        ),
                    )
            elif ratelimit.hit(
                "complaint-track-number", data["number"], limit=NUMBER_LIMIT, window=NUMBER_WINDOW
            ):
                status = 429
                form.add_error(
                    "code",
                    _(
                        "Too many tries for report %(number)s in the last hour. Please try again "
                        "later, or use the tracking code of 27 characters."
                    )
                    % {"number": data["number"]},
                )
            else:
                complaint, result = access.find_by_number(data["number"], data["code"])
                if complaint is None:
                    form.add_error(*_not_found(result, data["number"]))
            if complaint is not None:
                _remember(request, complaint)
                return redirect("complaints:tracked", public_id=complaint.public_id)
    tracked = Complaint.objects.filter(pk__in=request.session.get(SESSION_KEY, []))
    return render(
        request, "complaints/track.html", {"form": form, "tracked": tracked}, status=status
    )


# Sending the codes from the confirmation page: per address, and per report.
SEND_LIMIT, SEND_WINDOW = 5, 3600
SEND_PER_REPORT = 3


def _filed_here(request: HttpRequest, report: str) -> actions.Filed | None:
    """The report this browser filed a moment ago (within RESEND_SHOWS_CODE), with its codes
    recomputed from the form's nonce kept in the session; None for any other."""
    for recent in request.session.get(RECENT_KEY, []):
        if str(recent.get("pk")) == report:
            earlier = actions.filed_earlier(recent["n"])
            if earlier is not None and timezone.now() - earlier.complaint.received_at < (
                RESEND_SHOWS_CODE
            ):
                return dataclasses.replace(earlier, resent=False)
    return None


@never_cache
@require_POST
def send_codes(request: HttpRequest) -> HttpResponse:
    """Send the report's number and codes to an e-mail address the complainant gives on the
    confirmation page. The address is used for this one message and not kept (UU PDP: no
    more than needed; an anonymous report stays without it). There is no SMS or WhatsApp
    gateway in Prima, and the page says so rather than pretend."""
    filed = _filed_here(request, request.POST.get("report", ""))
    if filed is None:
        messages.error(
            request,
            _(
                "The codes can be sent only from the confirmation page, within 30 minutes of "
                "sending the report."
            ),
        )
        return redirect("complaints:track")
    form = SendCodesForm(request.POST)
    sent_to = ""
    if form.is_valid():
        address = form.cleaned_data["email"]
        if ratelimit.hit(
            "complaint-send", client_ip(request), limit=SEND_LIMIT, window=SEND_WINDOW
        ) or ratelimit.hit(
            "complaint-send-report",
            str(filed.complaint.pk),
            limit=SEND_PER_REPORT,
            window=RESEND_SHOWS_CODE.seconds,
        ):
            form.add_error(
                "email",
                _("Enough messages have been sent for now. Write the codes down or print them."),
            )
        elif notify.codes_to_complainant(
            address,
            filed.complaint,
            code=filed.tracking_code,
            secret=filed.secret,
            track_url=absolute_url(reverse("complaints:track"), request),
        ):
            sent_to, form = address, SendCodesForm()
        else:
            form.add_error(
                "email",
                _(
                    "The message could not be sent just now. Write the codes down or print "
                    "them, and try again later."
                ),
            )
    return _filed_page(request, filed, send_form=form, sent_to=sent_to)


def _tracked(request: HttpRequest, public_id: str) -> Complaint:
    complaint = (
        Complaint.objects.select_related("agency", "unit", "unit__region", "policy")
        .filter(public_id=public_id, pk__in=request.session.get(SESSION_KEY, []))
        .first()
    )
    if complaint is None:
        # Not a refusal of a staff right but a page this browser has not opened with the code:
        # a plain 404, not an audit entry, so that anonymous guessing cannot fill the audit log.
        raise Http404
    return complaint


@never_cache
def tracked(request: HttpRequest, public_id: str) -> HttpResponse:
    """The complainant's view: stage, due time, every public step and answer, and what they
    can do now."""
    complaint = _tracked(request, public_id)
    stage = queries.stage_of(complaint)
    can = workflow.allowed_actions(complaint.status, workflow.COMPLAINANT)
    context = {
        "complaint": complaint,
        "stage": stage,
        "stages": [(s, workflow.STAGE_LABELS[s]) for s in workflow.STAGES],
        "stage_index": workflow.STAGES.index(stage) if stage in workflow.STAGES else -1,
        "timeline": queries.public_timeline(complaint),
        "dispute_until": actions.dispute_deadline(complaint),
        "info_form": InformationForm() if "add_info" in can else None,
        "dispute_form": DisputeForm() if "dispute" in can else None,
        "accept_form": AcceptForm() if "close" in can else None,
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
                    actor=None,
                    message=form.cleaned_data["message"],
                    attachments=[attachment] if attachment else [],
                )
        elif verb == "dispute":
            form = DisputeForm(request.POST)
            if form.is_valid():
                actions.dispute(complaint, actor=None, message=form.cleaned_data["message"])
        elif verb == "accept":
            form = AcceptForm(request.POST)
            if form.is_valid():
                actions.accept(complaint, actor=None, rating=form.cleaned_data["rating"])
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
