"""A generic SMS gateway over HTTP: the small contract most Indonesian SMS gateways (or a
small bridge in front of one) can meet. docs/deploy.md, "Connecting SMS and WhatsApp".

- Sending: `POST PRIMA_SMS_GATEWAY_URL` with `Authorization: Bearer PRIMA_SMS_GATEWAY_TOKEN`
  and `{"to": "+62812…", "text": "…"}`; the answer `{"id": "<gateway's message id>"}`.
- Receiving: the gateway POSTs JSON to /hooks/sms/ — a message `{"id", "from", "to", "text",
  "timestamp"}` or a delivery report `{"type": "status", "message_id", "status"}` — with
  `X-Prima-Timestamp` (Unix seconds) and `X-Prima-Signature`: the hex HMAC-SHA256, keyed with
  PRIMA_SMS_GATEWAY_SECRET, of `<timestamp>.<raw body>`. A timestamp more than 300 seconds from
  Prima's clock is a replay and refused; a message id seen before is ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from prima.lib.text import strip_control
from prima.messaging.adapters.base import (
    Adapter,
    Batch,
    Malformed,
    Message,
    Refused,
    Replayed,
    SendError,
    StatusReport,
    load_json,
    post_json,
    read_body,
)
from prima.messaging.models import Channel

TOLERANCE = 300  # seconds either side of Prima's clock


def signature(timestamp: str, body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class SmsGateway(Adapter):
    name = "sms_gateway"

    def __init__(self, channel: str = Channel.SMS) -> None:
        super().__init__(channel)

    def send_text(self, number: str, text: str) -> str:
        answer = post_json(
            settings.PRIMA_SMS_GATEWAY_URL,
            {"to": number, "text": text},
            token=settings.PRIMA_SMS_GATEWAY_TOKEN,
        )
        if not answer.get("id"):
            raise SendError("the answer names no message id")
        return str(answer["id"])[:128]

    def send_template(self, number: str, template: str, params: list[str], language: str) -> str:
        raise SendError("SMS has no templates")  # the caller sends plain text by SMS

    def read_webhook(self, request: HttpRequest) -> Batch:
        secret = settings.PRIMA_SMS_GATEWAY_SECRET
        stamp = request.headers.get("X-Prima-Timestamp", "")
        given = request.headers.get("X-Prima-Signature", "")
        if not secret or not stamp or not given:
            raise Refused("signature missing")
        body = read_body(request)
        if not hmac.compare_digest(signature(stamp, body, secret), given.lower()):
            raise Refused("signature does not match")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > TOLERANCE:
            raise Replayed("timestamp outside the window")
        data = load_json(body)
        if not isinstance(data, dict):
            raise Malformed("not an object")
        try:
            return _batch(data)
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise Malformed("unexpected shape") from error


def _batch(data: dict[str, Any]) -> Batch:
    if data.get("type") == "status":
        return Batch(
            statuses=[
                StatusReport(
                    provider_id=str(data["message_id"]),
                    status=str(data["status"]),
                    error=str(data.get("error", ""))[:300],
                )
            ]
        )
    if not isinstance(data["text"], str) or not str(data["id"]):
        raise ValueError("text and id")
    return Batch(
        messages=[
            Message(
                provider_id=str(data["id"])[:128],
                number=str(data["from"]),
                text=strip_control(data["text"]),
                at=dt.datetime.fromtimestamp(int(data["timestamp"]), tz=dt.UTC),
            )
        ]
    )
