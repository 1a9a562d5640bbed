"""The officer's "send the survey" page (issue 25 §2): after serving a citizen, an officer of
the unit sends them one message inviting them to the SKM — a single-use link, or the
questions by reply (prima.messaging.skm_flow). Views parse input, fetch through access,
call the action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.views import page_of
from prima.messaging import access, numbers, skm_flow
from prima.messaging.adapters import is_console
from prima.messaging.forms import InviteForm
from prima.messaging.models import Channel
from prima.surveys.access import get_survey_unit_for_user
from prima.surveys.invitations import NoOpenPeriod


@login_required
@require_GET
def survey_invite_units(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Which unit's survey to send: straight to it when the officer runs only one."""
    units = access.units_to_invite_from(request.user)
    first_two = list(units[:2])
    if len(first_two) == 1:
        return redirect("manage:messaging_survey_invite", code=first_two[0].code)
    return render(request, "messaging/skm_invite_units.html", {"page": page_of(request, units)})


@login_required
@require_http_methods(["GET", "POST"])
def survey_invite(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit, _rights = get_survey_unit_for_user(request.user, code, write=True)
    form = InviteForm(request.POST or None, unit=unit, initial={"channel": Channel.WHATSAPP})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            skm_flow.invite_after_service(
                unit=unit,
                service=data["service"],
                channel=data["channel"],
                number=data["number"],
                by_reply=data["mode"] == InviteForm.BY_REPLY,
                actor=request.user,
            )
        except NoOpenPeriod:
            form.add_error(
                None,
                _(
                    "No survey period of this unit takes answers today: open one on the "
                    "unit's survey page first."
                ),
            )
        except skm_flow.InviteRefused as refused:
            form.add_error("number", str(refused))
        else:
            messages.success(
                request,
                _("The invitation was sent by %(channel)s to %(number)s.")
                % {
                    "channel": Channel(data["channel"]).label,
                    "number": numbers.masked(data["number"]),
                },
            )
            return redirect("manage:messaging_survey_invite", code=unit.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "messaging/skm_invite.html",
        {
            "unit": unit,
            "form": form,
            "console": is_console(Channel.SMS) or is_console(Channel.WHATSAPP),
        },
        status=status,
    )
