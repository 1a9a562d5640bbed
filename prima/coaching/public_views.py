"""The participants' page of a coaching event (/pembinaan/<token>/), no account needed:
check-in with the participant code, materials, the event's evaluation, the certificate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from prima.coaching import access, actions, documents
from prima.coaching.forms import CheckInForm, FeedbackForm
from prima.coaching.models import CHECK_IN_MARGIN, Participant
from prima.documents import sources
from prima.lib import ratelimit
from prima.lib.http import client_ip
from prima.lib.uploads import serve

if TYPE_CHECKING:
    from prima.accounts.models import User


def certificate_response(
    request: HttpRequest, participant: Participant, *, actor: User | None, back: str
) -> HttpResponse:
    """An attendee's certificate as a PDF download (here and on the organisers' page): issued
    the first time (numbered by the issuing agency), the same number and code afterwards.
    `actor` is the staff member downloading it, None for the participant; `back` is where a
    certificate that cannot be given sends them, with a message saying why."""
    if not participant.attended:
        raise Http404
    document = documents.issue_certificate(participant, actor=actor)
    if document is None:
        messages.error(
            request,
            _(
                "The certificate cannot be issued yet: the event has no issuing agency. "
                "The organiser chooses it on the event's form."
            ),
        )
        return redirect(back)
    if document.is_withdrawn:
        messages.error(
            request,
            _("This certificate was withdrawn (%(reason)s). Ask the organiser.")
            % {"reason": document.withdrawal_reason or "-"},
        )
        return redirect(back)
    pdf = documents.certificate_pdf(
        participant, agency=document.agency, issued=sources.issued(request, document)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{participant.code}.pdf"'
    return response


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
                        event, actor=None, code=check_in_form.cleaned_data["code"], now=now
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
                    actions.give_feedback(found, actor=None, **data)
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
    return certificate_response(
        request, participant, actor=None, back=reverse("coaching:event", args=[token])
    )


def public_material(request: HttpRequest, token: str, material_pk: int) -> HttpResponseBase:
    """A material file of a published event, for its participants (who have no account)."""
    material = access.event_material(access.get_published_event(token), material_pk)
    if not material.file:
        raise Http404
    return serve(material.file, download_name=f"{material.title}.pdf")
