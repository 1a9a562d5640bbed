"""The citizen's side of personal-data requests: "Your personal data" for a complainant (with
the report opened by its code on the tracking page, never a code in a URL) and for a
participant (a one-time link sent to their e-mail address). Both show what Prima holds and
why, and take a request for correction, restriction, erasure or objection.

The participant's link opens their data, so it is a secret like a complainant's codes: it goes
straight to the mail transport (prima.jobs.outbox.send_now) and is never stored in the outbox
(ADR 0015, ADR 0020 item 3). A failed send is logged, and the page answers as it always does —
it says the same whether or not the address is known, so it cannot say whether a mail went. The
link is signed (it holds the address and a random nonce, nothing stored), expires after 24 hours
and is spent on first use (the nonce's digest in the shared cache)."""

from __future__ import annotations

import hashlib
import logging

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from prima.coaching.models import Participant as CoachingParticipant
from prima.complaints.models import Complaint
from prima.complaints.public_views import SESSION_KEY
from prima.jobs.outbox import send_now
from prima.lib import ratelimit
from prima.lib.formats import moment
from prima.lib.http import absolute_url, client_ip
from prima.lib.views import attempt
from prima.privacy import datarequests
from prima.privacy.request_forms import EmailForm, RequestForm

logger = logging.getLogger("prima.privacy")

LINK_SALT = "prima.privacy.participant-link"
LINK_MAX_AGE = 24 * 3600
PARTICIPANT_SESSION = "prima_privacy_email"
EMAIL_LIMIT, EMAIL_WINDOW = 5, 3600


def _complaint(request: HttpRequest, public_id: str) -> Complaint:
    complaint = (
        Complaint.objects.select_related("agency", "agency__region", "unit")
        .filter(public_id=public_id, pk__in=request.session.get(SESSION_KEY, []))
        .first()
    )
    if complaint is None:
        # A report this browser has not opened with its code: a plain 404 (as on tracking).
        raise Http404
    return complaint


def _file(request: HttpRequest, subject: datarequests.Subject, form: RequestForm) -> bool:
    """File the request the valid form describes; say so with its receipt and due date. False
    when it was refused (the form then carries the reason)."""
    filed = attempt(
        request,
        lambda: datarequests.file_request(
            subject,
            kind=form.cleaned_data["kind"],
            details=form.cleaned_data["details"],
            corrections=form.corrections(),
        ),
        form=form,
    ).value
    if filed is None:
        return False
    zone = filed.agency.region.timezone if filed.agency.region else "WIB"
    messages.success(
        request,
        _(
            "Your request has been received. Receipt number %(receipt)s; the answer is "
            "due by %(due)s and will be shown on this page."
        )
        % {"receipt": filed.receipt, "due": moment(filed.due_at, zone)},
    )
    return True


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_data(request: HttpRequest, public_id: str) -> HttpResponse:
    """The complainant's personal data, its processing record, their requests and answers,
    and the form for a new request."""
    complaint = _complaint(request, public_id)
    held = datarequests.held_about(complaint)
    form = RequestForm(request.POST or None, fields=held.fields)
    if request.method == "POST" and form.is_valid() and _file(request, complaint, form):
        return redirect("privacy_requests:complaint_data", public_id=public_id)
    context = {
        "subject": complaint,
        "held": held,
        "form": form,
        "requests": datarequests.requests_about(complaint),
        "back": reverse("complaints:tracked", args=[public_id]),
    }
    return render(request, "privacy/my_data.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def participant_start(request: HttpRequest) -> HttpResponse:
    """Ask for a link by e-mail. The page says the same whatever the address, so it tells no
    one who took part in what."""
    form = EmailForm(request.POST or None)
    sent = False
    if request.method == "POST":
        if ratelimit.hit(
            "privacy-email", client_ip(request), limit=EMAIL_LIMIT, window=EMAIL_WINDOW
        ):
            return render(request, "privacy/slow_down.html", status=429)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            if datarequests.participant_records(email) and not ratelimit.hit(
                "privacy-email-address", email, limit=3, window=EMAIL_WINDOW
            ):
                _send_link(request, email)
            sent = True
    return render(request, "privacy/participant_start.html", {"form": form, "sent": sent})


def _send_link(request: HttpRequest, email: str) -> None:
    token = signing.dumps({"e": email, "n": get_random_string(16)}, salt=LINK_SALT, compress=True)
    url = absolute_url(reverse("privacy_requests:participant_link", args=[token]), request)
    body = "\n".join(
        [
            _("You asked to see the personal data Prima holds about you as a participant."),
            "",
            _("Open this link within 24 hours; it works once: %(url)s") % {"url": url},
            "",
            _("If you did not ask, ignore this message."),
        ]
    )
    try:
        send_now(EmailMessage(_("[Prima] Your personal data"), body + "\n", None, [email]))
    except Exception:  # any transport's failure: logged; the page says the same either way
        logger.warning("privacy: the participant's link could not be sent", exc_info=True)


@never_cache
def participant_link(request: HttpRequest, token: str) -> HttpResponse:
    """Open the one-time link: the address goes into this browser's session, the link is
    spent, and the page moves to a URL without it."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
        email = str(data["e"])
        nonce = str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return render(request, "privacy/link_invalid.html", status=400)
    spent = "privacy-link:" + hashlib.sha256(nonce.encode()).hexdigest()
    if not cache.add(spent, 1, timeout=LINK_MAX_AGE + 60):
        return render(request, "privacy/link_invalid.html", status=400)
    request.session.cycle_key()
    request.session[PARTICIPANT_SESSION] = email
    return redirect("privacy_requests:participant_data")


def _participant(request: HttpRequest, pk: int) -> CoachingParticipant:
    email = request.session.get(PARTICIPANT_SESSION, "")
    for record in datarequests.participant_records(email):
        if record.pk == pk:
            return record
    raise Http404


@never_cache
@require_http_methods(["GET", "POST"])
def participant_data(request: HttpRequest) -> HttpResponse:
    """Every record with the address the link was sent to, and a request form for each."""
    email = request.session.get(PARTICIPANT_SESSION, "")
    if not email:
        return redirect("privacy_requests:participant_start")
    records = datarequests.participant_records(email)
    if request.method == "POST":
        try:
            pk = int(request.POST.get("participant", ""))
        except ValueError:
            raise Http404 from None
        record = _participant(request, pk)
        form = RequestForm(request.POST, fields=datarequests.held_about(record).fields)
        if form.is_valid() and _file(request, record, form):
            return redirect("privacy_requests:participant_data")
        for problem in [str(e) for errors in form.errors.values() for e in errors]:
            messages.error(request, problem)
        return redirect("privacy_requests:participant_data")
    entries = []
    for record in records:
        held = datarequests.held_about(record)
        entries.append(
            {
                "record": record,
                "held": held,
                "form": RequestForm(fields=held.fields, prefix=None),
                "requests": datarequests.requests_about(record),
            }
        )
    return render(request, "privacy/participant_data.html", {"entries": entries})
