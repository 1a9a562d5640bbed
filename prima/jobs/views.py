"""The staff page of background work: the e-mail outbox (failures first) with "send again",
the messages other apps send through the same machinery (SMS and WhatsApp), and the latest
run of each periodic job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.jobs import access, actions, lines, queries, schedule
from prima.jobs.models import Mail
from prima.lib.views import page_of


def masked_address(address: str) -> str:
    """k•••@example.go.id: enough to see which mail server, not whose mailbox."""
    local, at, domain = address.rpartition("@")
    return f"{local[:1]}•••@{domain}" if at else "•••"


@login_required
@require_GET
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_operator(request.user)
    state = request.GET.get("state", "")
    if state not in Mail.State.values:
        state = ""
    page = page_of(request, queries.outbox(state=state))
    rows = [
        (mail, [masked_address(a) for a in [*mail.to, *mail.cc, *mail.bcc]])
        for mail in page.object_list
    ]
    health = queries.health(now=timezone.now())
    context = {
        "page": page,
        "rows": rows,
        "state": state,
        "states": Mail.State.choices,
        "health": health,
        "failed_jobs": [schedule.label_of(name) for name in health.jobs_failed],
        "runs": [(schedule.label_of(name), run) for name, run in health.runs.items()],
        # Other apps' lines (SMS and WhatsApp): each shows its rows with its own template.
        "sections": [
            (line.template, line.page_rows()) for line in lines.REGISTERED.values() if line.template
        ],
    }
    return render(request, "jobs/outbox.html", context)


@login_required
@require_POST
def mail_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    mail = access.get_mail_for_user(request.user, pk, write=True)
    if actions.resend_mail(mail, actor=request.user):
        messages.success(request, _("The e-mail is back in line to be sent."))
    else:
        messages.error(request, _("This e-mail was sent already; it is not sent twice."))
    return redirect("manage:jobs_outbox")
