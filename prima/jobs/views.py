"""The staff page of background work: the e-mail outbox (failures first) with "send again",
the messages other apps send through the same machinery (SMS and WhatsApp), the latest run
of each periodic job and the exports that failed; and every signed-in user's page of the
exports they asked for ("Unduhan saya")."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prima.accounts.access import deny
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.jobs import access, actions, exports, lines, queries, schedule
from prima.jobs.models import Export, Mail
from prima.lib.uploads import serve
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
        "failed_exports": queries.failed_exports(now=timezone.now())[:20],
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


@login_required
@require_POST
def run_again(request: AuthenticatedHttpRequest, name: str) -> HttpResponseBase:
    access.require_operator(request.user, write=True)
    if actions.run_again(name, actor=request.user):
        messages.success(
            request, _("The job runs again now; its new state shows below when it finishes.")
        )
    else:
        messages.error(request, _("Only a job whose latest run failed can be run again."))
    return redirect("manage:jobs_outbox")


# --- exports prepared in the background -----------------------------------------------------
POLL_SECONDS = 5  # how often the list asks again while a file is being prepared


def _rows_version(page: Page[Export]) -> str:
    """A short fingerprint of what the list shows (its rows and their states): the page's
    poll sends it back, and an unchanged list is answered 204, so htmx swaps nothing and
    screen readers hear nothing new."""
    rows = ",".join(f"{e.pk}:{e.state}" for e in page.object_list)
    text = f"{page.paginator.count}|{page.number}|{rows}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@login_required
@require_GET
def exports_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Unduhan saya". While a file is waiting or being prepared, the list (a partial) asks
    for itself again every POLL_SECONDS with htmx, answered 204 while nothing changed; without
    JavaScript the page offers "Reload"."""
    page = page_of(request, queries.exports_of(request.user))
    version = _rows_version(page)
    polled = request.headers.get("HX-Request") == "true"
    if polled and request.GET.get("seen") == version:
        return HttpResponse(status=204)
    context = {
        "page": page,
        "keep_days": exports.keep_days(),
        "pending": sum(e.state in (Export.State.WAITING, Export.State.RUNNING) for e in page),
        "deletable": {e.pk for e in page if exports.deletable(e, now=timezone.now())},
        "version": version,
        "poll_seconds": POLL_SECONDS,
        "polled": polled,
    }
    template = "jobs/exports.html#results" if polled else "jobs/exports.html"
    return render(request, template, context)


@login_required
@require_POST
def export_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """ "Hapus": the file and its row, by whoever asked for it, once it is finished."""
    export = access.get_export_for_user(request.user, pk, write=True)
    if actions.delete_export(export, actor=request.user):
        messages.success(request, _("“%(title)s” is deleted.") % {"title": export.title})
    else:
        messages.error(
            request,
            _(
                "“%(title)s” is still being prepared and cannot be deleted yet. Delete it once "
                "it is ready or has failed."
            )
            % {"title": export.title},
        )
    return redirect("manage:exports")


@login_required
@require_POST
def export_request(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """ "Siapkan unduhan": the kind and its parameters as posted by the page's form."""
    params = {
        key: request.POST.get(key, "")
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "kind")
    }
    try:
        export = actions.request_export(
            actor=request.user, kind=request.POST.get("kind", ""), params=params
        )
    except ValueError:  # an unknown kind, or parameters no page would post
        return HttpResponseBadRequest(_("This file cannot be prepared."))
    export.refresh_from_db()
    if export.state == Export.State.READY:  # the immediate backend built it already
        return redirect("manage:export_download", pk=export.pk)
    if export.state == Export.State.FAILED:
        messages.error(
            request,
            _("The file could not be prepared: %(error)s") % {"error": export.error_summary},
        )
    else:
        messages.success(
            request,
            _(
                "The file is being prepared. It will be listed here, ready to download, in a few "
                "minutes."
            ),
        )
    return redirect(reverse("manage:exports"))


@login_required
@require_GET
def export_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The file, to whoever asked for it while the access rule of the page it came from still
    grants them what it granted then."""
    export = access.get_export_for_user(request.user, pk)
    if export.state != Export.State.READY or export.expires_at < timezone.now():
        raise Http404
    try:
        kind = exports.still_granted(export, request.user)
    except exports.AccessChanged:
        deny(request.user, "jobs.export", pk, write=False)
    actions.record_download(export)
    return serve(export.file, download_name=kind.filename(export.params))
