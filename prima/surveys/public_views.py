"""The citizen's side of the SKM: the questionnaire (on a phone or on an enrolled kiosk), the
thank-you page, the QR code and poster, and published results.

Light by design: the phone form needs no JavaScript (one small deferred script counts the
suggestion's characters; the kiosk loads another to reset when idle), one stylesheet, no
third-party host. Protections against ballot stuffing are
layered so that none of them loses a real citizen's answers (docs/security.md §1.7):

1. per-address rate limit on the shared cache — past it, the form comes back with the answers
   kept and a request to send again in a minute (HTTP 429);
2. the signed single-use form token — a resend stores nothing new;
3. a honeypot field and a minimum time to answer — the response is stored but flagged;
4. one counted response per device per unit per day (a signed random cookie) — further ones
   are stored but flagged; kiosks are paced per device instead.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from contextlib import nullcontext
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from prima.complaints.queries import public_improvements
from prima.lib import ratelimit
from prima.lib.dbrouter import replica_reads
from prima.lib.http import client_ip
from prima.lib.outage import retry_safe
from prima.lib.views import int_param
from prima.registry.access import get_public_unit
from prima.registry.models import Service, ServiceUnit
from prima.surveys import actions, invitations, outbox, queries, tokens
from prima.surveys.forms import HONEYPOT, EnrolKioskForm, ResponseForm
from prima.surveys.models import Kiosk, SurveyInvitation, SurveyPeriod, SurveyResponse
from prima.surveys.submission import PeriodClosed, open_period_for, submit_response

DEVICE_COOKIE = "prima_device"
KIOSK_COOKIE = "prima_kiosk"
DEVICE_SALT = "prima.surveys.device"
KIOSK_SALT = "prima.surveys.kiosk"
COOKIE_AGE = 400 * 24 * 60 * 60


def _service_of(found: queries.CitizenForm, service_pk: int | None) -> Service | None:
    if service_pk is None:
        return None
    service = found.service(service_pk)
    if service is None:
        raise Http404
    return service


def _device_id(request: HttpRequest) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT) or ""


def _kiosk_of(request: HttpRequest) -> Kiosk | None:
    value = request.get_signed_cookie(KIOSK_COOKIE, default="", salt=KIOSK_SALT) or ""
    kiosk_id, _sep, secret = value.partition(":")
    if not kiosk_id.isdigit():
        return None
    return actions.kiosk_for_device(int(kiosk_id), secret)


def _form(
    found: queries.CitizenForm, service: Service | None, data: Any = None, token: str = ""
) -> ResponseForm:
    return ResponseForm(
        data,
        service=service,
        order=found.order,
        extra_questions=found.extra_questions,
        services=found.services,
        initial={"token": token},
    )


def _page(
    request: HttpRequest,
    *,
    unit: ServiceUnit,
    service: Service | None,
    period: SurveyPeriod,
    form: ResponseForm,
    kiosk: Kiosk | None,
    notice: str = "",
    status: int = 200,
    version: str = "",
) -> HttpResponse:
    context = {
        "version": version,
        "unit": unit,
        "service": service,
        "period": period,
        "form": form,
        "kiosk": kiosk,
        "notice": notice,
        "honeypot": HONEYPOT,
        "idle_seconds": settings.PRIMA_KIOSK_IDLE_SECONDS,
        "action": request.path,
    }
    if not form.is_bound:
        context["questionnaire_html"] = _blank_questionnaire(request, service, form)
    template = "surveys/kiosk.html" if kiosk else "surveys/respond.html"
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)  # every form carries its own single-use token
    if not kiosk and not _device_id(request):
        response.set_signed_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            salt=DEVICE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


_TOKEN_SLOT = "prima-form-token-slot"


def _blank_questionnaire(request: HttpRequest, service: Service | None, form: ResponseForm) -> str:
    """The blank questionnaire's HTML with this form's token. Every citizen of a unit gets the
    same questions, so the rendering (the costly part of the page) is cached in the shared
    cache under a key that changes with anything shown: language, question order, extra
    questions, services and address."""
    services = (
        [(s.pk, s.name) for s in form.services.values()]
        if service is None
        else [(service.pk, service.name)]
    )
    shown = repr(
        (
            request.LANGUAGE_CODE,  # type: ignore[attr-defined]
            request.path,
            form.order,
            [(q.pk, q.text, q.kind, q.choices) for q in form.extra_questions],
            services,
        )
    )
    key = "skm-form:" + hashlib.sha256(shown.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        blank = ResponseForm(
            None,
            service=service,
            order=form.order,
            extra_questions=form.extra_questions,
            services=tuple(form.services.values()),
            initial={"token": _TOKEN_SLOT},
        )
        html = render_to_string(
            "surveys/_questionnaire.html", {"form": blank, "action": request.path}
        )
        cache.set(key, html, timeout=300)
    return mark_safe(html.replace(_TOKEN_SLOT, escape(form.initial.get("token", ""))))  # noqa: S308 - rendered by our template; the token is escaped


def _closed(request: HttpRequest, unit: ServiceUnit, service: Service | None) -> HttpResponse:
    context = {"unit": unit, "service": service, "latest": queries.latest_published(unit)}
    return render(request, "surveys/closed.html", context)


def _new_token(
    unit: ServiceUnit, period: SurveyPeriod, service: Service | None, kiosk: Kiosk | None
) -> str:
    return tokens.issue(
        unit=unit.pk,
        period=period.pk,
        service=service.pk if service else None,
        kiosk=kiosk.pk if kiosk else None,
    )


def _questionnaire(
    request: HttpRequest,
    found: queries.CitizenForm,
    service: Service | None,
    kiosk: Kiosk | None,
    invitation: SurveyInvitation | None = None,
) -> HttpResponse:
    unit = found.unit
    today = timezone.now().astimezone(unit.region.zoneinfo).date()
    period = found.open_period(service, today)
    if period is None:
        return _closed(request, unit, service)

    def show(form: ResponseForm, notice: str = "", status: int = 200) -> HttpResponse:
        assert period is not None
        return _page(
            request,
            unit=unit,
            service=service,
            period=period,
            form=form,
            kiosk=kiosk,
            notice=notice,
            status=status,
            version=outbox.questionnaire_version(found) if kiosk else "",
        )

    if request.method != "POST":
        return show(_form(found, service, token=_new_token(unit, period, service, kiosk)))

    if kiosk is None and ratelimit.hit(
        "survey", client_ip(request), limit=settings.PRIMA_SURVEY_RATE_PER_MINUTE
    ):
        response = show(
            _form(found, service, request.POST),
            _(
                "Many answers were sent from your network in the last minute. Your answers are "
                "kept below: please wait a minute and press Send again."
            ),
            429,
        )
        response["Retry-After"] = "60"
        return response

    token = tokens.read(request.POST.get("token", ""))
    form = _form(found, service, request.POST)
    if token is None or token.unit != unit.pk or token.kiosk != (kiosk.pk if kiosk else None):
        fresh = request.POST.copy()
        fresh["token"] = _new_token(unit, period, service, kiosk)
        form = _form(found, service, fresh)
        form.is_valid()
        return show(
            form,
            _(
                "This form had expired. Your answers are kept below: please check them and "
                "press Send again."
            ),
            400,
        )
    if not form.is_valid():
        return show(form, status=400)

    flags: list[str] = []
    if form.cleaned_data.get(HONEYPOT):
        flags.append(SurveyResponse.Flag.HONEYPOT)
    seconds = token.seconds_since_issued(time.time())
    if seconds < settings.PRIMA_SURVEY_MIN_SECONDS:
        flags.append(SurveyResponse.Flag.TOO_FAST)
    # A form drawn for a period that has closed since goes to the period open now: the citizen
    # answered about today's service.
    chosen_service = service or form.chosen_service()
    period = found.open_period(chosen_service, today) or period  # a picked service's own
    submission = {
        "answers": form.answers(),
        "channel": SurveyResponse.Channel.KIOSK if kiosk else SurveyResponse.Channel.WEB,
        "submission_key": token.nonce,
        "service": chosen_service,
        "profile": form.profile(),
        "suggestion": form.cleaned_data.get("suggestion", ""),
        "extra": form.extra_answers(),
        "device": "" if kiosk else _device_id(request),
        "kiosk": kiosk,
        "fill_seconds": seconds,
        "flags": flags,
    }
    if invitation:
        submission["channel"] = invitation.channel  # the answer came through the link's channel
    # An invitation is used up in the transaction that stores its answer; another answer that
    # used it first rolls this one back (invitations.use raises InvitationUsed).
    with transaction.atomic() if invitation else nullcontext():
        try:
            stored = submit_response(period, only_if_open=True, **submission)
        except PeriodClosed:
            # The cached copy of the unit's periods was behind: read them again.
            queries.forget_citizen_forms(instance=unit)
            period = open_period_for(unit, chosen_service)
            if period is None:
                return _closed(request, unit, service)
            stored = submit_response(period, **submission)
        if invitation:
            invitations.use(invitation, stored)
    if kiosk:
        return redirect("surveys:kiosk_thanks", code=unit.code)
    return HttpResponseRedirect(reverse("surveys:thanks", args=[unit.code]), status=303)


# --- citizen pages --------------------------------------------------------------------------
@retry_safe  # the answer is unique on its form's nonce (submission.submit_response)
@csrf_exempt  # the signed single-use form token is this form's CSRF token (tokens.py)
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, code: str, service_pk: int | None = None) -> HttpResponse:
    """The questionnaire for a unit, or for one of its services."""
    found = queries.citizen_form(code)
    return _questionnaire(request, found, _service_of(found, service_pk), kiosk=None)


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_public_unit(code)
    context = {"unit": unit, "latest": queries.latest_published(unit), "kiosk": None}
    return render(request, "surveys/thanks.html", context)


@retry_safe  # as respond()
@csrf_exempt  # as respond()
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    """The questionnaire on an enrolled tablet at the counter: large targets, no navigation,
    back to a blank form after each answer or when left idle."""
    found = queries.citizen_form(code)
    unit = found.unit
    device = _kiosk_of(request)
    if device is None or device.unit_id != unit.pk:
        return render(
            request,
            "surveys/kiosk_refused.html",
            {"unit": unit, "enrolled_elsewhere": device},
            status=403,
        )
    return _questionnaire(request, found, None, kiosk=device)


def kiosk_thanks(request: HttpRequest, code: str) -> HttpResponse:
    found = queries.citizen_form(code)
    unit = found.unit
    device = _kiosk_of(request)
    if device is None or device.unit_id != unit.pk:
        return redirect("surveys:kiosk", code=unit.code)
    context = {
        "unit": unit,
        "latest": queries.latest_published(unit),
        "kiosk": device,
        "reset_seconds": 8,
        "restart": reverse("surveys:kiosk", args=[unit.code]),
    }
    return render(request, "surveys/thanks.html", context)


# --- the offline kiosk (ADR 0018) -------------------------------------------------------------
KIOSK_ICON_SIZES = (192, 512)


def _kiosk_static() -> list[str]:
    """The files the kiosk's pages load, kept by its service worker for use offline."""
    names = ["prima/prima.css", "prima/kiosk.js", "prima/kiosk-outbox.js", "prima/counter.js"]
    names += ["prima/favicon.svg", *(f"prima/kiosk-icon-{size}.png" for size in KIOSK_ICON_SIZES)]
    return [static(name) for name in names]


def kiosk_manifest(request: HttpRequest, code: str) -> HttpResponse:
    """The web app manifest that lets an enrolled tablet install the kiosk as an app, limited
    to the kiosk's own address. Public, as browsers fetch it without cookies: it says nothing
    the unit's public page does not."""
    unit = queries.citizen_form(code).unit
    start = reverse("surveys:kiosk", args=[unit.code])
    manifest = {
        "name": f"{_('Satisfaction survey')} — {unit.name}",
        "short_name": _("Survey"),
        "lang": request.LANGUAGE_CODE,  # type: ignore[attr-defined]
        "start_url": start,
        "scope": start,
        "id": start,
        "display": "fullscreen",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": "#0b4a7d",
        "icons": [
            {
                "src": static(f"prima/kiosk-icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for size in KIOSK_ICON_SIZES
        ],
    }
    response = HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "no-cache"
    return response


def kiosk_service_worker(request: HttpRequest, code: str) -> HttpResponse:
    """The kiosk's service worker. Served from the kiosk's own address, so that its scope is
    the kiosk and nothing else of the site (prima/surveys/templates/surveys/kiosk_sw.js)."""
    unit = queries.citizen_form(code).unit
    kiosk_path = reverse("surveys:kiosk", args=[unit.code])
    shell = [kiosk_path, reverse("surveys:kiosk_thanks", args=[unit.code]), *_kiosk_static()]
    digest = hashlib.sha256(json.dumps(shell).encode()).hexdigest()[:12]
    context = {
        "cache_name": f"prima-kiosk-{unit.code}-{digest}",
        "cache_prefix": f"prima-kiosk-{unit.code}-",
        "kiosk_path": kiosk_path,
        "shell": json.dumps(shell),
    }
    body = render_to_string("surveys/kiosk_sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new worker is noticed at the next visit
    return response


def _outbox_error(message: str, status: int, reason: str) -> JsonResponse:
    response = JsonResponse({"error": message, "reason": reason}, status=status)
    add_never_cache_headers(response)
    return response


def _same_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.get_host()


@retry_safe  # every answer is unique on its client UUID (prima.surveys.outbox)
@csrf_exempt  # JSON with a custom header from the same origin only: see ADR 0018
@require_http_methods(["POST"])
def kiosk_outbox(request: HttpRequest, code: str) -> JsonResponse:
    """Receive a batch of answers a kiosk queued while offline; one status per answer.

    Refusals of the whole batch (the client keeps every answer and tries again later or shows
    why): 415 unless JSON, 403 without the kiosk header, from another site, or from a device
    that is not an enrolled, active kiosk of this unit; 413 and 400 for a body too big or not
    a batch; 429 past PRIMA_KIOSK_OUTBOX_RATE_PER_MINUTE batches a minute."""
    if request.content_type != "application/json":
        return _outbox_error(_("Send the answers as JSON."), 415, "content_type")
    if request.headers.get("X-Prima-Kiosk") != "1" or not _same_origin(request):
        return _outbox_error(_("Only the kiosk's own page may send answers."), 403, "origin")
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > outbox.MAX_BODY_BYTES:
        return _outbox_error(_("This batch is too big; send fewer answers at once."), 413, "size")
    try:
        found = queries.citizen_form(code)
    except Http404:
        return _outbox_error(_("There is no such unit."), 404, "unit")
    device = _kiosk_of(request)
    if device is None or device.unit_id != found.unit.pk:
        return _outbox_error(
            _(
                "This device is not an enrolled kiosk of this unit. The answers stay on the "
                "tablet: ask an officer to enrol it again."
            ),
            403,
            "not_enrolled",
        )
    if ratelimit.hit(
        "kiosk-outbox", str(device.pk), limit=settings.PRIMA_KIOSK_OUTBOX_RATE_PER_MINUTE
    ):
        response = _outbox_error(_("Too many batches; try again in a minute."), 429, "rate")
        response["Retry-After"] = "60"
        return response
    body = request.body
    if len(body) > outbox.MAX_BODY_BYTES:
        return _outbox_error(_("This batch is too big; send fewer answers at once."), 413, "size")
    try:
        sent_at, items = outbox.read_batch(body)
    except outbox.BatchError as error:
        return _outbox_error(str(error), 400, "batch")
    received_at = timezone.now()
    results = outbox.receive_batch(
        found=found, kiosk=device, sent_at=sent_at, items=items, received_at=received_at
    )
    response = JsonResponse(
        {
            "version": outbox.questionnaire_version(found),
            "received_at": received_at.isoformat(),
            "results": [result.as_json() for result in results],
        }
    )
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
def kiosk_enrol(request: HttpRequest) -> HttpResponse:
    """Enrol this browser as a unit's kiosk with the one-time code an officer created."""
    form = EnrolKioskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolled = actions.enrol_kiosk(form.cleaned_data["code"])
        if enrolled is None:
            form.add_error(
                "code",
                _(
                    "This code is not valid: it may have been used already or expired. "
                    "Ask for a new one."
                ),
            )
        else:
            device, secret = enrolled
            response = redirect("surveys:kiosk", code=device.unit.code)
            response.set_signed_cookie(
                KIOSK_COOKIE,
                f"{device.pk}:{secret}",
                salt=KIOSK_SALT,
                max_age=COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(request, "surveys/kiosk_enrol.html", {"form": form})


def qr_code(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The QR code of a unit's (or a service's) survey address, as SVG or PNG."""
    if fmt not in {"svg", "png"}:
        raise Http404
    found = queries.citizen_form(code)
    unit = found.unit
    service = _service_of(found, int_param(request.GET.get("service")))
    url = queries.survey_url(request, unit, service)
    from prima.lib import qr

    if fmt == "svg":
        body, content_type = qr.svg(url), "image/svg+xml"
    else:
        body, content_type = qr.png(url, scale=int(request.GET.get("scale", 10) or 10)), "image/png"
    response = HttpResponse(body, content_type=content_type)
    name = f"skm-{unit.code}{'-' + str(service.pk) if service else ''}.{fmt}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


def poster(request: HttpRequest, code: str) -> HttpResponse:
    """A printable A4 poster inviting service users to the survey, with its QR code."""
    found = queries.citizen_form(code)
    unit = found.unit
    service = _service_of(found, int_param(request.GET.get("service")))
    from prima.surveys import reports

    body = reports.poster_pdf(
        unit=unit,
        service=service,
        url=queries.survey_url(request, unit, service),
        # What the form asks: the nine elements, then the unit's own questions.
        questions=len(found.order) + len(found.extra_questions),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-skm-{unit.code}.pdf"'
    return response


@replica_reads
def results(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's published survey results and what was done about them ("you said, we did"),
    newest first: each element in words, the follow-up plan, and the improvements that closed
    complaints led to."""
    unit = get_public_unit(code)
    context = {
        "unit": unit,
        "periods": queries.public_results(unit),
        "improvements": public_improvements(unit),
    }
    return render(request, "surveys/public_results.html", context)


# --- SKM by message: the single-use link sent after a service (issue 25) ---------------------
@retry_safe  # as respond(); a resend of the form that used the link stores nothing new
@csrf_exempt  # as respond()
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The unit's questionnaire opened from a link sent by SMS or WhatsApp: the answer takes
    the link's channel and uses the link up."""
    found_invitation = invitations.get_invitation(token)
    found = queries.citizen_form(found_invitation.unit.code)
    unit = found.unit
    service = found.service(found_invitation.service_id) if found_invitation.service_id else None
    sending = request.method == "POST"
    context = {"unit": unit, "service": service, "survey_url": queries.survey_path(unit, service)}
    # A used link still takes the resend of the form that used it (which stores nothing new).
    if found_invitation.used_at is not None and not sending:
        return render(request, "surveys/invitation_used.html", context, status=410)
    if invitations.is_expired(found_invitation, sending=sending):
        return render(request, "surveys/invitation_expired.html", context, status=410)
    try:
        return _questionnaire(request, found, service, kiosk=None, invitation=found_invitation)
    except invitations.InvitationUsed:
        return render(request, "surveys/invitation_used.html", context, status=410)
