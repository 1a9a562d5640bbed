"""The officer's "send the survey" page (issue 25 §2): after serving a citizen, an officer of
the unit sends them one message inviting them to the SKM — a single-use link, or the
questions by reply (prima.messaging.skm_flow). Views parse input, fetch through access,
call the action, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.accounts.scope import scope_for
from prima.lib.views import page_of
from prima.messaging import numbers, skm_flow
from prima.messaging.adapters import is_console
from prima.messaging.models import Channel
from prima.registry.models import Service, ServiceUnit
from prima.surveys.access import get_survey_unit_for_user
from prima.surveys.invitations import NoOpenPeriod


class InviteForm(forms.Form):
    LINK, BY_REPLY = "link", "reply"

    service = forms.ModelChoiceField(
        label=gettext_lazy("Service received"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=gettext_lazy("— the unit as a whole —"),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Send by"), choices=Channel.choices, widget=forms.RadioSelect
    )
    number = forms.CharField(
        label=gettext_lazy("The citizen's phone number"),
        max_length=30,
        help_text=gettext_lazy("e.g. 0812 3456 7890. It is kept only to send this message."),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("How they answer"),
        widget=forms.RadioSelect,
        choices=[
            (LINK, gettext_lazy("A link to the survey form (works once, for 7 days)")),
            (BY_REPLY, gettext_lazy("Nine questions by reply, 1–4 (no internet needed)")),
        ],
        initial=LINK,
    )
    agreed = forms.BooleanField(
        label=gettext_lazy("The citizen agreed to receive this message"),
        help_text=gettext_lazy(
            "Ask first. Their agreement is recorded with the number; they can reply STOP."
        ),
    )

    def __init__(self, *args: Any, unit: ServiceUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Service.objects.filter(unit=unit, is_active=True).order_by("name")

    def clean_number(self) -> str:
        e164 = numbers.normalise(self.cleaned_data["number"])
        if e164 is None:
            raise forms.ValidationError(_("This is not a phone number."))
        return e164


def _units_to_invite_from(request: AuthenticatedHttpRequest) -> QuerySet[ServiceUnit]:
    """The units whose survey this user runs (operators and administrators: the rule of
    Scope.can_change_unit, as a filter)."""
    scope = scope_for(request.user)
    units = ServiceUnit.objects.filter(is_active=True)
    if not scope.national_admin:
        units = units.filter(
            Q(agency_id__in=scope.admin_agency_ids) | Q(pk__in=scope.operator_unit_ids)
        )
    return units.select_related("agency").order_by("name")


@login_required
@require_GET
def survey_invite_units(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Which unit's survey to send: straight to it when the officer runs only one."""
    units = _units_to_invite_from(request)
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
