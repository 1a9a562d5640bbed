"""Staff pages of SMS and WhatsApp: the review queue (messages Prima could not file on its
own, and pranks) and the simulated phone (the demo's console adapter: play the citizen).
Views parse input, fetch through prima.messaging.access, call an action, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prima.accounts.requests import AuthenticatedHttpRequest
from prima.lib.views import page_of
from prima.messaging import access, actions, dispatcher, numbers, queries
from prima.messaging.adapters import is_console
from prima.messaging.forms import PhoneForm, ReviewForm
from prima.messaging.models import Channel, Contact, Inbound


@login_required
@require_GET
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = access.review_queue_for_user(request.user)
    decided = request.GET.get("show") == "decided"
    items = items.exclude(decision="") if decided else items.filter(decision="")
    page = page_of(request, items.order_by("-received_at", "-pk"))
    return render(
        request,
        "messaging/review.html",
        {"page": page, "decided": decided, "masked": numbers.masked},
    )


def _draft(item: Inbound) -> str:
    """The message without its keyword and unit code, as the complaint's text."""
    words = item.text.split()
    if words and words[0].upper() in ("ADUAN", "LAPOR", "PENGADUAN"):
        words = words[1:]
    if words and item.unit is not None and words[0].upper() == item.unit.code.upper():
        words = words[1:]
    return " ".join(words)


@login_required
@require_http_methods(["GET", "POST"])
def review_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = access.get_review_item_for_user(request.user, pk)
    units = access.units_for_reviewer(request.user)
    form = ReviewForm(
        request.POST or None,
        units=units,
        initial={"unit": item.unit_id, "description": _draft(item)},
    )
    if request.method == "POST" and not item.decision and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == ReviewForm.FILE:
                filed = actions.review_file(
                    item, actor=request.user, unit=data["unit"], description=data["description"]
                )
                messages.success(
                    request,
                    _("Filed as complaint %(number)s; the codes were sent to the sender.")
                    % {"number": filed.complaint.public_id},
                )
            else:
                contact = actions.review_dismiss(
                    item, actor=request.user, prank=data["decision"] == ReviewForm.PRANK
                )
                messages.success(request, _("Dismissed."))
                if contact.blocked_until is not None and data["decision"] == ReviewForm.PRANK:
                    messages.warning(
                        request,
                        _("The number is blocked until %(date)s after repeated pranks.")
                        % {"date": f"{contact.blocked_until:%d-%m-%Y}"},
                    )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("manage:messaging_review")
    return render(
        request,
        "messaging/review_item.html",
        {
            "item": item,
            "form": form,
            "earlier": queries.earlier_from(item),
            "number": numbers.masked(item.contact.number),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def phone(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A phone in the browser for the demo: send as a citizen, by SMS or WhatsApp, through the
    same dispatcher the webhooks call; see the replies the console adapter "sent"."""
    access.check_phone_for_user(request.user)
    source = request.POST if request.method == "POST" else request.GET
    channel = source.get("channel") if source.get("channel") in Channel.values else Channel.WHATSAPP
    initial = {"channel": channel}
    if source.get("number"):
        initial["number"] = source["number"]
    form = PhoneForm(request.POST or None, initial=initial)
    console = is_console(channel)
    if request.method == "POST" and console and form.is_valid():
        data = form.cleaned_data
        dispatcher.receive(
            channel=data["channel"],
            number=data["number"],
            text=data["text"],
            provider_id=f"phone-{uuid.uuid4().hex}",
        )
        query = urlencode({"channel": data["channel"], "number": data["number"]})
        return redirect(f"{reverse('manage:messaging_phone')}?{query}#thread")
    number = numbers.normalise(source.get("number") or "") or numbers.normalise(
        str(form["number"].value() or "")
    )
    contact = Contact.objects.filter(channel=channel, number=number).first() if number else None
    return render(
        request,
        "messaging/phone.html",
        {
            "form": form,
            "console": console,
            "channel": channel,
            "channel_label": Channel(channel).label,
            "number": number,
            "thread": queries.thread(contact),
            "contact": contact,
            "commands": dispatcher.menu(),
        },
    )
