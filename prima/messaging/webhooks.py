"""The providers' webhooks (public, no session, no CSRF token: the signature is the proof):
/hooks/whatsapp/ and /hooks/sms/. ADR 0019.

- A signature missing or wrong: 403, nothing stored. A stale timestamp (SMS gateway): 403.
- A body that is not what the provider sends: 400; larger than allowed: 413.
- A message id seen before (a provider's retry or a replay): 200, nothing done.
- Otherwise 200 once every message is recorded and answered (the replies go out after commit;
  a provider that fails or times out is recorded on the message, never a 500 here). Only a
  database that is down answers 503, so that the provider delivers again later.
"""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from prima.messaging import dispatcher, outbox
from prima.messaging.adapters import Malformed, Refused, TooLarge, adapter_for, is_console
from prima.messaging.models import Channel

log = logging.getLogger(__name__)


def _answer(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"ok": status == 200, "reason": reason}, status=status)


def _receive(request: HttpRequest, channel: str) -> HttpResponse:
    if is_console(channel):
        return _answer(404, "no provider is configured for this channel")
    try:
        batch = adapter_for(channel).read_webhook(request)
    except Refused as error:
        log.warning("webhook refused", extra={"channel": channel, "reason": str(error)})
        return _answer(403, str(error))
    except TooLarge:
        return _answer(413, "body too large")
    except Malformed as error:
        return _answer(400, str(error))
    try:
        for message in batch.messages:
            dispatcher.receive(
                channel=channel,
                number=message.number,
                text=message.text,
                provider_id=message.provider_id,
                at=message.at,
                kind=message.kind,
            )
        for report in batch.statuses:
            outbox.record_status(channel, report)
    except DatabaseError:
        log.exception("webhook could not be stored", extra={"channel": channel})
        return _answer(503, "try again later")
    except Exception:  # a bug must not make the provider retry for ever, nor show a 500
        log.exception("webhook failed", extra={"channel": channel})
    return _answer(200, "")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _verify(request)
    return _receive(request, Channel.WHATSAPP)


def _verify(request: HttpRequest) -> HttpResponse:
    """Meta's subscription check: echo hub.challenge when hub.verify_token is ours."""
    expected = settings.PRIMA_WHATSAPP_VERIFY_TOKEN
    given = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if (
        is_console(Channel.WHATSAPP)
        or not expected
        or request.GET.get("hub.mode") != "subscribe"
        or not hmac.compare_digest(given.encode(), expected.encode())
    ):
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    if not challenge.isascii() or not challenge.isalnum() or len(challenge) > 100:
        return HttpResponse("bad challenge", status=400, content_type="text/plain")
    return HttpResponse(challenge, content_type="text/plain")


@csrf_exempt
@require_POST
def sms(request: HttpRequest) -> HttpResponse:
    return _receive(request, Channel.SMS)
