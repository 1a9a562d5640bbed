"""The service user's side of an evaluation: the F-03 rating form and its thank-you page,
opened from the link or QR code on the lokus page. No sign-in; nothing about the person is
stored."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prima.evaluation import access, actions
from prima.evaluation.forms import RatingForm, field_name
from prima.lib import ratelimit
from prima.lib.http import client_ip
from prima.lib.views import attempt


@require_http_methods(["GET", "POST"])
def rating(request: HttpRequest, token: str) -> HttpResponse:
    """The service user's form (F-03): each item 0–5 in words, nothing about who they are.
    Whatever is wrong comes back in the error summary above the form, with the answers kept."""
    lokus = access.get_public_lokus(token)
    instrument = lokus.cycle.instrument
    form = RatingForm(request.POST or None, instrument=instrument)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if form.cleaned_data.get("website"):
                return redirect("evaluation_rating_thanks", token=token)  # a bot; say nothing
            limit = settings.PRIMA_RATING_RATE_PER_HOUR
            if ratelimit.hit("f03", client_ip(request), limit=limit, window=3600):
                form.add_error(
                    None,
                    _(
                        "Many ratings were sent from your network in the last hour. Your "
                        "answers are kept below: please try again later."
                    ),
                )
                status = 429
            elif attempt(
                request,
                lambda: actions.submit_rating(lokus, answers=form.answers(), actor=None),
                form=form,
            ):
                return redirect("evaluation_rating_thanks", token=token)
    return render(
        request,
        "evaluation/rating.html",
        {"lokus": lokus, "form": form, "items": instrument.user_items, "field_name": field_name},
        status=status,
    )


def rating_thanks(request: HttpRequest, token: str) -> HttpResponse:
    lokus = access.get_public_lokus(token)
    return render(request, "evaluation/rating_thanks.html", {"lokus": lokus})
